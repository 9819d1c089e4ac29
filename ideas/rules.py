"""The rules of ideas, in one place for views, the admin, signals and commands: who may
see an idea, submitting and confirming one, supporting it once per person, and announcing
a new status. The e-mails these rules send are built in ``ideas.emails``."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Locale

from community.moderation import submit_for_moderation
from community.profiles import unique_slug
from portal.caching.pages import cached_value, depends_on
from portal.caching.registry import SUPPORTS, object_scope
from portal.unapproved_images import store_unapproved_image

from . import emails
from .models import (
    IdeaIndexPage,
    IdeaPage,
    IdeaStatus,
    IdeaStatusChange,
    IdeaSubmission,
    IdeaSupport,
)
from .tokens import max_age


def source_of(page):
    """The default-language version of an idea or index (itself if it is one)."""
    default = Locale.get_default()
    if page.locale_id == default.id:
        return page
    return page.get_translation_or_none(default) or page


def confirmed_ideas():
    """Ideas nobody submitted on the site (editors' own) or whose submitter confirmed."""
    return Q(submission__isnull=True) | Q(submission__confirmed_at__isnull=False)


def is_public(idea):
    """Readers see an idea only when it is live and its submitter confirmed the address
    (looked up once per generation: a submitter confirms before the idea is published)."""
    if not idea.live:
        return False
    source_id = source_id_of(idea)
    return cached_value(
        "idea-confirmed",
        source_id,
        compute=lambda: IdeaPage.objects.filter(confirmed_ideas(), pk=source_id).exists(),
    )


def source_id_of(page):
    """The id of the default-language version of ``page`` (once per generation)."""
    if page.locale_id == Locale.get_default().id:
        return page.pk
    return cached_value("idea-source", page.pk, compute=lambda: source_of(page).pk)


def ideas_index():
    return IdeaIndexPage.objects.filter(locale=Locale.get_default()).first()


# --- Submitting ----------------------------------------------------------------------------


@transaction.atomic
def submit_idea(index, data, *, user=None, language="de", upload=None):
    """Create the idea as a draft below ``index`` (its German version) with who submitted
    it. A signed-in person's idea goes to the moderators at once; a guest first gets an
    e-mail with a link to confirm the address. Returns the submission."""
    index = source_of(index)
    signed_in = user is not None and user.is_authenticated
    image = None
    if upload is not None:
        image = store_unapproved_image(
            upload, user=user if signed_in else None, title=data["title"]
        )
    page = IdeaPage(
        title=data["title"],
        slug=unique_slug(index, data["title"]),
        description=data["description"],
        municipality=data.get("municipality", ""),
        submitter_type=data["submitter_type"],
        image=image,
        owner=user if signed_in else None,
        live=False,
    )
    index.add_child(instance=page)
    page = IdeaPage.objects.get(pk=page.pk)
    page.topics = list(data["topics"])
    submission = IdeaSubmission.objects.create(
        idea=page,
        user=user if signed_in else None,
        name=(user.get_full_name() if signed_in else data.get("name", ""))[:150],
        email=user.email if signed_in else data["email"],
        language=language,
        notify=data.get("notify", True),
        confirmed_at=timezone.now() if signed_in else None,
    )
    if signed_in:
        submit_for_moderation(page, user)
    else:
        page.save_revision(log_action=True)
        emails.send_submission_confirmation(submission)
    return submission


def confirm_submission(submission):
    """The guest clicked the link: the idea goes to the moderators. Twice changes nothing.
    Returns True when this call confirmed it."""
    with transaction.atomic():
        updated = IdeaSubmission.objects.filter(pk=submission.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        submission.refresh_from_db()
        if updated:
            page = IdeaPage.objects.get(pk=submission.idea_id)
            submit_for_moderation(page.get_latest_revision_as_object(), None)
    return bool(updated)


def purge_unconfirmed(now=None):
    """Delete ideas whose submitter never confirmed the address in time. Returns the count."""
    cutoff = (now or timezone.now()) - timedelta(seconds=max_age())
    expired = IdeaSubmission.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    count = 0
    for submission in expired.select_related("idea"):
        submission.idea.delete()
        count += 1
    return count


def purge_unconfirmed_supports(now=None):
    """Delete guests' supports never confirmed in time. Returns the count."""
    cutoff = (now or timezone.now()) - timedelta(seconds=max_age())
    return IdeaSupport.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()[0]


# --- Supporting ----------------------------------------------------------------------------


def cached_support_count(source_id):
    """The confirmed supports of an idea (its German version's id), counted once per
    generation of its supports."""

    def count():
        depends_on(object_scope(SUPPORTS, source_id))
        return IdeaSupport.objects.filter(idea_id=source_id, confirmed_at__isnull=False).count()

    return cached_value("idea-supports", source_id, compute=count)


def support_count(idea):
    return IdeaSupport.objects.filter(idea=source_of(idea), confirmed_at__isnull=False).count()


def support_counts(idea_ids):
    """{idea id: confirmed supports} in one query."""
    rows = (
        IdeaSupport.objects.filter(idea_id__in=list(idea_ids), confirmed_at__isnull=False)
        .values("idea_id")
        .annotate(n=Count("pk"))
    )
    return {row["idea_id"]: row["n"] for row in rows}


def supports(idea, user):
    """True when the signed-in ``user`` supports ``idea`` (with their account or their
    address)."""
    if not user.is_authenticated:
        return False
    return supported_by(source_of(idea).pk, user)


def supported_by(source_id, user):
    return IdeaSupport.objects.filter(
        Q(user=user) | Q(email=user.email.lower()), idea_id=source_id, confirmed_at__isnull=False
    ).exists()


def support_idea(idea, *, user=None, email="", notify=False, language="de"):
    """One person supports a public idea once. A signed-in member counts at once; a guest
    gets a link to confirm the address, and counts after confirming. Returns (support,
    created); ``created`` is False when the person (account or address) already supports
    it or waits for confirmation. Safe against double submits and concurrent requests:
    the unique constraints decide, inside a savepoint."""
    idea = source_of(idea)
    signed_in = user is not None and user.is_authenticated
    address = (user.email if signed_in else email).strip().lower()
    existing = IdeaSupport.objects.filter(idea=idea, user=user).first() if signed_in else None
    existing = existing or IdeaSupport.objects.filter(idea=idea, email=address).first()
    if existing is not None:
        if signed_in and existing.confirmed_at is None:
            # The account's address is confirmed: a support waiting for that address
            # counts now, and belongs to the account.
            IdeaSupport.objects.filter(pk=existing.pk, confirmed_at__isnull=True).update(
                confirmed_at=timezone.now(), user=user
            )
            existing.refresh_from_db()
            return existing, True
        return existing, False
    try:
        with transaction.atomic():
            support = IdeaSupport.objects.create(
                idea=idea,
                user=user if signed_in else None,
                email=address,
                notify=notify,
                language=language,
                confirmed_at=timezone.now() if signed_in else None,
            )
    except IntegrityError:
        return IdeaSupport.objects.filter(idea=idea, email=address).first(), False
    if not signed_in:
        emails.send_support_confirmation(support)
    return support, True


def confirm_support(support):
    """The guest clicked the link: the support counts. Twice changes nothing."""
    updated = IdeaSupport.objects.filter(pk=support.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    support.refresh_from_db()
    return bool(updated)


def withdraw_support(idea, user):
    """A signed-in member takes their support back."""
    return IdeaSupport.objects.filter(idea=source_of(idea), user=user).delete()[0] > 0


# --- Status --------------------------------------------------------------------------------


def announced_status(idea):
    latest = IdeaStatusChange.objects.filter(idea=idea).first()
    return latest.status if latest is not None else IdeaStatus.NEW


def announce_status(idea):
    """Called when an idea is published: if its status differs from the one last
    announced, record the change and tell the submitter and the supporters who asked for
    it, each in their language. Only the German version holds the supports; publishing a
    translation announces nothing. Returns the change or None."""
    if idea.locale_id != Locale.get_default().id:
        return None
    with transaction.atomic():
        locked = IdeaPage.objects.select_for_update().filter(pk=idea.pk).first()
        if locked is None or announced_status(locked) == locked.status:
            return None
        change = IdeaStatusChange.objects.create(
            idea=locked, status=locked.status, reason=locked.status_reason
        )
        emails.send_status_change(locked, change)
    return change


def status_recipients(idea):
    """[(address, language)] of the submitter (if confirmed and they asked) and the
    confirmed supporters who asked, each address once."""
    recipients = {}
    submission = IdeaSubmission.objects.filter(
        idea=idea, confirmed_at__isnull=False, notify=True
    ).first()
    if submission is not None and submission.email:
        recipients[submission.email.lower()] = submission.language
    for address, language in IdeaSupport.objects.filter(
        idea=idea, notify=True, confirmed_at__isnull=False
    ).values_list("email", "language"):
        recipients.setdefault(address.lower(), language)
    return sorted(recipients.items())
