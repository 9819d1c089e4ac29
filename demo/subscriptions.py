"""Demo content of the subscriptions app: a few confirmed subscriptions of the demo
accounts (newsletter and topic digests), a draft newsletter issue for the editors to
preview, test and send, and for benchmarks thousands of subscribers.

All addresses are under example.org.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.utils import english, german
from home.models import Topic
from subscriptions.content_types import content_type_choices
from subscriptions.models import NewsletterIssue, Subscription

DRAFT_ISSUE_SUBJECT = "Neues aus dem Innovatorenclub: Wärmeplanung, offene Daten, Forum"

# address: (language, newsletter, content types, German topic slugs, frequency)
SUBSCRIPTIONS = {
    "demo-gast@example.org": (
        "de",
        True,
        ["articles", "events"],
        ["mobilitaet", "klimaschutz"],
        Subscription.Frequency.WEEKLY,
    ),
    "demo-mitglied-1@example.org": (
        "de",
        False,
        ["articles", "events", "solutions"],
        [],
        Subscription.Frequency.DAILY,
    ),
    "demo-reader@example.org": (
        "en",
        True,
        ["articles"],
        ["open-data"],
        Subscription.Frequency.WEEKLY,
    ),
}


def _known(keys):
    """The content types of ``keys`` that are registered (apps may be missing)."""
    available = {key for key, _label in content_type_choices()}
    return [key for key in keys if key in available]


def load(stdout=None):
    """Confirmed subscriptions of the demo accounts, once (existing ones stay as they are)."""
    User = get_user_model()
    now = timezone.now()
    for email, (language, newsletter, types, topics, frequency) in SUBSCRIPTIONS.items():
        if Subscription.objects.filter(email=email).exists():
            continue
        subscription = Subscription.objects.create(
            email=email,
            user=User.objects.filter(email=email).first(),
            language=language,
            newsletter=newsletter,
            content_types=_known(types),
            frequency=frequency,
            confirmed_at=now,
            digest_since=now,
        )
        locale = german() if language == "de" else english()
        chosen = Topic.objects.filter(slug__in=topics, locale=locale)
        if not chosen.exists():
            chosen = Topic.objects.filter(slug__in=topics, locale=german())
        subscription.topics.set(chosen)
    _draft_issue()
    if stdout is not None:
        stdout.write(f"  {Subscription.objects.confirmed().count()} confirmed subscriptions")


def _draft_issue():
    """A German draft issue with the two newest articles, once (not sent: the editors try
    the preview, the test copy and the sending themselves)."""
    if NewsletterIssue.objects.filter(subject=DRAFT_ISSUE_SUBJECT).exists():
        return
    from blog.models import BlogPage

    articles = BlogPage.objects.live().public().filter(locale=german()).order_by("-date")[:2]
    NewsletterIssue.objects.create(
        subject=DRAFT_ISSUE_SUBJECT,
        language="de",
        introduction=(
            "<p>Liebe Mitglieder, liebe Interessierte,</p><p>in dieser Ausgabe: was die "
            "Werkstätten der letzten Wochen ergeben haben und was beim nächsten "
            "Deutschlandforum auf Sie wartet.</p>"
        ),
        body=[
            ("article", {"page": article, "title": "", "summary": article.listing_summary})
            for article in articles
        ]
        + [("paragraph", "<p>Herzliche Grüße aus der Geschäftsstelle</p>")],
    )


# --- Large volumes for benchmarks --------------------------------------------------------

BULK_PREFIX = "abonnent-"
BULK_DOMAIN = "bulk.example.org"


def seed_bulk(scale=1, stdout=None):
    """Add 10,000 confirmed subscriptions (at scale 1) in bulk: 80 % German, 20 % English,
    a quarter daily, a third with the newsletter, each with one to three content types
    and half of them with one to three topics in their language (the others: every
    topic); confirmed in the past month, their last digest a week ago. The numbering
    continues on a second run."""
    load()
    rng = random.Random(20260118)
    count = max(1, int(10_000 * scale))
    types = [key for key, _label in content_type_choices()]
    topics = {}
    for topic_id, language in Topic.objects.order_by("pk").values_list(
        "pk", "locale__language_code"
    ):
        topics.setdefault(language, []).append(topic_id)
    now = timezone.now()
    with transaction.atomic():
        first = Subscription.objects.filter(email__startswith=BULK_PREFIX).count() + 1
        subscriptions = []
        for number in range(first, first + count):
            confirmed = now - timedelta(days=rng.randint(8, 40))
            subscriptions.append(
                Subscription(
                    email=f"{BULK_PREFIX}{number}@{BULK_DOMAIN}",
                    language="en" if number % 5 == 0 else "de",
                    newsletter=number % 3 == 0,
                    content_types=rng.sample(types, rng.randint(1, min(3, len(types)))),
                    frequency=(
                        Subscription.Frequency.DAILY
                        if number % 4 == 0
                        else Subscription.Frequency.WEEKLY
                    ),
                    created_at=confirmed - timedelta(minutes=rng.randint(1, 600)),
                    confirmed_at=confirmed,
                    digest_since=now - timedelta(days=7),
                )
            )
        created = Subscription.objects.bulk_create(subscriptions, batch_size=2000)
        Through = Subscription.topics.through
        rows = []
        for subscription in created:
            available = topics.get(subscription.language) or topics.get("de", [])
            if available and rng.random() < 0.5:
                for topic_id in rng.sample(available, min(len(available), rng.randint(1, 3))):
                    rows.append(Through(subscription_id=subscription.pk, topic_id=topic_id))
        Through.objects.bulk_create(rows, batch_size=5000)
    if stdout is not None:
        stdout.write(f"  +{len(created)} confirmed subscriptions, {len(rows)} topic choices")
