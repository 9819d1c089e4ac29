"""The hostile-input corpus against every listing parameter and every public form of the
demo portal (the search page and odd paths are in ``test_hostile_input.py``).

For each request: no 500, nothing rendered unescaped. For each form post: a redirect stores
at most one record, an answer with the form again (errors, rate limit) stores nothing and
says what went wrong. Stored payloads are rendered escaped where the public reads them.
"""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.caching.pages import invalidate_page_cache
from tests.portal.test_hostile_input import CORPUS, NUMBERS, active_content, assert_safe

pytestmark = pytest.mark.django_db

# Query parameters per listing page type; every value of the corpus goes into each.
LISTING_PARAMETERS = {
    "blog.BlogIndexPage": ["topic", "tag", "type", "year", "page"],
    "events.EventIndexPage": ["type", "page"],
    "events.EventPage": ["sessions"],
    "community.MemberIndexPage": ["state", "topic", "organisation_type", "page"],
    "community.SolutionIndexPage": [
        "topic",
        "maturity",
        "size",
        "reference_state",
        "provider_type",
        "page",
    ],
    "community.ProjectIndexPage": ["phase", "topic", "page"],
    "experts.ExpertIndexPage": ["q", "topic", "region", "size", "language", "availability", "page"],
    "ideas.IdeaIndexPage": ["topic", "status", "sort", "page"],
    "library.LibraryIndexPage": ["q", "type", "topic", "page"],
}
# A short list for the other page types: a parameter they do not know must not matter.
STRAY_PARAMETERS = ["page", "q", "lang"]
SHORT_CORPUS = ['<script>alert("xss")</script>', "' OR '1'='1", "\x00", "a" * 10_000, "-1"]
# Successful posts answer with a redirect; anything else shows the form (or a message) again.
REDIRECTS = (301, 302, 303)
ERROR_MARKERS = ('role="alert"', "aria-invalid", "errorlist", "error")


def examples():
    out = io.StringIO()
    call_command("page_type_examples", stdout=out)
    return json.loads(out.getvalue())


def _fresh_limits():
    """Rate limits count in the cache; clear it so every value reaches the form's code."""
    cache.clear()


def test_every_listing_parameter_survives_the_corpus(demo_content, client):
    found = examples()
    checked = 0
    for label, by_language in sorted(found.items()):
        parameters = LISTING_PARAMETERS.get(label)
        values = CORPUS if parameters else SHORT_CORPUS
        for path in sorted(by_language.values()):
            for parameter in parameters or STRAY_PARAMETERS:
                extra = NUMBERS if parameter == "page" else []
                for value in values + extra:
                    response = client.get(path, {parameter: value})
                    assert_safe(response, f"{label} {path}?{parameter}={value[:30]!r}")
                    checked += 1
                response = client.get(path, QUERY_STRING=f"{parameter}=%ff%fe&{parameter}=%c3%28")
                assert_safe(response, f"{label} {path} invalid UTF-8 in {parameter}")
                # Repeated parameters (a list where one value is expected).
                response = client.get(path, {parameter: ["1", "<b>", "2"]})
                assert_safe(response, f"{label} {path} repeated {parameter}")
    assert set(LISTING_PARAMETERS) <= set(found), "the demo lacks a listing page type"
    assert checked > 500
    check_calendars_and_feeds(client, found)


def check_calendars_and_feeds(client, found):
    event = found["events.EventPage"]["de"]
    index = found["events.EventIndexPage"]["de"]
    blog = found["blog.BlogIndexPage"]["de"]
    for path in (f"{event}calendar.ics", f"{index}calendar.ics", f"{blog}feed/", f"{blog}atom/"):
        for value in SHORT_CORPUS + NUMBERS:
            for parameter in ("sessions", "topic", "page"):
                response = client.get(path, {parameter: value})
                assert response.status_code < 500, f"{path}?{parameter}={value[:30]!r}"


