"""Development: DEBUG on, e-mail to the console, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

PORTAL_ENVIRONMENT = "dev"

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
INTERNAL_IPS = ["127.0.0.1"]
# Templates change while you work; set PAGE_CACHE_ENABLED=true to try the page cache.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=False)  # noqa: F405
