"""Production settings: HTTPS only, HSTS, secure and HttpOnly cookies, strict headers."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

SCRIPT = r"""
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client

http = Client().get("/robots.txt")
https = Client().get("/robots.txt", secure=True)
health = Client().get("/healthz")
print(json.dumps({
    "settings": {
        "DEBUG": s.DEBUG,
        "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
        "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
        "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
        "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
        "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
        "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
        "TASKS": s.TASKS["default"]["BACKEND"],
    },
    "http": {"status": http.status_code, "location": http.get("Location", "")},
    "health_over_http": health.status_code,
    "https_headers": {k: v for k, v in https.items()},
}))
"""


@pytest.fixture(scope="module")
def production():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:////nonexistent-directory/db.sqlite3",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cookies_are_secure_and_http_only(production):
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


def test_plain_http_is_redirected_to_https_except_the_health_check(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"].startswith("https://")
    assert production["health_over_http"] != 301  # load balancers probe over HTTP


def test_https_responses_carry_the_security_headers(production):
    headers = production["https_headers"]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_static_files_are_compressed_and_background_work_is_queued(production):
    assert production["settings"]["STATICFILES"].startswith("whitenoise.")
    assert production["settings"]["TASKS"] == "django_tasks_db.DatabaseBackend"
