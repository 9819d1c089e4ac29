"""The local-memory cache of ``make run`` (and of the tests) is big enough for the demo portal:
reading every page in both languages evicts nothing that is read again."""

import re

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

pytestmark = pytest.mark.django_db


class RecordingLocMemCache(LocMemCache):
    """Django's local-memory cache, remembering the keys (and versions) written to it and
    those deleted on purpose (an eviction goes through neither ``delete`` nor
    ``delete_many``)."""

    written = set()
    deleted = set()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.written.add((key, version))
        return super().add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.written.add((key, version))
        return super().set(key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self.written.update((key, version) for key in data)
        return super().set_many(data, timeout, version)

    def delete(self, key, version=None):
        self.deleted.add((key, version))
        return super().delete(key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self.deleted.update((key, version) for key in keys)
        return super().delete_many(keys, version)


def sitemap_paths(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    return [re.sub(r"^https?://[^/]+", "", url) for url in urls]


def test_reading_every_page_of_the_demo_portal_twice_evicts_nothing(client, demo_content, settings):
    settings.CACHES = {
        "default": {
            **settings.LOCAL_MEMORY_CACHE,
            "BACKEND": f"{__name__}.RecordingLocMemCache",
            "LOCATION": "portal-sizing",
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    RecordingLocMemCache.written.clear()
    RecordingLocMemCache.deleted.clear()
    paths = sitemap_paths(client)
    assert {path[:4] for path in paths} == {"/de/", "/en/"}

    first = {path: client.get(path) for path in paths}
    assert {response.status_code for response in first.values()} == {200}
    second = {path: client.get(path) for path in paths}

    assert [path for path, response in second.items() if response["X-Page-Cache"] != "HIT"] == []
    evicted = [
        key
        for key, version in RecordingLocMemCache.written - RecordingLocMemCache.deleted
        if not cache.has_key(key, version=version)
    ]
    assert evicted == []
    # Room for a second generation beside this one (after a publish, the pages of the old one
    # stay until they are the least recently used).
    assert (
        2 * len(RecordingLocMemCache.written)
        <= settings.LOCAL_MEMORY_CACHE["OPTIONS"]["MAX_ENTRIES"]
    )
