"""The expert database's parts of the account area (Wagtail hooks registered in
``experts/wagtail_hooks.py``): the section "Mein Beraterprofil", the profile in "download
my data", and the profile's deletion with the account."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from community.accounts import delete_profile_of
from community.moderation import awaiting_moderation
from community.profiles import draft_of

from .models import ExpertPage
from .profiles import expert_profile_of

DELETED_EXPERT_PROFILE_LABEL = gettext_noop("Gelöschtes Beraterprofil")


def expert_section(request):
    profile = expert_profile_of(request.user)
    return {
        "title": _("Mein Beraterprofil"),
        "template": "experts/account/section.html",
        "context": {
            "profile": profile,
            "awaiting_moderation": profile is not None and awaiting_moderation(profile),
        },
        "order": 35,
    }


def _profile_data(page):
    return {
        "kind": page.kind,
        "name": page.name,
        "teaser": page.teaser,
        "description": page.description,
        "topics": [topic.name for topic in page.topics.all()],
        "regions": [item.region for item in page.regions.all()],
        "languages": [item.language for item in page.languages.all()],
        "municipality_sizes": [str(label) for label in page.municipality_sizes],
        "availability": page.availability,
        "availability_note": page.availability_note,
        "reference_projects": [item.title for item in page.reference_projects.all()],
        "reference_solutions": [item.title for item in page.reference_solutions.all()],
        "website": page.website,
        "contact_email": page.contact_email,
        "contact_phone": page.contact_phone,
        "contact_visibility": page.contact_visibility,
        "published": page.live,
    }


def export_expert_profile(user):
    """The expert profile, as published and as the latest draft (``portal_export_user_data``)."""
    page = expert_profile_of(user)
    if page is None:
        return "expert_profile", None
    draft = draft_of(page)
    return "expert_profile", {
        "profile": _profile_data(page),
        "draft": _profile_data(draft) if page.has_unpublished_changes else None,
    }


def delete_expert_profile(user):
    """The profile goes with the account, with its translations, drafts and history
    (``portal_before_delete_user``)."""
    delete_profile_of(user, model=ExpertPage, label=DELETED_EXPERT_PROFILE_LABEL)
