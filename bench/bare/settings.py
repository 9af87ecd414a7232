"""The bare stack: Django + django-ninja + granian, one endpoint inserting two rows.

Same database settings as Kefu (WAL/IMMEDIATE on SQLite, persistent connections on
PostgreSQL), so the ratio Kefu / bare measures what Kefu's intake costs.
"""

import os

import dj_database_url

SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "bench.bare.bareapp"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.bare.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
_db = dict(dj_database_url.parse(os.environ["DATABASE_URL"]))
if _db["ENGINE"].endswith("sqlite3"):
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
else:
    _db["CONN_MAX_AGE"] = 300
DATABASES = {"default": _db}
