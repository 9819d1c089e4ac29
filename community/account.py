"""The community's own sections of the member's account page (Wagtail hook
``portal_account_sections``, registered in ``community/wagtail_hooks.py``): profile,
membership, solutions in the marketplace, notification settings and sign-in, "my data".

Other apps add theirs through the same hook, ordered by ``"order"``; the account page
itself, "download my data" and "delete my account", which call every app's hooks, are in
``community.accounts``.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.membership import is_member

from .membership_applications import pending_application
from .moderation import awaiting_moderation
from .profiles import profile_of
from .solutions import can_propose_solution, solutions_of


def profile_section(request):
    profile = profile_of(request.user)
    return {
        "title": _("Mein Profil"),
        "template": "community/account/sections/profile.html",
        "context": {
            "profile": profile,
            "is_member": is_member(request.user),
            "awaiting_moderation": profile is not None and awaiting_moderation(profile),
        },
        "order": 10,
    }


def membership_section(request):
    return {
        "title": _("Mitgliedschaft"),
        "template": "community/account/sections/membership.html",
        "context": {
            "is_member": is_member(request.user),
            "pending": pending_application(request.user),
        },
        "order": 20,
    }


def solutions_section(request):
    solutions = list(solutions_of(request.user))
    if not solutions and not can_propose_solution(request.user):
        return None
    return {
        "title": _("Meine Lösungen im Marktplatz"),
        "template": "community/account/sections/solutions.html",
        "context": {
            "solutions": [(page, awaiting_moderation(page)) for page in solutions],
            "propose_url": reverse("community:solution_propose"),
        },
        "order": 30,
    }


def settings_section(request):
    return {
        "title": _("Benachrichtigungen und Zugangsdaten"),
        "template": "community/account/sections/settings.html",
        "context": {"user": request.user},
        "order": 80,
    }


def data_section(request):
    return {
        "title": _("Meine Daten"),
        "template": "community/account/sections/data.html",
        "context": {},
        "order": 90,
    }
