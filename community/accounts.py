"""The account page's contents, "download my data" and "delete my account".

Other apps contribute through Wagtail hooks, so that community imports none of them:

* ``portal_account_sections``: ``fn(request)`` returns ``{"title", "template", "context",
  "order"}`` or None; the account page renders each section's template with its context;
* ``portal_export_user_data``: ``fn(user)`` returns ``(key, json_serialisable_data)``;
* ``portal_before_delete_user``: ``fn(user)`` runs before an account is deleted, however it
  is deleted (cancel registrations so waitlists move up, anonymise comments, ...): see
  ``clean_up_before_deletion``, which ``community.signals`` runs on the user's ``pre_delete``.
"""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, PageLogEntry, ReferenceIndex
from wagtail.users.models import UserProfile
from wagtail_localize.models import String, StringSegment

from portal.canonical import page_url
from portal.mail import discard_emails_to
from portal.membership import is_member

from .models import ContactRequest, MemberPage, MembershipApplication
from .profiles import draft_of, profile_of
from .solutions import solutions_of

logger = logging.getLogger(__name__)


def account_sections(request):
    """The sections of ``request.user``'s account page, sorted by their ``order``."""
    sections = []
    for fn in hooks.get_hooks("portal_account_sections"):
        section = fn(request)
        if section:
            sections.append(
                {
                    "title": section["title"],
                    "template": section["template"],
                    "context": section.get("context") or {},
                    "order": section.get("order", 50),
                }
            )
    return sorted(sections, key=lambda section: section["order"])


def _profile_data(page):
    if page is None:
        return None
    return {
        "url": page_url(page) if page.live else None,
        "published": page.live,
        "first_name": page.first_name,
        "last_name": page.last_name,
        "role": page.role,
        "organisation": page.organisation.name if page.organisation_id else None,
        "state": page.state,
        "topics": [topic.name for topic in page.topics.all()],
        "bio": page.bio,
        "photo": page.photo.file.name if page.photo_id else None,
        "contact_permission": page.contact_permission,
        "public_phone": page.public_phone,
        "website": page.website,
    }


def export_user_data(user):
    """Everything the portal stores about ``user``, as JSON-serialisable data."""
    profile = profile_of(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
        },
        "notification_settings": {
            "language": user.language,
            "email_event_reminders": user.email_event_reminders,
            "email_comment_replies": user.email_comment_replies,
            "email_club_news": user.email_club_news,
        },
        "membership": {
            "is_member": is_member(user),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": _profile_data(profile),
        "profile_draft": _profile_data(draft_of(profile))
        if profile is not None and profile.has_unpublished_changes
        else None,
        "membership_applications": [
            {
                "created_at": application.created_at.isoformat(),
                "organisation": application.organisation,
                "role": application.role,
                "reason": application.reason,
                "status": application.status,
                "decided_at": application.decided_at.isoformat()
                if application.decided_at
                else None,
                "decision_message": application.decision_message,
            }
            for application in MembershipApplication.objects.filter(user=user)
        ],
        "contact_requests": [
            {
                "created_at": contact.created_at.isoformat(),
                "to": contact.recipient_title,
                "subject": contact.subject,
                "message": contact.message,
                "allow_reply": contact.allow_reply,
            }
            for contact in ContactRequest.objects.filter(sender=user).select_related(
                "solution", "member"
            )
        ],
        "represented_organisations": list(
            user.represented_organisations.values_list("name", flat=True)
        ),
        "solutions": [
            {
                "title": page.title,
                "published": page.live,
                "url": page_url(page) if page.live else None,
            }
            for page in solutions_of(user)
        ],
    }
    for fn in hooks.get_hooks("portal_export_user_data"):
        key, value = fn(user)
        if key in data:
            logger.warning("portal_export_user_data: key %r is taken; ignored from %r", key, fn)
            continue
        data[key] = value
    return data


@transaction.atomic
def delete_account(user):
    """Delete ``user`` ("delete my account"). The clean-up runs from the ``pre_delete``
    signal (``clean_up_before_deletion``), as for every other way an account is deleted,
    inside the deletion's transaction: all or nothing. Deleting an account that is gone
    already (a second click) does nothing."""
    account = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if account is not None:
        account.delete()


# --- What happens before any account is deleted ---------------------------------------

DELETED_ACCOUNT_LABEL = gettext_noop("Gelöschtes Konto")
DELETED_PROFILE_LABEL = gettext_noop("Gelöschtes Mitgliederprofil")


