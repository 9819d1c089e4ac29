"""A Redis outage is a cache miss, never an error (``portal.caching.backends``).

Each test starts a private ``redis-server`` on a free port (with an append-only file, so that
a restarted server comes back with its data, as a production Redis with persistence does),
serves pages through it with the page cache on, then kills it (or stops it, for a Redis that
hangs) in the middle of the test and starts it again.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import cache

from blog.models import PortalComment
from home.models import StandardPage
from tests.blog.conftest import comment_url, valid_comment
from tests.conftest import refreshed
from tests.factories import BlogIndexPageFactory, BlogPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

KEY_PREFIX = "portal-outage-test"
# Short, so the tests need not wait long for the process to ask Redis again.
RETRY_AFTER = 0.3


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A ``redis-server`` of the test's own that can be killed, hung and started again."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self):
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {self.port}")
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.resume()
            self.kill()

    def stored_keys(self, pattern="*"):
        return [key.decode() for key in self.client().scan_iter(match=f"{KEY_PREFIX}:{pattern}")]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, redis_server, site):
    """The production cache configuration on the private server, with the page cache on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backends.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": KEY_PREFIX,
            "TIMEOUT": 600,
            "OPTIONS": {**settings.REDIS_CACHE_OPTIONS, "RETRY_AFTER": RETRY_AFTER},
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    return cache


@pytest.fixture
def portal_log(caplog):
    """The records of the portal's loggers (which do not propagate to the root logger)."""
    logger = logging.getLogger("portal")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="portal")
    yield lambda: [record for record in caplog.records if record.name.startswith("portal")]
    logger.removeHandler(caplog.handler)


def wait_for_retry():
    time.sleep(RETRY_AFTER + 0.05)


def test_pages_answer_uncached_while_redis_is_down_and_from_it_again_afterwards(
    client, redis_cache, redis_server, home_de
):
    assert client.get("/de/")["X-Page-Cache"] == "MISS"
    assert client.get("/de/")["X-Page-Cache"] == "HIT"

    redis_server.kill()
    for _ in range(3):
        response = client.get("/de/")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "MISS"  # rendered, not stored
        wait_for_retry()  # each request tries Redis again

    redis_server.start()
    wait_for_retry()
    assert client.get("/de/")["X-Page-Cache"] == "MISS"
    assert client.get("/de/")["X-Page-Cache"] == "HIT"
    assert redis_server.stored_keys("*portal:page:*")


@pytest.mark.parametrize("outage", ["killed", "hanging"])
def test_a_publish_during_the_outage_shows_when_redis_is_back(
    client, redis_cache, redis_server, home_de, outage
):
    page = StandardPageFactory(parent=refreshed(home_de), title="Alter Titel", slug="seite")
    page.save_revision().publish()
    client.get("/de/seite/")
    assert client.get("/de/seite/")["X-Page-Cache"] == "HIT"

    redis_server.kill() if outage == "killed" else redis_server.hang()
    page = StandardPage.objects.get(pk=page.pk)
    page.title = "Neuer Titel"
    page.save_revision().publish()  # its invalidation is lost: Redis does not answer
    response = client.get("/de/seite/")
    assert response.status_code == 200
    assert "<h1>Neuer Titel</h1>" in response.content.decode()

    redis_server.start() if outage == "killed" else redis_server.resume()
    # Redis is back with everything stored before the outage: the old generation and the
    # page with the old title under it.
    assert redis_server.client().get(f"{KEY_PREFIX}:1:portal:pagecache:generation") is not None
    assert redis_server.stored_keys("*portal:page:*")
    wait_for_retry()
    response = client.get("/de/seite/")
    assert "<h1>Neuer Titel</h1>" in response.content.decode()
    assert response["X-Page-Cache"] == "MISS"
    response = client.get("/de/seite/")
    assert response["X-Page-Cache"] == "HIT"
    assert "<h1>Neuer Titel</h1>" in response.content.decode()


def test_healthz_names_the_cache_while_redis_is_down(client, redis_cache, redis_server):
    assert client.get("/healthz").status_code == 200

    redis_server.kill()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error", "search": "ok"}

    redis_server.start()
    # The health check asks Redis itself, without waiting for the pause to end.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_an_outage_is_logged_once_and_its_end_once(
    client, redis_cache, redis_server, home_de, portal_log
):
    client.get("/de/")
    redis_server.kill()
    for _ in range(3):
        assert client.get("/de/").status_code == 200
        assert client.get("/healthz").status_code == 503
        wait_for_retry()
    (outage,) = portal_log()
    assert outage.levelno == logging.ERROR
    assert f"Cache server {redis_server.url} unreachable" in outage.getMessage()

    redis_server.start()
    wait_for_retry()
    for _ in range(3):
        assert client.get("/de/").status_code == 200
        assert client.get("/healthz").status_code == 200
    _, recovery = portal_log()
    assert recovery.levelno == logging.WARNING
    assert f"Cache server {redis_server.url} reachable again" in recovery.getMessage()


