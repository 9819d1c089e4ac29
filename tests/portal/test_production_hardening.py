"""Production settings: HTTPS only, HSTS, secure and HttpOnly cookies, strict headers, Redis
as the cache."""

import json
import os
import secrets
import subprocess
import sys

import pytest
import redis
from django.conf import settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

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
        "CACHE": s.CACHES["default"]["BACKEND"],
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
        "PORTAL_BASE_URL": "https://portal.example.org",
        "DATABASE_URL": "sqlite:////nonexistent-directory/db.sqlite3",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"portal-test-{secrets.token_hex(8)}",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    try:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*"):
            client.delete(key)
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


def test_the_cache_is_redis_and_survives_its_outages(production):
    assert production["settings"]["CACHE"] == "portal.caching.backends.ResilientRedisCache"


def run_production_check(**env):
    environment = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "PORTAL_BASE_URL")
        },
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "PORTAL_BASE_URL": "https://portal.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_redis():
    result = run_production_check()
    assert result.returncode != 0
    assert "The environment variable REDIS_URL must be set for production settings" in (
        result.stderr
    )
    assert "redis://" in result.stderr


def test_production_settings_refuse_a_redis_url_that_is_not_one():
    result = run_production_check(REDIS_URL="127.0.0.1:6379")
    assert result.returncode != 0
    assert "REDIS_URL must be a redis://, rediss:// or unix:// URL" in result.stderr


@pytest.mark.parametrize("url", ["http://portal.example.org", "https://localhost:8443"])
def test_production_settings_refuse_a_base_url_that_is_not_public_https(url):
    result = run_production_check(REDIS_URL=REDIS_URL, PORTAL_BASE_URL=url)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be the portal's public https:// address" in result.stderr


def test_a_local_test_server_without_the_https_redirect_may_use_a_local_base_url():
    result = run_production_check(
        REDIS_URL=REDIS_URL, PORTAL_BASE_URL="http://localhost:8123", SECURE_SSL_REDIRECT="false"
    )
    assert result.returncode == 0, result.stderr
