"""The events app's part of the member's account page, data export and account deletion
(Wagtail hooks ``portal_account_sections``, ``portal_export_user_data`` and
``portal_before_delete_user``, registered in ``events/wagtail_hooks.py``; the community app
calls them)."""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.localization import localized_event
from events.models import Registration
from events.registration import cancel_registrations_of
from events.tokens import make_cancel_token


def account_registrations(request):
    """The member's current and upcoming registrations, each with a cancel button."""
    if not request.user.is_authenticated:
        return None
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(user=request.user, event__end__gte=now)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__start")
    )
    entries = []
    for registration in registrations:
        page = registration.event
        shown = localized_event(page, get_language())
        entries.append(
            {
                "registration": registration,
                "event": shown,
                "position": registration.waitlist_position(),
                "cancel_url": shown.cancel_url(make_cancel_token(registration))
                if page.start > now
                else None,
            }
        )
    return {
        "title": _("Meine Veranstaltungen"),
        "template": "events/account/registrations.html",
        "context": {"entries": entries},
        "order": 30,
    }


def export_registrations(user):
    data = []
    for registration in (
        Registration.objects.filter(user=user)
        .select_related("event")
        .prefetch_related("workshops")
        .order_by("created_at")
    ):
        data.append(
            {
                "event": registration.event.title,
                "event_start": registration.event.start.isoformat(),
                "status": registration.status,
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation,
                "workshops": [session.title for session in registration.workshops.all()],
                "notes": registration.notes,
                "show_in_participant_list": registration.show_in_participant_list,
                "language": registration.language,
                "registered_at": registration.created_at.isoformat(),
            }
        )
    return ("event_registrations", data)


def cancel_registrations_before_account_deletion(user):
    cancel_registrations_of(user)