def test_the_threads_of_a_process_share_one_outage(redis_cache, redis_server, portal_log):
    """Django gives every thread a cache object of its own; the outage is the process's."""
    redis_server.kill()
    answers = []

    def read():
        for _ in range(10):
            answers.append(cache.get("werkstatt", "verpasst"))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["verpasst"] * 40
    assert len(portal_log()) == 1


def test_a_hanging_redis_delays_one_request_by_the_timeout_not_every_request(
    client, redis_cache, redis_server, home_de, settings
):
    configured = settings.CACHES["default"]
    settings.CACHES = {
        "default": {**configured, "OPTIONS": {**configured["OPTIONS"], "RETRY_AFTER": 60}}
    }
    timeout = settings.REDIS_CACHE_OPTIONS["socket_timeout"]
    cache.set("werkstatt", "Silos")
    redis_server.hang()

    started = time.monotonic()
    assert cache.get("werkstatt", "verpasst") == "verpasst"
    assert timeout * 0.8 <= time.monotonic() - started < timeout * 4
    started = time.monotonic()
    for _ in range(100):
        assert cache.get("werkstatt") is None
    assert time.monotonic() - started < timeout / 2  # none of them waits for Redis
    assert client.get("/de/").status_code == 200


def test_every_cache_operation_is_a_miss_while_redis_is_down(redis_cache, redis_server):
    cache.set("zaehler", 1)
    redis_server.kill()
    assert cache.get("zaehler") is None
    assert cache.get("zaehler", "standard") == "standard"
    assert cache.get_many(["zaehler", "anderes"]) == {}
    assert cache.has_key("zaehler") is False
    assert cache.add("neu", 1) is False
    assert cache.set("neu", 1) is None
    assert cache.touch("zaehler") is False
    assert cache.delete("zaehler") is False
    with pytest.raises(ValueError):
        cache.incr("zaehler")
    assert cache.get_or_set("berechnet", lambda: "frisch") == "frisch"
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    cache.delete_many(["a", "b"])
    cache.clear()


def test_rate_limit_counters_live_in_local_memory_while_redis_is_down(redis_cache, redis_server):
    redis_server.kill()
    assert cache.add("rl:kommentare", 1) is True
    assert cache.incr("rl:kommentare") == 2
    assert cache.get("rl:kommentare") == 2
    assert cache.add("allauth:rl:login:lock", True) is True
    assert cache.add("allauth:rl:login:lock", True) is False  # the lock holds

    redis_server.start()
    wait_for_retry()
    assert cache.get("rl:kommentare") is None  # Redis counts again, from its own state


def test_a_member_signs_in_while_redis_is_down(client, redis_cache, redis_server, verified_user):
    redis_server.kill()
    response = client.post(
        "/accounts/login/", {"login": verified_user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/de/konto/").status_code == 200


def test_failed_sign_ins_stay_limited_while_redis_is_down(
    client, redis_cache, redis_server, verified_user
):
    redis_server.kill()
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": verified_user.email, "password": "falsch"}
        )
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/", {"login": verified_user.email, "password": "correct-horse-battery"}
    )
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert client.get("/de/konto/").status_code == 302  # not signed in


def test_comments_are_taken_and_still_rate_limited_while_redis_is_down(
    client, redis_cache, redis_server, home_de, settings, django_capture_on_commit_callbacks
):
    settings.BLOG_COMMENT_RATE = "2/m"
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    article = BlogPageFactory(parent=refreshed(index), slug="werkstatt-8")
    redis_server.kill()
    for number in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                comment_url(article), valid_comment(comment=f"Beitrag Nummer {number}")
            )
        assert response.status_code == 302
    response = client.post(comment_url(article), valid_comment(comment="Einer zu viel"))
    assert response.status_code == 429
    assert PortalComment.objects.count() == 2


def test_a_refused_add_tells_a_key_that_is_there_from_an_outage(redis_cache, redis_server):
    """``answering()`` after an ``add`` that returned ``False``: true when the key is there,
    false when Redis did not answer (``events.emails.write_notices_soon`` relies on it)."""
    assert cache.add("aufgabe", True) is True
    assert cache.add("aufgabe", True) is False
    assert cache.answering()
    redis_server.kill()
    assert cache.add("aufgabe", True) is False
    assert not cache.answering()
    redis_server.start()
    wait_for_retry()
    assert cache.add("aufgabe", True) is False  # kept by the append-only file
    assert cache.answering()
