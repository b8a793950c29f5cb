"""Production: DEBUG off unless explicitly set, SECRET_KEY required, hardened cookies and static files."""

from __future__ import annotations

from tokumei.web.core.env import require_secret_key

from .base import *  # noqa: F403
from .base import DEPLOYMENT

SECRET_KEY = require_secret_key(DEPLOYMENT)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Static files served by the application itself (no separate web server needed on a small office host).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
