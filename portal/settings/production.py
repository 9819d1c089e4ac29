"""Production: refuses to start without SECRET_KEY, ALLOWED_HOSTS, REDIS_URL and
PORTAL_BASE_URL; HTTPS everywhere."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_REQUIRED = {
    "SECRET_KEY": "",
    "ALLOWED_HOSTS": "",
    # Every gunicorn worker (and every server) must share the page cache, its generation and
    # the rate limits: a local-memory cache holds each page once per worker, counts rate
    # limits per worker, and its generation file reaches the workers of one host only.
    "REDIS_URL": (
        " It names the Redis server shared by all processes (page cache, rate limits),"
        " e.g. redis://127.0.0.1:6379/0."
    ),
    # Links in e-mails, feeds and the sitemap must reach the readers, not the host a request
    # happened to use (or "localhost").
    "PORTAL_BASE_URL": " It is the portal's public address, e.g. https://innovationsportal.example.org.",
}
for _required, _why in _REQUIRED.items():
    if not os.environ.get(_required, "").strip():
        raise ImproperlyConfigured(
            f"The environment variable {_required} must be set for production settings.{_why}"
        )
if not os.environ["REDIS_URL"].strip().startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "REDIS_URL must be a redis://, rediss:// or unix:// URL, e.g. redis://127.0.0.1:6379/0."
    )

from .base import *  # noqa: E402,F403

PORTAL_ENVIRONMENT = "production"

DEBUG = False

# Compressed, cache-busting static files served by whitenoise (run collectstatic on deploy).
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# HTTPS: the app runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# ... and appends the client's address to X-Forwarded-For (portal.client_ip); set the number
# of proxies that do so (0 if the app server is reachable without a proxy).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)  # noqa: F405
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
# Served over HTTPS, the public address must be an https:// one on a public host name (only
# test and benchmark servers on this machine switch the redirect off).
_base_host = urlsplit(PORTAL_BASE_URL).hostname  # noqa: F405
if SECURE_SSL_REDIRECT and (
    not PORTAL_BASE_URL.startswith("https://")  # noqa: F405
    or _base_host == "localhost"
    or _base_host.endswith(".localhost")
    or _base_host.startswith("127.")
    or _base_host in ("::1", "0.0.0.0")
):
    raise ImproperlyConfigured(
        "PORTAL_BASE_URL must be the portal's public https:// address in production, "
        f"e.g. https://innovationsportal.example.org (got {PORTAL_BASE_URL!r})."  # noqa: F405
    )
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

# Persistent database connections under gunicorn.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Background work goes through the database queue; run `manage.py db_worker` beside gunicorn.
TASKS_BACKEND = env("TASKS_BACKEND", default="database").lower()  # noqa: F405
TASKS = task_settings(TASKS_BACKEND)  # noqa: F405

# SMTP unless EMAIL_URL says otherwise.
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")  # noqa: F405
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)  # noqa: F405
