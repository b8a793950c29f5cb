"""One typed reader for every deploy-time value (STYLE.md habit 9).

Settings modules call :func:`read_deployment` once; nothing else reads ``os.environ`` for configuration.
Production refuses to start without ``SECRET_KEY`` (the error says what to set).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    """A deploy-time value is missing or malformed; the message names the variable and what is allowed."""


@dataclass(frozen=True)
class Deployment:
    """Deploy-time values read from the environment, with units in their names."""

    database_url: str | None
    secret_key: str | None
    data_dir: Path
    profile_dir: Path
    """The installation's own organization profiles (``<id>.yaml``), besides the built-in ones (ADR 0011)."""
    debug: bool
    allowed_hosts: tuple[str, ...]
    upload_max_mib: int
    data_key: str | None = None
    require_two_factor: bool = False


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    msg = f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    raise ConfigurationError(msg)


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        msg = f"{name}={raw!r} is not an integer."
        raise ConfigurationError(msg) from None
    if value <= 0:
        msg = f"{name}={raw!r} must be a positive integer."
        raise ConfigurationError(msg)
    return value


def _data_dir(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("DATA_DIR") or "var").expanduser().resolve()


def read_profile_dir(environ: Mapping[str, str] | None = None) -> Path:
    """TOKUMEI_PROFILE_DIR, the directory of the installation's own organization profiles; ``DATA_DIR/profiles``
    by default, made absolute. Read alone by the commands that need no Django (``tokumei fee``, ``org check``)."""
    env = os.environ if environ is None else environ
    raw = env.get("TOKUMEI_PROFILE_DIR")
    if raw is not None and raw.strip():
        return Path(raw.strip()).expanduser().resolve()
    return _data_dir(env) / "profiles"


def read_deployment(environ: Mapping[str, str] | None = None, *, debug_default: bool = False) -> Deployment:
    """Read DATABASE_URL, SECRET_KEY, DATA_DIR, TOKUMEI_PROFILE_DIR, DEBUG, ALLOWED_HOSTS, UPLOAD_MAX_MIB,
    TOKUMEI_DATA_KEY and STAFF_REQUIRE_2FA (every staff member must set up a one-time-password device before
    working).

    ``DATA_DIR`` defaults to ``./var`` (relative to the working directory) and is made absolute;
    ``TOKUMEI_PROFILE_DIR`` defaults to ``DATA_DIR/profiles``.
    """
    env = os.environ if environ is None else environ
    data_dir = _data_dir(env)
    hosts = tuple(h.strip() for h in env.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip())
    return Deployment(
        database_url=env.get("DATABASE_URL") or None,
        secret_key=env.get("SECRET_KEY") or None,
        data_dir=data_dir,
        profile_dir=read_profile_dir(env),
        debug=_bool(env, "DEBUG", debug_default),
        allowed_hosts=hosts,
        upload_max_mib=_int(env, "UPLOAD_MAX_MIB", 50),
        data_key=env.get("TOKUMEI_DATA_KEY") or None,
        require_two_factor=_bool(env, "STAFF_REQUIRE_2FA", False),
    )


def require_secret_key(deployment: Deployment) -> str:
    """Production needs a real secret key; refuse to start without one."""
    key = deployment.secret_key
    if not key or len(key) < 32:
        msg = (
            "SECRET_KEY is not set (or shorter than 32 characters). Production refuses to start without it: "
            "set SECRET_KEY to a long random value, e.g. "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
        raise ConfigurationError(msg)
    return key
