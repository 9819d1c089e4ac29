"""Who may edit which profile, and how a member's own changes reach the site."""

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale

from portal.membership import is_member
from portal.unapproved_images import discard_images, is_unapproved

from .models import MemberIndexPage, MemberPage
from .moderation import submit_for_moderation

# The profile fields a member changes on the site (the rest is for editors).
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "role",
    "organisation",
    "state",
    "bio",
    "contact_permission",
    "public_phone",
    "website",
)


def profile_of(user):
    """The member's own profile page (default language), published or not, or None."""
    if not user.is_authenticated:
        return None
    return MemberPage.objects.filter(user=user, locale=Locale.get_default()).first()


def member_change_of(workflow_state):
    """(profile page, member) when ``workflow_state`` moderates a change the member made to
    their own profile (the portal tells them of the decision itself), else None."""
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    member = workflow_state.requested_by
    if not isinstance(page, MemberPage) or member is None or page.user_id != member.pk:
        return None
    return page, member


def can_edit_profile(user, page):
    """Only the member whose account is linked to the profile edits it on the site."""
    return bool(user.is_authenticated and page.user_id and page.user_id == user.pk)


def can_create_profile(user):
    return is_member(user) and profile_of(user) is None


def directory_page():
    """The German member directory, parent of every profile."""
    return MemberIndexPage.objects.filter(locale=Locale.get_default()).first()


def unique_slug(parent, text):
    """A slug for a new child of ``parent`` that no sibling uses yet."""
    base = slugify(text)[:70] or "mitglied"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def draft_of(page):
    """The latest version of ``page`` including changes waiting for approval."""
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


@transaction.atomic
def save_profile(user, data, topics, photo=None, remove_photo=False):
    """Apply the member's changes to their profile (creating it if needed) as a new
    revision and submit it for approval. Returns the page.

    ``photo`` is an unapproved image (``portal.unapproved_images``): only the member and
    editors see it until the change is published. A photo that an earlier, still unapproved
    change brought and this one replaces or removes is deleted."""
    page = profile_of(user)
    if page is None:
        parent = directory_page()
        full_name = f"{data['first_name']} {data['last_name']}".strip()
        page = MemberPage(
            title=full_name,
            slug=unique_slug(parent, full_name),
            first_name=data["first_name"],
            last_name=data["last_name"],
            user=user,
            owner=user,
            live=False,
        )
        parent.add_child(instance=page)
        page = MemberPage.objects.get(pk=page.pk)
    page = draft_of(page)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(page, name, data[name])
    page.title = page.full_name
    page.topics = list(topics)
    previous_photo = page.photo
    if remove_photo:
        page.photo = None
    elif photo is not None:
        page.photo = photo
    submit_for_moderation(page, user)
    if is_unapproved(previous_photo) and previous_photo.pk != page.photo_id:
        discard_images([previous_photo.pk])
    return page
