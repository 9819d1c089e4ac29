"""The digest e-mails: what is new for each confirmed subscription since its last digest.

``send_digests`` (``manage.py send_digests``, hourly through ``run_periodic_jobs``) goes
through the subscriptions whose digest of the current period (the ISO week, or the day, in
the portal's time zone, beginning at ``SUBSCRIPTIONS_DIGEST_HOUR``) is not done yet, in
batches. Per batch, in one transaction:

* the subscriptions are locked (``select_for_update(skip_locked=True)``: a concurrent run
  takes other ones), and one ``DigestDelivery`` per subscription and period is inserted;
  the unique pair (subscription, period) makes a second run, or a concurrent one, fail
  instead of sending twice (the batch is then taken again, without those);
* a subscription with something new gets its digest queued in the outbox and its
  ``digest_since`` moved on; one with nothing new gets no e-mail (its record says 0 items,
  and the next digest still lists everything since the last one that was sent).

The e-mails are stored in one INSERT per batch (everyone who gets the same pages shares one
rendering) and handed to the task queue in one task after the commit; a failing mail server
leaves them in the outbox for ``send_queued_emails``. The pages come from one query per
content type and language per run, so a batch of 500 subscriptions costs a handful of
queries.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min, Prefetch
from django.utils import timezone
from wagtail.models import Locale

from home.models import Topic
from portal.canonical import page_url
from portal.mail import deliver_many_soon
from subscriptions import emails
from subscriptions.content_types import content_type, content_types
from subscriptions.models import DigestDelivery, Subscription

# The oldest news a digest lists (a subscription that got nothing for months does not get
# the whole archive), and the most pages per content type in one digest.
MAX_LOOKBACK = timedelta(days=35)
MAX_ITEMS_PER_TYPE = 20
BATCH_SIZE = 500
MAX_CONFLICTS = 10


@dataclass(frozen=True)
class DigestItem:
    content_type: str
    title: str
    url: str
    published_at: object
    topic_keys: frozenset


def current_period(frequency, now=None):
    """The period a digest sent at ``now`` belongs to: "2026-W49" (weekly) or "2026-12-04"
    (daily), in the portal's time zone; a period begins at ``SUBSCRIPTIONS_DIGEST_HOUR``."""
    local = timezone.localtime(now or timezone.now()) - timedelta(
        hours=settings.SUBSCRIPTIONS_DIGEST_HOUR
    )
    if frequency == Subscription.Frequency.DAILY:
        return local.date().isoformat()
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def due_subscriptions(frequency, period):
    """Confirmed subscriptions of ``frequency`` whose digest of ``period`` is not done."""
    return (
        Subscription.objects.confirmed()
        .filter(frequency=frequency)
        .exclude(deliveries__period=period)
    )


def new_pages(language, since, until):
    """Every page a digest in ``language`` may list: live, public, first published in
    (``since``, ``until``], newest first, per content type."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    items = []
    for entry in content_types():
        pages = (
            entry.model.objects.live()
            .public()
            .filter(locale=locale, first_published_at__gt=since, first_published_at__lte=until)
            .order_by("-first_published_at")
            .prefetch_related(
                Prefetch(entry.topics_field, queryset=Topic.objects.only("id", "translation_key"))
            )[: MAX_ITEMS_PER_TYPE * 10]
        )
        for page in pages:
            url = page_url(page)
            if url is None:
                continue
            items.append(
                DigestItem(
                    content_type=entry.key,
                    title=page.title,
                    url=url,
                    published_at=page.first_published_at,
                    topic_keys=frozenset(
                        topic.translation_key for topic in getattr(page, entry.topics_field).all()
                    ),
                )
            )
    return items


def digest_sections(subscription, pool, topic_keys):
    """[(label, [DigestItem, ...]), ...]: the pages of ``pool`` that are new for
    ``subscription`` (after its ``digest_since``) in its content types and topics (no topic
    chosen: all), by content type; empty when nothing is new."""
    since = subscription.digest_since or subscription.confirmed_at
    sections = []
    for key in subscription.content_types:
        entry = content_type(key)
        if entry is None:
            continue
        chosen = [
            item
            for item in pool
            if item.content_type == key
            and item.published_at > since
            and (not topic_keys or item.topic_keys & topic_keys)
        ][:MAX_ITEMS_PER_TYPE]
        if chosen:
            sections.append((entry.label, chosen))
    return sections


class _Pools:
    """The candidate pages per language, fetched once per run."""

    def __init__(self, floor, now):
        self.floor, self.now, self.by_language = floor, now, {}

    def get(self, language):
        if language not in self.by_language:
            self.by_language[language] = new_pages(language, self.floor, self.now)
        return self.by_language[language]


def send_digests(now=None, batch_size=BATCH_SIZE):
    """Build and queue the digests due at ``now``. Returns (sent, nothing new)."""
    now = now or timezone.now()
    sent = empty = 0
    for frequency in Subscription.Frequency.values:
        period = current_period(frequency, now)
        due = due_subscriptions(frequency, period)
        oldest = due.aggregate(oldest=Min("digest_since"))["oldest"]
        if oldest is None:
            continue
        pools = _Pools(max(oldest, now - MAX_LOOKBACK), now)
        last_pk, conflicts = 0, 0
        while True:
            try:
                done = _send_batch(due, last_pk, period, pools, now, batch_size)
            except IntegrityError:
                # Another run did some of them first: take the batch again without those.
                conflicts += 1
                if conflicts > MAX_CONFLICTS:
                    raise
                continue
            if done is None:
                break
            last_pk, batch_sent, batch_empty = done
            sent += batch_sent
            empty += batch_empty
    return sent, empty


def _send_batch(due, last_pk, period, pools, now, batch_size):
    topics = Prefetch("topics", queryset=Topic.objects.only("id", "translation_key"))
    with transaction.atomic():
        batch = list(
            due.filter(pk__gt=last_pk)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .prefetch_related(topics)[:batch_size]
        )
        if not batch:
            return None
        digests = []
        for subscription in batch:
            keys = frozenset(topic.translation_key for topic in subscription.topics.all())
            sections = digest_sections(subscription, pools.get(subscription.language), keys)
            digests.append((subscription, sections))
        DigestDelivery.objects.bulk_create(
            [
                DigestDelivery(
                    subscription=subscription,
                    period=period,
                    items=sum(len(items) for _label, items in sections),
                    created_at=now,
                )
                for subscription, sections in digests
            ]
        )
        due_digests = [(subscription, sections) for subscription, sections in digests if sections]
        email_ids = [email.pk for email in emails.queue_digests(due_digests)]
        sent_pks = [subscription.pk for subscription, _sections in due_digests]
        Subscription.objects.filter(pk__in=sent_pks).update(digest_since=now)
        # One task per batch after the commit (not one per e-mail): a failure leaves them in
        # the outbox for ``send_queued_emails``.
        transaction.on_commit(lambda: deliver_many_soon(email_ids))
    return batch[-1].pk, len(sent_pks), len(batch) - len(sent_pks)