def attack(client, url, valid, fields, model, failures, *, creates=True, reset=None):
    """Post ``valid`` with each field in turn replaced by each corpus value; ``reset()``
    runs after each post (e.g. to withdraw what a successful post created)."""
    for field in fields:
        for number, value in enumerate(CORPUS):
            _fresh_limits()
            data = valid(number) if callable(valid) else dict(valid)
            data[field] = value
            before = model.objects.count()
            response = client.post(url, data)
            context = f"POST {url} {field}={value[:30]!r}"
            try:
                assert_safe(response, context)
            except AssertionError as error:
                failures.append(str(error))
                continue
            stored = model.objects.count() - before
            if reset is not None:
                reset()
            if response.status_code in REDIRECTS:
                if stored > (1 if creates else 0):
                    failures.append(f"{context}: stored {stored} records")
            elif stored:
                failures.append(f"{context}: answered {response.status_code} but stored")
            elif response.status_code < 400 or response.status_code == 400:
                html = response.content.decode("utf-8", "replace")
                if not any(marker in html for marker in ERROR_MARKERS):
                    failures.append(f"{context}: refused without saying why")
        # Invalid UTF-8 in the body.
        _fresh_limits()
        before = model.objects.count()
        response = client.post(
            url,
            data=f"{field}=%ff%fe%fd".encode(),
            content_type="application/x-www-form-urlencoded",
        )
        if response.status_code >= 500:
            failures.append(f"POST {url} invalid UTF-8 in {field}: {response.status_code}")
        elif response.status_code not in REDIRECTS and model.objects.count() != before:
            failures.append(f"POST {url} invalid UTF-8 in {field}: stored")


@pytest.fixture
def portal(demo_content):
    """The demo pages the forms live on."""
    from blog.models import BlogPage
    from community.models import MemberPage
    from events.models import EventPage

    article = BlogPage.objects.live().filter(locale__language_code="de", comments_open=True)
    events = EventPage.objects.live().filter(locale__language_code="de")
    open_events = [
        event
        for event in events
        if event.registration_enabled
        and not event.cancelled
        and event.start > timezone.now()
        and (event.registration_opens is None or event.registration_opens < timezone.now())
        and (event.registration_closes is None or event.registration_closes > timezone.now())
    ]
    return {
        "article": article.first(),
        "member_event": next(e for e in open_events if e.audience == "members"),
        "public_event": next((e for e in open_events if e.audience == "public"), None),
        "profile": MemberPage.objects.live().filter(locale__language_code="de").first(),
    }


def test_comment_form_survives_the_corpus_and_renders_payloads_escaped(portal, client):
    from blog.models import PortalComment

    article = portal["article"]
    url = reverse("blog:comment_post", args=[article.pk])
    failures = []
    published = PortalComment.objects.filter(status=PortalComment.Status.PUBLISHED)
    published_before = set(published.values_list("pk", flat=True))

    def valid(number):
        return {"name": "Erika", "email": f"erika{number}@example.org", "comment": "Gut."}

    attack(client, url, valid, ["name", "email", "comment", "reply_to"], PortalComment, failures)
    assert failures == []

    # Anonymous comments wait for the e-mail confirmation: nothing was published.
    assert set(published.values_list("pk", flat=True)) == published_before
    # Once published, every stored payload is shown as text, never as markup.
    PortalComment.objects.update(status=PortalComment.Status.PUBLISHED, is_public=True)
    invalidate_page_cache()  # as the comment rules do after changing rows in bulk
    html = client.get(article.url).content.decode()
    assert active_content(html) == []
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
    assert "@example.org" not in html
    check_comment_reports(portal, client)
    check_oversized_comment_body(portal)


def check_comment_reports(portal, client):
    from blog.models import CommentReport, PortalComment

    article = portal["article"]
    comment = PortalComment.objects.create(
        content_object=article,
        site_id=1,
        user_name="Erika",
        user_email="erika@example.org",
        comment="Ein Kommentar.",
        status=PortalComment.Status.PUBLISHED,
    )
    url = reverse("blog:comment_report", args=[comment.pk])
    failures = []
    attack(client, url, {"reason": "Beleidigend."}, ["reason"], CommentReport, failures)
    assert failures == []


