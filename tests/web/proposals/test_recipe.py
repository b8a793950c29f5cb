"""The recipe stored with a proposal runs through `tokumei assess` unchanged (issue 7 done-criterion)."""

from __future__ import annotations

import json
import warnings

import pytest

with warnings.catch_warnings():
    # typer 0.23 touches click.utils.get_binary_stream, deprecated in click 8.5 (warnings are errors here)
    warnings.simplefilter("ignore", DeprecationWarning)
    from typer.testing import CliRunner

    from tokumei.cli.main import app
from tokumei.engine import load_recipe, read_table

pytestmark = pytest.mark.django_db


def test_stored_recipe_runs_through_assess_unchanged(draft, data_file, tmp_path) -> None:
    recipe_path = tmp_path / "recipe.yaml"
    recipe_path.write_text(draft.recipe_yaml, encoding="utf-8")
    # through the engine API
    recipe = load_recipe(recipe_path)
    frame, _ = read_table(data_file)
    recipe.check(frame.columns)
    assert recipe.person_key == "管理番号"
    assert recipe.sample is not None
    assert recipe.sample.subjects == 1000
    # and through the CLI, exactly as stored
    result = CliRunner().invoke(app, ["assess", str(data_file), "--recipe", str(recipe_path), "--json"])
    assert result.exit_code in (0, 1), result.output  # 0/1 = assessed (targets met or not); 2 = bad recipe
    report = json.loads(result.stdout)
    assert report["subjects_out"] <= 1000
    assert "性別" in report["dropped_columns"]  # not wanted → dropped by deny-by-default
    assert all(report["rule62"][item]["ok"] for item in ("1", "2", "3"))
