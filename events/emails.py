"""The e-mails of the registration process, queued in the outbox (``portal.mail``).

Each is rendered in the language stored on the registration and refers to the event page in
that language where a translation exists. They are written inside the transaction of the
change they report and delivered after it commits; a failing mail server leaves them in the
outbox for ``send_queued_emails`` and never undoes the registration.
"""

from django.utils import translation

from events.calendar import absolute_url, event_calendar
from events.localization import localized_event, localized_sessions
from events.tokens import make_cancel_token, make_confirm_token
from portal.mail import queue_email


def _context(registration, workshops=None, **extra):
    event = localized_event(registration.event, registration.language)
    event_url = absolute_url(event.url)
    token = make_cancel_token(registration)
    return {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "cancel_url": f"{event_url}{event.reverse_subpage('cancel', kwargs={'token': token})}",
        "workshops": localized_sessions(
            registration.workshops.all() if workshops is None else workshops, event
        ),
        **extra,
    }


def _send(template, registration, attachments=(), workshops=None, **extra):
    context = _context(registration, workshops=workshops, **extra)
    return queue_email(
        f"events/email/{template}",
        context,
        to=[registration.recipient],
        language=registration.language,
        attachments=attachments,
    )


def _ics_attachment(registration):
    event = localized_event(registration.event, registration.language)
    with translation.override(registration.language):
        content = event_calendar(event)
    return [(f"{event.slug}.ics", content, "text/calendar")]


def send_confirmation(registration, workshops=None, dropped_workshops=()):
    event = localized_event(registration.event, registration.language)
    return _send(
        "registration_confirmed",
        registration,
        attachments=_ics_attachment(registration),
        workshops=workshops,
        dropped_workshops=localized_sessions(dropped_workshops, event),
    )


def send_confirmation_request(registration, workshops=None):
    """To a guest: the link that confirms the address (and so the registration), with the
    deadline and whether a seat is held until then."""
    from events.registration import confirmation_minutes

    event = localized_event(registration.event, registration.language)
    token = make_confirm_token(registration)
    confirm_url = absolute_url(
        f"{event.url}{event.reverse_subpage('confirm', kwargs={'token': token})}"
    )
    return _send(
        "registration_pending",
        registration,
        workshops=workshops,
        confirm_url=confirm_url,
        deadline=registration.hold_expires_at,
        minutes=confirmation_minutes(),
    )


def send_already_registered(registration):
    """To an address that was used to register again: the registration it has (only the
    owner of the address learns that it is registered), with the cancel link."""
    return _send(
        "registration_exists",
        registration,
        position=registration.waitlist_position(),
    )


def send_waitlist_notice(registration, position=None, workshops=None):
    return _send(
        "registration_waitlisted",
        registration,
        position=position or registration.waitlist_position(),
        workshops=workshops,
    )


def send_promotion_notice(registration, dropped_workshops=()):
    event = localized_event(registration.event, registration.language)
    return _send(
        "registration_promoted",
        registration,
        attachments=_ics_attachment(registration),
        dropped_workshops=localized_sessions(dropped_workshops, event),
    )


def send_cancellation_notice(registration):
    return _send("registration_cancelled", registration)


def send_reminder(registration):
    return _send("registration_reminder", registration)
