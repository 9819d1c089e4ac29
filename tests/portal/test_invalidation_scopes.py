"""A change invalidates what readers see of it, and nothing else (portal.caching.registry):
sign-ins, reminders, contact requests, applications, the outbox and unconfirmed comments
leave every cached page cached; a comment leaves the marketplace and the events cached; a
replaced image shows at once. On the local-memory cache and on Redis."""

import io

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Rendition
from wagtail_factories import ImageFactory

from blog.comments import confirm_comment, post_comment
from community.models import ContactRequest, MembershipApplication
from events.registration import register_member
from portal.mail import queue_email
from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberPageFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, site, cache_backend):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def portal(home_de):
    blog = BlogIndexPageFactory(parent=refreshed(home_de))
    article = BlogPageFactory(parent=refreshed(blog), title="Wärmeplanung", slug="waerme")
    other = BlogPageFactory(parent=refreshed(blog), title="Parken", slug="parken")
    marketplace = SolutionIndexPageFactory(parent=refreshed(home_de))
    solution = SolutionPageFactory(parent=refreshed(marketplace), title="Parkleitsystem")
    events = EventIndexPageFactory(parent=refreshed(home_de))
    forum = EventPageFactory(parent=refreshed(events), capacity=10, slug="forum")
    return {
        "article": article,
        "other_article": other,
        "marketplace": marketplace.url,
        "solution": solution.url,
        "event": forum,
    }


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache")


def cache(client, *urls):
    """Serve each address until it comes from the cache."""
    for url in urls:
        served(client, url)
        assert served(client, url) == "HIT", url


def test_what_readers_never_see_leaves_every_page_cached(client, portal, home_de):
    urls = [portal["marketplace"], portal["solution"], portal["article"].url, "/de/"]
    cache(client, *urls)
    member = UserFactory()
    grant_membership(member)
    registration = register_member(portal["event"], member).registration
    cache(client, *urls)  # the registration changed the seats, which these pages do not show

    # A sign-in saves last_login.
    user_logged_in.send(sender=type(member), request=None, user=member)
    # The reminder job marks a registration as reminded; the notes are purged.
    registration.reminder_sent_at = timezone.now()
    registration.save(update_fields=["reminder_sent_at"])
    type(registration).objects.filter(pk=registration.pk).update(
        notes="", notes_purged_at=timezone.now()
    )
    # A contact request, a membership application, a mail in the outbox.
    profile = MemberPageFactory(parent=refreshed(home_de), user=UserFactory())
    ContactRequest.objects.create(sender=member, member=profile, subject="Hallo", message="?")
    MembershipApplication.objects.create(
        user=UserFactory(), organisation="Gemeinde", role="Bürgermeisterin", reason="Austausch"
    )
    queue_email("community/email/relay", {"subject": "S", "body": "B"}, to=["a@example.org"])
    # A comment waiting for its author's confirmation.
    post_comment(
        portal["other_article"], text="Unbestätigt", language="de", name="Gast", email="g@x.org"
    )
    for url in urls:
        assert served(client, url) == "HIT", url


