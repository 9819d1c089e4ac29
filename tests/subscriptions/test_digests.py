"""The digest: what is new for each subscription, never twice, nothing when nothing is new,
through the outbox, with one-click unsubscribe headers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.models import OutgoingEmail
from subscriptions.digests import current_period, send_digests
from subscriptions.models import DigestDelivery, Subscription
from tests.conftest import refreshed
from tests.factories import BlogIndexPageFactory, EventIndexPageFactory, EventPageFactory
from tests.subscriptions.conftest import make_subscription, publish_article

pytestmark = pytest.mark.django_db


def digests_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_digest_lists_new_pages_of_the_chosen_topics_only(blog_index, topics, committed):
    publish_article(blog_index, "Neues Wasserwerk", topics=[topics["wasser"]])
    publish_article(blog_index, "Busse im Takt", topics=[topics["mobilitaet"]])
    publish_article(blog_index, "Alter Beitrag", topics=[topics["wasser"]], days_ago=20)
    make_subscription("wasser@example.org", topics=[topics["wasser"]])
    make_subscription("alles@example.org")
    with committed():
        assert send_digests() == (2, 0)
    (water,) = digests_to("wasser@example.org")
    assert "Neues Wasserwerk" in water.body
    assert "Busse im Takt" not in water.body
    assert "Alter Beitrag" not in water.body
    (everything,) = digests_to("alles@example.org")
    assert "Neues Wasserwerk" in everything.body and "Busse im Takt" in everything.body


def test_digest_lists_only_the_chosen_content_types(blog_index, home_de, committed):
    publish_article(blog_index, "Ein Artikel")
    events = EventIndexPageFactory(parent=refreshed(home_de))
    EventPageFactory(
        parent=events, title="Ein Treffen", first_published_at=timezone.now() - timedelta(hours=3)
    )
    make_subscription("termine@example.org", content_types=["events"])
    with committed():
        send_digests()
    (digest,) = digests_to("termine@example.org")
    assert "Ein Treffen" in digest.body
    assert "Ein Artikel" not in digest.body


def test_digest_is_in_the_subscribers_language(blog_index, home_en, committed):
    publish_article(blog_index, "Deutscher Beitrag")
    english_index = BlogIndexPageFactory(parent=refreshed(home_en), slug="news", title="News")
    publish_article(english_index, "English article")
    make_subscription("en@example.org", language="en")
    with committed():
        send_digests()
    (digest,) = digests_to("en@example.org")
    assert "English article" in digest.body
    assert "Deutscher Beitrag" not in digest.body
    assert "/en/subscribe/unsubscribe/" in digest.body


def test_nothing_new_sends_no_digest(blog_index, committed):
    publish_article(blog_index, "Alt", days_ago=30)
    subscription = make_subscription()
    with committed():
        assert send_digests() == (0, 1)
    assert not mail.outbox
    assert not OutgoingEmail.objects.exists()
    assert DigestDelivery.objects.get(subscription=subscription).items == 0


def test_no_digest_is_sent_twice_in_a_period(blog_index, committed):
    publish_article(blog_index, "Einmal")
    make_subscription()
    with committed():
        send_digests()
        assert send_digests() == (0, 0)
        call_command("send_digests")
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.count() == 1


def test_a_recorded_period_is_skipped_even_with_news(blog_index, committed):
    """What a concurrent run did first (its record) is not sent again."""
    publish_article(blog_index, "Neu")
    subscription = make_subscription()
    DigestDelivery.objects.create(
        subscription=subscription, period=current_period(subscription.frequency), items=1
    )
    with committed():
        assert send_digests() == (0, 0)
    assert not mail.outbox


def test_next_digest_lists_only_what_came_after_the_last(blog_index, committed):
    publish_article(blog_index, "Erster")
    make_subscription()
    now = timezone.now()
    with committed():
        send_digests(now=now)
    publish_article(blog_index, "Zweiter", days_ago=0, first_published_at=now + timedelta(days=1))
    with committed():
        send_digests(now=now + timedelta(days=7))
    first, second = mail.outbox
    assert "Erster" in first.body
    assert "Zweiter" in second.body and "Erster" not in second.body


def test_unconfirmed_subscriptions_get_no_digest(blog_index, committed):
    publish_article(blog_index, "Neu")
    make_subscription(confirmed=False)
    with committed():
        assert send_digests() == (0, 0)
    assert not mail.outbox


def test_daily_and_weekly_periods():
    monday = timezone.make_aware(timezone.datetime(2026, 11, 30, 12))
    assert current_period(Subscription.Frequency.WEEKLY, monday) == "2026-W49"
    assert current_period(Subscription.Frequency.DAILY, monday) == "2026-11-30"


def test_failing_mail_server_keeps_the_digest_in_the_outbox(blog_index, settings, committed):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    publish_article(blog_index, "Neu")
    make_subscription()
    with committed():
        send_digests()
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING
    assert "Neu" in email.body
    assert DigestDelivery.objects.get().items == 1


def test_digest_has_one_click_unsubscribe_headers_and_a_manage_link(blog_index, committed):
    publish_article(blog_index, "Neu")
    make_subscription()
    with committed():
        send_digests()
    (digest,) = mail.outbox
    header = digest.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and "/de/abonnieren/abmelden/" in header
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/de/abonnieren/verwalten/" in digest.body


def test_digest_run_costs_the_same_queries_for_more_subscribers(
    blog_index, topics, django_assert_max_num_queries
):
    publish_article(blog_index, "Neu", topics=[topics["wasser"]])
    for n in range(30):
        make_subscription(f"p{n}@example.org", topics=[topics["wasser"]] if n % 2 else [])
    # 30 e-mail INSERTs, plus a fixed number for pages, locks, records and updates.
    with django_assert_max_num_queries(30 + 25):
        assert send_digests() == (30, 0)


def test_digest_lists_new_ideas_and_public_library_resources(home_de, topics, committed):
    from wagtail.models import PageViewRestriction

    from portal.membership import members_group
    from tests.factories import IdeaIndexPageFactory, IdeaPageFactory
    from tests.library.factories import LibraryIndexPageFactory, ResourcePageFactory

    recently = timezone.now() - timedelta(hours=5)
    ideas = IdeaIndexPageFactory(parent=refreshed(home_de))
    IdeaPageFactory(parent=ideas, title="Trinkbrunnen am Markt", first_published_at=recently)
    library = LibraryIndexPageFactory(parent=refreshed(home_de))
    ResourcePageFactory(parent=library, title="Leitfaden Wärmeplanung", first_published_at=recently)
    members_only = ResourcePageFactory(
        parent=refreshed(library), title="Protokoll Lenkungskreis", first_published_at=recently
    )
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    make_subscription("ideen@example.org", content_types=["ideas", "library"])
    make_subscription("artikel@example.org", content_types=["articles"])

    with committed():
        send_digests()

    (digest,) = digests_to("ideen@example.org")
    assert "Ideen" in digest.body and "Wissensplattform" in digest.body
    assert "Trinkbrunnen am Markt" in digest.body
    assert "Leitfaden Wärmeplanung" in digest.body
    assert "Protokoll Lenkungskreis" not in digest.body
    assert not digests_to("artikel@example.org")