def clean_up_before_deletion(user):
    """Everything that must happen before ``user`` is deleted, however it is deleted
    (Wagtail's user admin, a Django admin, ``user.delete()``, a queryset's ``delete()``, a
    command, "delete my account"); ``community.signals`` calls it once per account from
    ``pre_delete``, inside the deletion's transaction.

    First every app's ``portal_before_delete_user`` hook (events cancel registrations so
    that waitlists move up, the blog anonymises comments), then the member's profile is
    deleted (``delete_profile_of``), the account's name leaves the admin logs, the admin
    avatar file goes, and last (the hooks may just have queued e-mails to the person) the
    outbox forgets the person's addresses."""
    email_addresses = list(EmailAddress.objects.filter(user=user))
    for fn in hooks.get_hooks("portal_before_delete_user"):
        fn(user)
    delete_profile_of(user)
    _forget_account_in_logs(user, email_addresses)
    _delete_avatar_of(user)
    discard_emails_to([user.email, *(address.email for address in email_addresses)])


def _label(message):
    """A neutral label stored in place of a name (in the site's default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def delete_profile_of(user, model=MemberPage, label=DELETED_PROFILE_LABEL):
    """Delete the profile of ``user`` (a page of ``model`` with a ``user`` field: the member
    profile, or another app's profile, named ``label`` in the history afterwards): the
    page, every translation and alias of it, with
    their drafts, revisions, workflow states and wagtail-localize data (which Wagtail and
    wagtail-localize delete with the page), the photos nothing else uses (renditions and
    files too), and the name from the pages' history (``PageLogEntry``).

    The page is deleted rather than kept unpublished: a kept page would have to be
    scrubbed field by field, in every revision and translation source, and again for every
    field added later. Articles and programme sessions that named the member as author or
    speaker lose that entry (those foreign keys cascade; older revisions drop it when
    loaded). Returns the number of pages deleted."""
    keys = set(model.objects.filter(user=user).values_list("translation_key", flat=True))
    if not keys:
        return 0
    pages = list(model.objects.filter(translation_key__in=keys))
    pages += list(
        model.objects.filter(alias_of__in=[page.pk for page in pages]).exclude(
            translation_key__in=keys
        )
    )
    page_ids = [page.pk for page in pages]
    photo_ids = {getattr(page, "photo_id", None) for page in pages}
    for page in pages:
        photo_ids.update(revision.content.get("photo") for revision in page.revisions.all())
    photo_ids.discard(None)
    string_ids = set(
        StringSegment.objects.filter(source__object_id__in=keys).values_list("string", flat=True)
    )

    for page in pages:
        page.delete(user=None)
    PageLogEntry.objects.filter(page_id__in=page_ids).update(label=_label(label), data={})
    # wagtail-localize deletes its sources and segments with the pages but keeps the texts.
    String.objects.filter(pk__in=string_ids, segments__isnull=True).delete()
    for image in get_image_model().objects.filter(pk__in=photo_ids):
        if image_in_use(image):
            logger.info("kept image %s of a deleted profile: it is used elsewhere", image.pk)
        else:
            image.delete()  # Wagtail deletes the renditions and the files after the commit
    return len(pages)


def image_in_use(image):
    """True when anything points at ``image``: a foreign key or many-to-many field of any
    model (renditions aside), or Wagtail's reference index (rich text, StreamField)."""
    rendition_model = image.renditions.model
    for relation in image._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.related_model is rendition_model:
            continue
        if relation.related_model._base_manager.filter(**{relation.field.name: image}).exists():
            return True
    return ReferenceIndex.get_references_to(image).exists()


def _forget_account_in_logs(user, email_addresses):
    """Wagtail's and Django's admin logs name the account (its name, its addresses): keep
    the entries (who did what, when) under a neutral label."""
    label = _label(DELETED_ACCOUNT_LABEL)
    user_type = ContentType.objects.get_for_model(user, for_concrete_model=False)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        label=label, data={}
    )
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=label, change_message=""
    )
    if email_addresses:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(email_addresses[0]),
            object_id__in=[str(address.pk) for address in email_addresses],
        ).update(object_repr=label, change_message="")


def _delete_avatar_of(user):
    """The admin's avatar image (``wagtail.users.UserProfile``) goes with its row, but Django
    leaves the file: delete it once the deletion is committed."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        storage, name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: storage.delete(name))
