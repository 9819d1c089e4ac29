"""Fixtures of the portal tests: the cache the portal runs on."""

import os
import uuid

import pytest
from django.core.cache import cache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """The cache the portal runs on: ``"locmem"`` or ``"redis"``."""
    if request.param == "locmem":
        # The test settings' cache, which tests/conftest.py empties around every test.
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        yield "locmem"
        return
    prefix = f"portal-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backends.ResilientRedisCache",  # as in production
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = cache._cache.get_client(write=True)  # noqa: SLF001 - the real Redis connection
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001 - any connection failure says the same
        pytest.fail(f"Redis at {REDIS_URL} does not answer ({error}); set TEST_REDIS_URL")
    yield "redis"
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