def test_a_comment_re_renders_its_article_only(client, portal, home_de):
    event_url = portal["event"].url
    other, index = portal["other_article"].url, portal["article"].get_parent().url
    cache(client, portal["marketplace"], portal["solution"], event_url, other, index, "/de/")
    cache(client, portal["article"].url)
    comment = post_comment(
        portal["article"], text="Ein neuer Gedanke", language="de", name="Gast", email="g@x.org"
    )
    confirm_comment(comment)
    for url in (portal["marketplace"], portal["solution"], event_url, other):
        assert served(client, url) == "HIT", url
    # Comment counts on the cards of listings may lag behind by PAGE_CACHE_SECONDS.
    assert served(client, index) == "HIT"
    assert served(client, "/de/") == "HIT"
    response = client.get(portal["article"].url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Ein neuer Gedanke" in response.content.decode()


def test_a_registration_shows_on_the_event_page_at_once_and_nowhere_else(
    client, portal, django_capture_on_commit_callbacks
):
    """The seat decision tells the cache after its commit (not while it holds the lock)."""
    event_url = portal["event"].url
    member = UserFactory()
    grant_membership(member)  # membership changes the member count: the whole site
    cache(client, event_url, portal["marketplace"], portal["article"].url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        register_member(portal["event"], member)
        assert served(client, event_url) == "HIT"  # not yet committed
    assert callbacks
    response = client.get(event_url)
    assert response["X-Page-Cache"] == "MISS"
    assert served(client, portal["marketplace"]) == "HIT"
    assert served(client, portal["article"].url) == "HIT"


def test_a_posted_registration_evicts_its_event_page_only(
    client, portal, home_de, django_capture_on_commit_callbacks
):
    """The registration rush: each POST to ``register/`` starts a new generation of that
    event's seats only. The event page shows the new seat count at once; the marketplace,
    the member directory, articles and other events stay cached."""
    from django.test import Client

    from tests.factories import MemberIndexPageFactory

    directory = MemberIndexPageFactory(parent=refreshed(home_de)).url
    event = portal["event"]
    other_event = EventPageFactory(parent=refreshed(event.get_parent()), slug="werkstatt")
    others = [portal["marketplace"], portal["solution"], directory, portal["article"].url]
    others.append(other_event.url)
    member = UserFactory()
    grant_membership(member)
    cache(client, event.url, *others)
    assert "Noch 10 Plätze frei." in client.get(event.url).content.decode()

    signed_in = Client()
    signed_in.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(f"{event.url}register/", {"organisation": "Gemeinde"})
    assert response.status_code == 302

    response = client.get(event.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Noch 9 Plätze frei." in response.content.decode()
    for url in others:
        assert served(client, url) == "HIT", url


def test_a_replaced_image_shows_at_once(client, portal):
    image = ImageFactory(title="Heizzentrale")
    article = refreshed(portal["article"])
    article.lead_image = image
    article.lead_image_alt = "Die Heizzentrale"
    article.save_revision().publish()
    cache(client, article.url)
    old_html = client.get(article.url).content.decode()
    old_rendition = image.renditions.get().url
    assert old_rendition in old_html

    # As the image editor does when a new file is uploaded.
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), "teal").save(buffer, "PNG")
    image.file = ImageFile(buffer, name="heizzentrale-neu.png")
    image.file_size, image.file_hash = None, ""
    Rendition.objects.filter(image=image).delete()
    image.save()

    response = client.get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    html = response.content.decode()
    assert old_rendition not in html
    assert image.renditions.get().url in html


def test_a_new_generation_of_one_scope_keeps_the_others(client, portal):
    """The primitive underneath: a scope's new generation leaves pages of other scopes."""
    from portal.caching.pages import invalidate
    from portal.caching.registry import COMMENTS, REGISTRATIONS, object_scope

    article, other = portal["article"], portal["other_article"]
    cache(client, portal["marketplace"], portal["event"].url, article.url, other.url)
    invalidate(object_scope(REGISTRATIONS, portal["event"].pk))
    assert served(client, article.url) == "HIT"
    assert served(client, portal["event"].url) == "MISS"
    invalidate(object_scope(COMMENTS, article.pk))
    assert served(client, portal["event"].url) == "HIT"
    assert served(client, other.url) == "HIT"
    assert served(client, article.url) == "MISS"
    assert served(client, portal["marketplace"]) == "HIT"


def test_a_signed_in_reader_never_changes_what_is_cached(portal):
    reader = Client()
    reader.force_login(UserFactory())
    anonymous = Client()
    cache(anonymous, portal["marketplace"])
    assert reader.get(portal["marketplace"]).status_code == 200
    assert served(anonymous, portal["marketplace"]) == "HIT"


def test_comment_counts_on_cards_catch_up_within_the_page_cache_time(
    client, portal, settings, monkeypatch
):
    import time as real_time

    import portal.caching.pages as page_cache

    now = [real_time.time()]
    monkeypatch.setattr(page_cache, "time", type("Clock", (), {"time": lambda: now[0]}))
    index = portal["article"].get_parent().url
    cache(client, index)
    confirm_comment(
        post_comment(portal["article"], text="Zähl mich", language="de", name="G", email="g@x.org")
    )
    assert served(client, index) == "HIT"
    now[0] += settings.PAGE_CACHE_SECONDS + 1
    response = client.get(index)
    assert response["X-Page-Cache"] == "MISS"
    assert "1 Kommentar" in response.content.decode()
