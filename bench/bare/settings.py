"""The bare stack: Django + django-ninja + granian, one endpoint inserting two rows.

Same database settings as Kefu (WAL/IMMEDIATE on SQLite, persistent connections on
PostgreSQL), so the ratio Kefu / bare measures what Kefu's intake costs. With
BARE_DATABASE_SETTINGS=django-defaults, Django's defaults instead (what the issue's "about
400/s" ceiling was measured with, by its figures: bench_http.py --bare-settings).
"""

import os

import dj_database_url

SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# What `django-admin startproject` gives: the default apps and middleware.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "bench.bare.bareapp",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.bare.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
_db = dict(dj_database_url.parse(os.environ["DATABASE_URL"]))
if os.environ.get("BARE_DATABASE_SETTINGS") == "django-defaults":
    pass  # what `startproject` gives: a connection per request, SQLite's rollback journal
elif _db["ENGINE"].endswith("sqlite3"):
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
else:
    _db["CONN_MAX_AGE"] = 300
DATABASES = {"default": _db}
