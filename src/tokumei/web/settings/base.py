"""Settings shared by every environment. Environment files (dev, test, prod) hold only differences."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from tokumei.web.core.env import Deployment, read_deployment

WEB_DIR = Path(__file__).resolve().parent.parent

DEPLOYMENT: Deployment = read_deployment()
DATA_DIR = DEPLOYMENT.data_dir
# The installation's own organization profiles (<id>.yaml), besides the built-in ones: DATA_DIR/profiles unless
# TOKUMEI_PROFILE_DIR says otherwise (ADR 0011). Read through tokumei.web.accounts.profiles.
PROFILE_DIR = DEPLOYMENT.profile_dir
# Key of the encryption at rest of created datasets and backups (docs/security.md). None: production refuses to
# store a dataset; the demo settings create a demo-only key.
DATA_KEY = DEPLOYMENT.data_key
DEBUG = DEPLOYMENT.debug
ALLOWED_HOSTS = list(DEPLOYMENT.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "csp",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "tokumei.web.core",
    "tokumei.web.accounts",
    "tokumei.web.records",
    "tokumei.web.register",
    "tokumei.web.solicitations",
    "tokumei.web.proposals",
    "tokumei.web.production",
    "tokumei.web.contracts",
    "tokumei.web.supervision",
    "tokumei.web.reviews",
    "tokumei.web.retention",
    "tokumei.web.legacy",
    "tokumei.web.portal",
    "tokumei.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tokumei.web.accounts.two_factor.RequireSecondFactorMiddleware",
    "tokumei.web.core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Strict Content-Security-Policy: every asset is served by tokumei itself (closed networks, no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Login throttling: after this many failures for one user name or one address within the window, refuse.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15
# Optional TOTP two-factor login (django-otp): staff with a confirmed device must enter its code after the
# password; STAFF_REQUIRE_2FA=1 makes every staff member set one up first.
STAFF_REQUIRE_2FA = DEPLOYMENT.require_two_factor
OTP_TOTP_ISSUER = "tokumei"
OTP_TOTP_THROTTLE_FACTOR = 1

ROOT_URLCONF = "tokumei.web.urls"
WSGI_APPLICATION = "tokumei.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tokumei.web.accounts.context.staff_context",
            ],
        },
    },
]


def database_from(deployment: Deployment) -> dict[str, object]:
    """PostgreSQL (production) when DATABASE_URL is set, else SQLite under DATA_DIR (the embedded default)."""
    url = deployment.database_url or f"sqlite:///{deployment.data_dir / 'tokumei.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    config["ATOMIC_REQUESTS"] = False
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    else:
        # One PostgreSQL connection per server thread, kept for a minute and checked before reuse: opening a
        # connection per request cost a few milliseconds of every page (docs/benchmarks.md, load test).
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from(DEPLOYMENT)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "files"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Organizations' own Word templates: <DOCUMENT_TEMPLATES_DIR>/<profile id>/<document kind>.docx replaces the
# built-in DOCX of that document (tokumei/documents/README.md); absent → built-in.
DOCUMENT_TEMPLATES_DIR = DATA_DIR / "templates"
DATA_UPLOAD_MAX_MEMORY_SIZE = DEPLOYMENT.upload_max_mib * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
