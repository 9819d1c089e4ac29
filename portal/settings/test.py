"""Tests: fast password hashing, e-mail kept in memory, database from DATABASE_URL or SQLite."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PORTAL_ENVIRONMENT = "test"

DEBUG = False
SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789abcdefghijklmnop"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The Django test client's host: links in e-mails and feeds point where the tests ask.
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Each test process keeps its own cache so tests do not see each other's entries.
# (The local-memory cache of `make run`, under a name of its own.)
CACHES = {"default": {**LOCAL_MEMORY_CACHE, "LOCATION": "portal-tests"}}  # noqa: F405

# Most tests change data directly and read pages back; the page cache has its own tests
# (tests/portal/test_page_cache.py) that switch it on.
PAGE_CACHE_ENABLED = False
# One generation file per test process (the SQLite and PostgreSQL passes may overlap).
PAGE_CACHE_GENERATION_FILE = env(  # noqa: F405
    "PAGE_CACHE_GENERATION_FILE",
    default=str(Path(tempfile.gettempdir()) / f"portal-tests-{os.getpid()}.generation"),
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
for _logger in LOGGING["loggers"].values():  # noqa: F405
    _logger["level"] = "WARNING"
