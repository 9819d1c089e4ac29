"""Anonymous page views come from the shared cache; nothing personal is ever stored.

Every test runs twice: on the local-memory cache (the default without ``REDIS_URL``) and on
the real Redis server of the machine (``TEST_REDIS_URL``, default
``redis://127.0.0.1:6379/0``), under a key prefix of its own that is deleted afterwards.
"""

import os
import re
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from home.models import StandardPage
from tests.conftest import refreshed
from tests.factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, site, cache_backend):
    settings.PAGE_CACHE_ENABLED = True


def cache_entries():
    """``{key: value}`` of everything the default cache holds right now, on either backend."""
    backend = cache._cache if hasattr(cache._cache, "get_client") else None  # noqa: SLF001
    if backend is None:
        keys = [key.split(":", 2)[-1] for key in list(cache._cache.keys())]  # noqa: SLF001
    else:
        client = backend.get_client()
        prefix = f"{cache.key_prefix}:{cache.version}:"
        keys = [key.decode()[len(prefix) :] for key in client.scan_iter(match=f"{prefix}*")]
    return {key: cache.get(key) for key in keys}


def stored_pages():
    """The pages the page cache holds right now."""
    return [value for key, value in cache_entries().items() if key.startswith("portal:page:")]


def test_second_anonymous_view_is_served_from_the_cache(client, home_de):
    first = client.get("/de/")
    second = client.get("/de/")
    assert first["X-Page-Cache"] == "MISS"
    assert second["X-Page-Cache"] == "HIT"
    assert [page["content"] for page in stored_pages()] == [first.content]
    assert second.content == first.content
    # Security headers are added to cached responses too (those of the middleware that a
    # cache hit skips are stored with the page).
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert second[header] == first[header], header
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Referrer-Policy"] == first["Referrer-Policy"]


def test_a_cache_hit_returns_every_header_the_view_set(client, home_de):
    """A calendar download keeps its file name and type when it comes from the cache."""
    from tests.factories import EventIndexPageFactory, EventPageFactory

    index = EventIndexPageFactory(parent=refreshed(home_de))
    event = EventPageFactory(parent=refreshed(index), slug="forum")
    first = client.get(f"{event.url}calendar.ics")
    second = client.get(f"{event.url}calendar.ics")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert second["Content-Disposition"] == 'attachment; filename="forum.ics"'
    assert second["Content-Type"] == "text/calendar; charset=utf-8"
    assert {name.lower() for name, _ in first.items()} - {"x-page-cache"} <= {
        name.lower() for name, _ in second.items()
    }
    assert "Cookie" in second["Vary"]


def test_a_cache_hit_never_replays_a_cookie_or_another_transfers_length(client, home_de):
    client.get("/de/")
    (stored,) = stored_pages()
    assert "Content-Type" in stored["headers"]
    assert not {"set-cookie", "content-length", "date"} & {n.lower() for n in stored["headers"]}


def test_languages_are_cached_separately(client, home_de, home_en):
    client.get("/de/")
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "MISS"
    assert '<html lang="en"' in response.content.decode()


def test_publishing_a_page_shows_at_once(client, home_de):
    page = StandardPageFactory(parent=home_de, title="Alt", slug="seite")
    page.save_revision().publish()
    assert "<h1>Alt</h1>" in client.get("/de/seite/").content.decode()
    assert client.get("/de/seite/")["X-Page-Cache"] == "HIT"

    page = StandardPage.objects.get(pk=page.pk)
    page.title = "Neu"
    page.save_revision().publish()
    response = client.get("/de/seite/")
    assert response["X-Page-Cache"] == "MISS"
    assert "<h1>Neu</h1>" in response.content.decode()


def test_a_new_page_in_the_menu_shows_on_cached_pages(client, home_de):
    client.get("/de/")
    page = StandardPageFactory(parent=refreshed(home_de), title="Projekte", slug="projekte")
    page.save_revision().publish()
    from wagtail.models import Site

    from home.models import NavigationSettings

    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    nav.main_menu.append(("page", page))
    nav.save()
    assert "Projekte" in client.get("/de/").content.decode()


def test_signed_in_members_get_fresh_pages_that_are_never_stored(home_de):
    user = UserFactory(first_name="Erika", last_name="Geheim")
    member = Client()
    member.force_login(user)
    response = member.get("/de/")
    assert "X-Page-Cache" not in response
    assert all(b"Geheim" not in page["content"] for page in stored_pages())
    assert stored_pages() == []


def assert_not_in_cache(*secrets):
    entries = cache_entries()
    assert any(key.startswith("portal:page:") for key in entries)
    for key, value in entries.items():
        text = repr(value)
        for secret in secrets:
            assert secret not in text and secret not in key, f"{secret!r} in cache entry {key}"