def test_member_forms_survive_the_corpus(portal, client, club_member):
    from community.models import ContactRequest
    from events.models import Registration

    client.force_login(club_member)
    failures = []

    event = portal["member_event"]
    attack(
        client,
        f"{event.url}register/",
        {"organisation": "Stadt Musterstadt", "notes": ""},
        ["organisation", "notes", "workshop_1"],
        Registration,
        failures,
    )
    profile = portal["profile"]
    attack(
        client,
        f"{profile.url}contact/",
        {"subject": "Frage", "message": "Hallo!"},
        ["subject", "message"],
        ContactRequest,
        failures,
    )
    assert failures == []
    # What was stored is shown escaped on the member's account page.
    html = client.get(reverse("community:account")).content.decode()
    assert active_content(html) == []
    client.logout()
    check_public_event_registration(portal, client)


def check_public_event_registration(portal, client):
    from events.models import Registration

    event = portal["public_event"]
    assert event is not None, "the demo has a public event open for registration"

    def valid(number):
        return {"name": "Erika Muster", "email": f"gast{number}@example.org"}

    failures = []
    attack(
        client,
        f"{event.url}register/",
        valid,
        ["name", "email", "organisation", "notes"],
        Registration,
        failures,
    )
    assert failures == []


def test_account_forms_survive_the_corpus(demo_content, client, verified_user):
    from community.models import MembershipApplication, User

    failures = []

    def signup(number):
        return {
            "first_name": "Erika",
            "last_name": "Muster",
            "email": f"neu{number}@example.org",
            "password1": "ein-langes-Passwort-2026",
            "password2": "ein-langes-Passwort-2026",
        }

    fields = ["first_name", "last_name", "email", "password1"]
    attack(client, reverse("account_signup"), signup, fields, User, failures)
    login = {"login": verified_user.email, "password": "falsch"}
    attack(client, reverse("account_login"), login, ["login", "password"], User, failures)
    reset = {"email": "niemand@example.org"}
    attack(client, reverse("account_reset_password"), reset, ["email"], User, failures)

    client.force_login(verified_user)
    application = {"organisation": "Stadt Musterstadt", "role": "Bürgermeisterin", "reason": "."}
    attack(
        client,
        reverse("community:membership"),
        application,
        ["organisation", "role", "reason"],
        MembershipApplication,
        failures,
        # A pending application shows its state instead of the form: withdraw it.
        reset=lambda: MembershipApplication.objects.all().delete(),
    )
    assert failures == []
    html = client.get(reverse("community:account")).content.decode()
    assert active_content(html) == []


def test_profile_edit_survives_the_corpus(portal, client):
    from wagtail.models import Revision

    profile = portal["profile"]
    owner = profile.user
    client.force_login(owner)
    valid = {
        "first_name": owner.first_name or "Erika",
        "last_name": owner.last_name or "Muster",
        "state": profile.state,
        "contact_permission": profile.contact_permission,
        "topics": [topic.pk for topic in profile.topics.all()],
    }
    failures = []
    attack(
        client,
        reverse("community:profile"),
        valid,
        ["first_name", "last_name", "role", "bio", "public_phone", "website", "state", "topics"],
        Revision,
        failures,
    )
    assert failures == []
    # Saved revisions await moderation; the public profile page is unchanged and safe.
    html = client.get(profile.url).content.decode()
    assert active_content(html) == []
    assert not re.search(r"<script>alert", html)


def check_oversized_comment_body(portal):
    from django.test import Client

    from blog.models import PortalComment

    client = Client()
    article = portal["article"]
    before = PortalComment.objects.count()
    response = client.post(
        reverse("blog:comment_post", args=[article.pk]),
        data=b"comment=" + b"x" * (6 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413  # the reader's "too large" page (portal.uploads)
    assert PortalComment.objects.count() == before
