"""`make demo` / local development: DEBUG on, a fixed development key (never used in production)."""

from __future__ import annotations

from tokumei.web.core.env import read_deployment

from .base import *  # noqa: F403
from .base import DEPLOYMENT

DEBUG = read_deployment(debug_default=True).debug
SECRET_KEY = DEPLOYMENT.secret_key or "dev-only-insecure-key-for-make-demo-not-for-production-use"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _demo_data_key() -> str:
    """`make demo` only: a key kept beside the demo data (never do this in production; docs/security.md)."""
    from tokumei.delivery import generate_key

    path = DEPLOYMENT.data_dir / "demo-only-data-key.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_key(), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


DATA_KEY = DEPLOYMENT.data_key or _demo_data_key()
