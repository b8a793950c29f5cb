"""Deploy-time settings come from one typed reader, with safe production defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tokumei.web.core.env import ConfigurationError, read_deployment, require_secret_key


def test_defaults_are_safe(tmp_path: Path) -> None:
    d = read_deployment({"DATA_DIR": str(tmp_path)})
    assert d.debug is False
    assert d.database_url is None
    assert d.data_dir == tmp_path.resolve()
    assert d.upload_max_mib == 50


@pytest.mark.parametrize("raw", ["1", "true", "YES", "on"])
def test_debug_true_values(raw: str) -> None:
    assert read_deployment({"DEBUG": raw}).debug is True


def test_bad_boolean_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="DEBUG='maybe'"):
        read_deployment({"DEBUG": "maybe"})


def test_bad_integer_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="UPLOAD_MAX_MIB"):
        read_deployment({"UPLOAD_MAX_MIB": "-3"})


def test_production_requires_a_secret_key() -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        require_secret_key(read_deployment({}))
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        require_secret_key(read_deployment({"SECRET_KEY": "short"}))
    assert require_secret_key(read_deployment({"SECRET_KEY": "x" * 40})) == "x" * 40


def test_production_settings_refuse_to_start_without_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "tokumei.web.settings.prod", "DATA_DIR": str(tmp_path)})
    proc = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "SECRET_KEY is not set" in proc.stderr


def test_production_settings_have_debug_off_and_japanese(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tokumei.web.settings.prod",
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "k" * 50,
        }
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE, s.SESSION_COOKIE_SECURE)"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["False", "ja", "Asia/Tokyo", "True"]
