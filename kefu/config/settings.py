"""Kefu settings: every value comes from the environment (see docs/operations.md)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


KEFU_ENV = os.environ.get("KEFU_ENV", "development")
DATA_DIR = Path(os.environ.get("KEFU_DATA_DIR", "./var")).resolve()
DEBUG = env_bool("KEFU_DEBUG", False)
SECRET_KEY = os.environ.get("KEFU_SECRET_KEY", "")
if not SECRET_KEY:
    if KEFU_ENV == "production":
        raise RuntimeError("KEFU_SECRET_KEY must be set when KEFU_ENV=production")
    SECRET_KEY = "kefu-development-only-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env_list("KEFU_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("KEFU_CSRF_TRUSTED_ORIGINS", "")
KEFU_BASE_URL = os.environ.get("KEFU_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
KEFU_MAIL_DOMAIN = os.environ.get("KEFU_MAIL_DOMAIN", "kefu.localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "kefu.common",
    "kefu.accounts",
    "kefu.platforms",
    "kefu.tickets",
    "kefu.channels",
    "kefu.sla",
    "kefu.portal",
    "kefu.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kefu.config.urls"
WSGI_APPLICATION = "kefu.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:after_login"
LOGOUT_REDIRECT_URL = "portal:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database_from_url(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "kefu.common.db.sqlite"
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on busy_timeout instead of failing with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
        # Tests use a real file (not shared-cache memory) so concurrency behaves as in production.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-kefu.sqlite3")}
    # Persistent connections (one per server thread): opening a PostgreSQL connection per
    # request costs more than the whole ticket intake, and on SQLite the open, the four
    # PRAGMAs and the close cost about as much as the intake's SQL (docs/benchmarks.md).
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that polls the socket first (ADR 0005).
        config["ENGINE"] = "kefu.common.db.postgresql"
    if config["ENGINE"] == "kefu.common.db.postgresql" and env_bool(
        "KEFU_PG_SERVER_SIDE_BINDING", True
    ):
        # Parameters bound by the server, and a statement run 5 times on a connection is
        # prepared (Django leaves psycopg's prepare threshold off unless given): the hot paths
        # repeat the same SQL text, so PostgreSQL skips parsing and planning — intake CPU
        # 6.4–8.2 → 4.3–5.2 ms in one process. Turn off behind PgBouncer in transaction mode
        # older than 1.21 (docs/operations.md); restart servers after `kefu migrate`.
        config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
    config["CONN_MAX_AGE"] = int(os.environ.get("KEFU_CONN_MAX_AGE", "300"))
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'kefu.sqlite3'}")
DATABASES = {"default": _database_from_url(DATABASE_URL)}
if test_url := os.environ.get("KEFU_TEST_DATABASE_URL"):
    DATABASES = {"default": _database_from_url(test_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if redis_url := os.environ.get("KEFU_REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kefu_cache",
        }
    }
# Per-process memory for values that can never go stale (their keys carry a version), so a
# cache miss costs no database write.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kefu-local",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("KEFU_TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files"), "base_url": "/files/"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and KEFU_ENV == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Request size limits: a complaint body is text; evidence goes through the upload limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Channels (docs/channels.md).
KEFU_TELEGRAM_API_BASE = os.environ.get("KEFU_TELEGRAM_API_BASE", "https://api.telegram.org")
KEFU_WEBHOOK_ALLOW_PRIVATE = env_bool("KEFU_WEBHOOK_ALLOW_PRIVATE", False)
KEFU_MAIL_ACK_PER_HOUR = int(os.environ.get("KEFU_MAIL_ACK_PER_HOUR", "20"))
# Due tickets handled per sweep transaction (see docs/benchmarks.md).
KEFU_SLA_SWEEP_BATCH = int(os.environ.get("KEFU_SLA_SWEEP_BATCH", "10000"))
KEFU_ATTACHMENT_MAX_BYTES = int(os.environ.get("KEFU_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))


def _networks(value: str) -> list[str]:
    items = [item.strip() for item in value.split(",") if item.strip()]
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"KEFU_TRUSTED_PROXIES: {item!r} is not an IP address or network"
            ) from None
    return items


# How long each process may answer intake with a platform row it read (is it active, its
# SLA policy and time zone), instead of reading it for every new ticket. Saving a platform
# clears this process's copy at once; other processes see the change within this time.
KEFU_PLATFORM_CACHE_SECONDS = float(os.environ.get("KEFU_PLATFORM_CACHE_SECONDS", "5"))
# Reverse proxies whose X-Forwarded-For names the client (kefu.common.clients).
# Loopback by default: a peer on the same host can only be a local reverse proxy, and the
# deployment in docs/operations.md puts nginx/caddy there.
KEFU_TRUSTED_PROXIES = _networks(os.environ.get("KEFU_TRUSTED_PROXIES", "127.0.0.1,::1"))
# Tickets one client address may file through the portal or the API without a staff token,
# per window (0: no limit). Staff, e-mail and chat intakes have their own rules.
KEFU_INTAKE_PER_CLIENT = int(os.environ.get("KEFU_INTAKE_PER_CLIENT", "20"))
KEFU_INTAKE_WINDOW_SECONDS = int(os.environ.get("KEFU_INTAKE_WINDOW_SECONDS", "600"))
# Counted in Redis when there is one (exact across processes); else in each process's memory,
# so with N web processes a client may file up to N times the limit (no database write on the
# intake path for it).
KEFU_INTAKE_LIMIT_CACHE = "default" if os.environ.get("KEFU_REDIS_URL") else "ratelimit"
# Its own memory, so that a client cycling through addresses evicts counters, not the cached
# ticket answers of "local".
CACHES["ratelimit"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kefu-ratelimit",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "127.0.0.1"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("KEFU_FROM_EMAIL", f"support@{KEFU_MAIL_DOMAIN}")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if KEFU_ENV == "production":
    SESSION_COOKIE_SECURE = env_bool("KEFU_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Structured logs; request bodies are never logged (django.request logs only the path).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "kv": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"secrets": {"()": "kefu.common.logfilter.MaskSecretsInPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "kv", "filters": ["secrets"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KEFU_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

NINJA_PAGINATION_PER_PAGE = 25
KEFU_DEMO_NOTICE = _(
    "Complaining is free. Staff never ask for seed phrases, private keys, passwords or fees."
)
