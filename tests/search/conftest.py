"""Fixtures of the search tests: the same suite runs on Wagtail's database backend and, through
the OpenSearch 3 backend, on a real OpenSearch-compatible server (osmem-server, in memory)."""

import datetime
import socket
import threading
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from osmem_server import OsmemServer
from wagtail.models import PageViewRestriction

from blog.models import BlogPage
from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from portal.membership import grant_membership, members_group
from search import fallback
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    StandardPageFactory,
    TopicFactory,
    UserFactory,
)

DATABASE_BACKEND = {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "german"}


def engine_backend(url, timeout=10, prefix="test_"):
    return {
        "BACKEND": "search.backends.opensearch3",
        "ALIAS": "default",
        "URLS": [url],
        "INDEX_PREFIX": prefix,
        "TIMEOUT": timeout,
        "ATOMIC_REBUILD": True,
        "OPTIONS": {"max_retries": 0},
    }


@pytest.fixture(scope="session")
def osmem_server():
    """One in-memory OpenSearch-compatible server per test session (clones per test)."""
    server = OsmemServer.start(freeze=True, japanese=False)
    yield server
    server.close()


@dataclass
class SearchBackendUnderTest:
    """The backend a test runs on: ``kind`` is "database" or "opensearch"."""

    kind: str
    url: str = ""

    @property
    def is_engine(self):
        return self.kind != "database"

    @property
    def stems_german(self):
        """Whether German stemming and ß folding are available (engine or PostgreSQL)."""
        return self.is_engine or connection.vendor == "postgresql"

    def refresh(self):
        """Make what was just indexed searchable (the engine refreshes about every second)."""
        fallback.get_backend("default").refresh_indexes()


def use_backends(settings, backends):
    settings.WAGTAILSEARCH_BACKENDS = backends
    fallback.clear_backend_cache()


@pytest.fixture(
    params=["database", pytest.param("opensearch", marks=pytest.mark.search_server)],
)
def search_backend(request, settings, site):
    """Configures the backend, builds its (empty) index; content created afterwards is
    indexed by Wagtail's signals, as in production."""
    if request.param == "opensearch":
        clone = request.getfixturevalue("osmem_clone")
        use_backends(settings, {"default": engine_backend(clone.url), "database": DATABASE_BACKEND})
        backend = SearchBackendUnderTest("opensearch", clone.url)
    else:
        use_backends(settings, {"default": DATABASE_BACKEND})
        backend = SearchBackendUnderTest("database")
    call_command("update_index", verbosity=0)
    yield backend
    fallback.clear_backend_cache()


@pytest.fixture
def engine(settings, site, osmem_clone):
    """The OpenSearch backend only (for what only an engine can do or fail at)."""
    use_backends(
        settings, {"default": engine_backend(osmem_clone.url), "database": DATABASE_BACKEND}
    )
    call_command("update_index", verbosity=0)
    yield SearchBackendUnderTest("opensearch", osmem_clone.url)
    fallback.clear_backend_cache()


def break_engine(settings, url=None, timeout=10):
    """Point the default backend at a dead (or hanging) address; the database stays."""
    use_backends(
        settings,
        {
            "default": engine_backend(url or dead_url(), timeout=timeout),
            "database": DATABASE_BACKEND,
        },
    )


def repair_engine(settings, engine):
    """Point the default backend back at the working server."""
    use_backends(settings, {"default": engine_backend(engine.url), "database": DATABASE_BACKEND})


@pytest.fixture
def make_page(home_de):
    """``make_page(title, intro=..., parent=...)``: a standard page, published as editors do."""

    def make(title, intro="", parent=None, **kwargs):
        page = StandardPageFactory(
            parent=refreshed(parent or home_de), title=title, intro=intro, **kwargs
        )
        page.save_revision().publish()
        return StandardPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def blog_index(home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    index.save_revision().publish()
    return index


@pytest.fixture
def make_article(blog_index):
    """``make_article(title, teaser=..., topics=[...])``: a published article (blog.BlogPage)."""

    def make(title, teaser="", topics=(), parent=None, **kwargs):
        page = BlogPageFactory(
            parent=refreshed(parent or blog_index),
            title=title,
            teaser=teaser or "Ein kurzer Anriss.",
            **kwargs,
        )
        page.topics.set(topics)
        page.save_revision().publish()
        return BlogPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def event_index(search_backend, home_de):
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    refreshed(home_de).add_child(instance=index)
    return index


@pytest.fixture
def make_event(event_index):
    def make(title, **kwargs):
        start = datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC)
        event = EventPage(
            title=title,
            start=start,
            end=start + datetime.timedelta(hours=8),
            search_description=kwargs.pop("description", ""),
            **kwargs,
        )
        refreshed(event_index).add_child(instance=event)
        return event

    return make


@pytest.fixture
def topics(search_backend):
    return {
        "mobilitaet": TopicFactory(name="Mobilität", slug="mobilitaet"),
        "wasser": TopicFactory(name="Wasser", slug="wasser"),
        "energie": TopicFactory(name="Energie", slug="energie"),
    }


def restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="geheim" if kind == "password" else ""
    )
    restriction.groups.set(groups)
    return restriction


def restrict_to_members(page):
    return restrict(page, PageViewRestriction.GROUPS, [members_group()])


@pytest.fixture
def member(db):
    user = UserFactory(email="mitglied@example.org")
    grant_membership(user)
    return user


@pytest.fixture
def non_member(db):
    return UserFactory(email="gast@example.org")


def search(client, query="", language="de", **params):
    """GET the search page; returns (response, outcome)."""
    path = "/de/suche/" if language == "de" else "/en/search/"
    response = client.get(path, {"q": query, **params})
    return response, response.context["outcome"] if response.context else None


def titles(outcome):
    return [item.title for item in outcome.page_obj.object_list]


class BlackHoleServer:
    """A TCP server that accepts connections and never answers: a search engine that hangs.
    Counts the connections it accepted."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self):
        self.sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections.append(conn)

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self.connections:
            conn.close()
        self.sock.close()


@pytest.fixture
def black_hole():
    server = BlackHoleServer()
    yield server
    server.close()


def dead_url():
    """An address where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