def test_nothing_personal_lands_in_any_cache_entry(home_de):
    """A member reads the home page, an article with the comment form (which greets them by
    name) and their account pages: no entry of the shared cache (pages, fragments,
    navigation, rendered forms) holds their name, e-mail address or session. After they
    comment, their name is public under the comment; the e-mail address never is."""
    from allauth.account.models import EmailAddress

    from tests.factories import BlogIndexPageFactory, BlogPageFactory

    index = BlogIndexPageFactory(parent=refreshed(home_de), slug="aktuelles")
    article = BlogPageFactory(parent=index, title="Wärmeplanung", slug="waermeplanung")
    user = UserFactory(first_name="Erika", last_name="Vertraulich", email="erika@geheim.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    anonymous = Client()
    anonymous.get(article.url)  # the article and its fragments are in the cache now
    member = Client()
    member.force_login(user)
    for url in ("/de/", index.url, article.url, "/de/konto/", "/accounts/email/", "/de/"):
        assert member.get(url).status_code == 200, url
    assert "Vertraulich" in member.get(article.url).content.decode()  # shown to her only
    session = member.cookies["sessionid"].value
    assert_not_in_cache("Vertraulich", "erika@geheim.example", session)

    posted = member.post(f"/de/kommentare/{article.pk}/", {"comment": "Gute Übersicht."})
    assert posted.status_code == 302
    public = anonymous.get(article.url).content.decode()
    assert "Erika Vertraulich" in public and "Gute Übersicht." in public
    assert_not_in_cache("erika@geheim.example", session)


def test_cached_page_with_a_form_gives_every_reader_a_working_csrf_token(home_de):
    """The comment form on a cached article: the stored HTML holds no one's token, each
    reader gets their own, and a comment posted with it passes the CSRF check."""
    from blog.models import PortalComment
    from portal.caching.pages import CSRF_PLACEHOLDER
    from tests.factories import BlogIndexPageFactory, BlogPageFactory

    index = BlogIndexPageFactory(parent=refreshed(home_de), slug="aktuelles")
    article = BlogPageFactory(parent=index, title="Gespräch", slug="gespraech")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(article.url)
    response = second.get(article.url)
    assert response["X-Page-Cache"] == "HIT"

    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    stored = [page["content"] for page in stored_pages()]
    assert stored and all(CSRF_PLACEHOLDER.encode() in content for content in stored)
    assert all(token.encode() not in content for content in stored)

    posted = second.post(
        f"/de/kommentare/{article.pk}/",
        {
            "csrfmiddlewaretoken": token,
            "name": "Erika",
            "email": "erika@example.org",
            "comment": "Danke für den Bericht.",
        },
    )
    assert posted.status_code == 302
    assert PortalComment.objects.filter(object_pk=str(article.pk)).count() == 1
    # Without the token the same post is refused.
    refused = Client(enforce_csrf_checks=True).post(
        f"/de/kommentare/{article.pk}/",
        {"name": "Max", "email": "max@example.org", "comment": "Ohne Token."},
    )
    assert refused.status_code == 403
    assert PortalComment.objects.count() == 1


def test_a_publish_in_another_process_reaches_this_process(
    client, home_de, settings, cache_backend
):
    """A publish in another worker (here: a separate Python process) invalidates this
    process's pages: through the generation file with the per-process local-memory cache,
    through the generation key in Redis with Redis."""
    client.get("/de/")
    assert client.get("/de/")["X-Page-Cache"] == "HIT"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PAGE_CACHE_GENERATION_FILE": settings.PAGE_CACHE_GENERATION_FILE,
    }
    code = (
        "import django\n"
        "django.setup()\n"
        "import django.test.signals\n"
        "from django.test import override_settings\n"
        "from portal.caching.pages import invalidate_page_cache\n"
        f"with override_settings(CACHES={settings.CACHES!r}):\n"
        "    invalidate_page_cache()\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert client.get("/de/")["X-Page-Cache"] == "MISS"


def test_requests_with_a_session_cookie_bypass_the_cache(client, home_de):
    client.get("/de/")
    client.cookies["sessionid"] = "anything"
    response = client.get("/de/")
    assert "X-Page-Cache" not in response


def test_post_requests_are_never_cached(client, home_de):
    client.get("/de/")
    response = client.post("/de/", {})
    assert "X-Page-Cache" not in response


def test_admin_and_health_are_never_cached(client, home_de):
    assert "X-Page-Cache" not in client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_not_found_pages_are_not_cached(client, home_de):
    client.get("/de/gibt-es-nicht/")
    assert "X-Page-Cache" not in client.get("/de/gibt-es-nicht/")


def test_the_generation_is_read_once_per_request_and_an_invalidation_is_seen_at_once(rf):
    """One file stat (or Redis round trip) per request, however many cached lookups it
    makes; a publish inside the request (an editor's POST) starts the new generation."""
    from portal.caching import pages as page_cache

    seen = []

    def view(request):
        first = page_cache.generation()
        page_cache.generation_file().unlink(missing_ok=True)  # as if another process wrote
        seen.append(page_cache.generation() == first)
        page_cache.invalidate_page_cache()
        seen.append(page_cache.generation() != first)
        return HttpResponse("ok")

    page_cache.AnonymousPageCacheMiddleware(view)(rf.post("/de/"))

    assert seen == [True, True]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_stored_while_a_change_commits_is_not_served_afterwards(home_de):
    """A reader's request that runs while an editor's transaction is still open reads the
    old rows and may store them under the generation the change started; the commit starts
    one more, so that copy is never served. (A real commit: a transactional test.)"""
    from django.db import transaction

    from portal.caching.pages import generation, invalidate_page_cache

    with transaction.atomic():  # the editor's transaction
        invalidate_page_cache()
        invalidate_page_cache()  # a second change in the same transaction
        pending = [c for _s, c, _r in transaction.get_connection().run_on_commit]
        during = generation()
        Client().get("/de/")  # stored under ``during``
        assert Client().get("/de/")["X-Page-Cache"] == "HIT"
    assert len(pending) == 1  # one bump after the commit, however many changes
    assert generation() != during
    assert Client().get("/de/")["X-Page-Cache"] == "MISS"
