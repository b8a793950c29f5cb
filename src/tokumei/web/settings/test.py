"""The test suite: fast hashing, immediate tasks, DATABASE_URL selects PostgreSQL (SQLite otherwise)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import DEPLOYMENT

SECRET_KEY = DEPLOYMENT.secret_key or "test-only-insecure-key-for-the-test-suite-000000"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
DATA_KEY = "dGVzdC1vbmx5LWtleS0tLS0tLS0tLS0tLS0tLS0tLS0="  # 32 bytes, tests only
