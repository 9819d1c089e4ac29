"""The rules of expert profiles: who creates and edits which profile, how an expert's own
changes reach the site (a revision submitted for moderation, as for member profiles:
``community.moderation``), and who sees an expert's contact data."""

from django.db import transaction
from wagtail.models import Locale

from community.listings import source_of
from community.moderation import submit_for_moderation
from community.profiles import draft_of, unique_slug
from portal.membership import is_member

from .models import (
    SIZE_FIELDS,
    ContactVisibility,
    ExpertIndexPage,
    ExpertLanguage,
    ExpertPage,
    ExpertRegion,
)

__all__ = [
    "can_create_expert_profile",
    "can_edit_expert_profile",
    "contact_for",
    "contact_visible_to",
    "expert_change_of",
    "expert_profile_of",
    "save_expert_profile",
    "source_of",
]

# The profile fields an expert changes on the site (the account is for editors).
EDITABLE_FIELDS = (
    "kind",
    "name",
    "teaser",
    "description",
    "availability",
    "availability_note",
    "website",
    "contact_email",
    "contact_phone",
    "contact_visibility",
    *SIZE_FIELDS.values(),
)


def expert_profile_of(user):
    """The expert profile of ``user`` (default language), published or not, or None."""
    if not user.is_authenticated:
        return None
    return ExpertPage.objects.filter(user=user, locale=Locale.get_default()).first()


def can_edit_expert_profile(user, page):
    """Only the expert whose account is linked to the profile edits it on the site."""
    return bool(user.is_authenticated and page.user_id and page.user_id == user.pk)


def can_create_expert_profile(user):
    """Every signed-in person (with a confirmed address: allauth signs in no one else) may
    offer their expertise once; editors decide what is published."""
    return user.is_authenticated and expert_profile_of(user) is None


def expert_index_page():
    """The German expert database, parent of every profile."""
    return ExpertIndexPage.objects.filter(locale=Locale.get_default()).first()


def expert_change_of(workflow_state):
    """(profile page, expert) when ``workflow_state`` moderates a change the expert made
    to their own profile (the portal tells them of the decision itself), else None."""
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    expert = workflow_state.requested_by
    if not isinstance(page, ExpertPage) or expert is None or page.user_id != expert.pk:
        return None
    return page, expert


def contact_visible_to(user, page):
    """True when ``user`` may see the e-mail address and phone number of the expert
    profile ``page``, as the expert chose (``contact_visibility``); the expert always sees
    their own."""
    if can_edit_expert_profile(user, page):
        return True
    visibility = page.contact_visibility
    if visibility == ContactVisibility.PUBLIC:
        return True
    if visibility == ContactVisibility.SIGNED_IN:
        return user.is_authenticated
    if visibility == ContactVisibility.MEMBERS:
        return is_member(user)
    return False


def contact_for(user, page):
    """What the profile page shows ``user`` of the contact data: ``email`` and ``phone``
    (empty unless visible to them) and ``hint``, why they see none: ``"login"`` (signed-in
    readers would), ``"members"`` (club members would) or ``"office"`` (nobody does: ask the
    club office); "" when they see it or there is nothing to see."""
    details = page.contact_details()
    if not (details["email"] or details["phone"]):
        return {"email": "", "phone": "", "hint": ""}
    if contact_visible_to(user, page):
        return {**details, "hint": ""}
    hints = {
        ContactVisibility.SIGNED_IN: "login",
        ContactVisibility.MEMBERS: "login" if not user.is_authenticated else "members",
    }
    return {"email": "", "phone": "", "hint": hints.get(page.contact_visibility, "office")}


@transaction.atomic
def save_expert_profile(
    user, data, *, topics=(), regions=(), languages=(), projects=(), solutions=()
):
    """Apply the expert's changes to their profile (creating it if needed) as a new
    revision and submit it for approval. Returns the page.

    ``data``: values of ``EDITABLE_FIELDS``; ``regions`` and ``languages``: their values;
    ``topics``, ``projects`` and ``solutions``: German topics and pages."""
    page = expert_profile_of(user)
    if page is None:
        parent = expert_index_page()
        page = ExpertPage(
            title=data["name"],
            slug=unique_slug(parent, data["name"]),
            name=data["name"],
            teaser=data["teaser"],
            user=user,
            owner=user,
            live=False,
        )
        parent.add_child(instance=page)
        page = ExpertPage.objects.get(pk=page.pk)
    page = draft_of(page)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(page, name, data[name])
    page.title = page.name
    page.topics = list(topics)
    page.reference_projects = list(projects)
    page.reference_solutions = list(solutions)
    page.regions = [ExpertRegion(region=region) for region in regions]
    page.languages = [ExpertLanguage(language=language) for language in languages]
    submit_for_moderation(page, user)
    return page
