"""Signed links that let a person cancel their registration, or confirm the address of a
guest registration, without signing in.

A cancel token names the registration and the moment it was made (a registration that was
cancelled and made again gets a new token); it is signed with the project's SECRET_KEY and
a salt of its own, and it expires when the event starts.

A confirmation token names the registration and the deadline of its hold, with a salt of
its own (a cancel link never confirms, and the other way round); it expires with the hold.
"""

from datetime import datetime

from django.core import signing
from django.utils import timezone

from events.models import Registration

SALT = "events.registration.cancel"
CONFIRM_SALT = "events.registration.confirm"


class InvalidToken(Exception):
    """Forged, damaged or no longer matching any registration."""


class ExpiredToken(Exception):
    """Valid, but too late: the event has started (cancel), or the hold has lapsed
    (confirm); ``registration`` may be None when the lapsed hold was deleted."""

    def __init__(self, registration):
        super().__init__("event has started")
        self.registration = registration


def make_cancel_token(registration):
    return signing.dumps(
        {"r": registration.pk, "t": registration.created_at.isoformat()}, salt=SALT
    )


def registration_from_token(token, now=None):
    """The registration the token was made for; raises InvalidToken or ExpiredToken."""
    try:
        data = signing.loads(token, salt=SALT)
        registration_id = int(data["r"])
        created_at = datetime.fromisoformat(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken from error
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    )
    if registration is None or registration.created_at != created_at:
        raise InvalidToken
    if registration.event.start <= (now or timezone.now()):
        raise ExpiredToken(registration)
    return registration


def make_confirm_token(registration):
    return signing.dumps(
        {"r": registration.pk, "e": registration.hold_expires_at.isoformat()}, salt=CONFIRM_SALT
    )


def registration_from_confirm_token(token, now=None):
    """The guest registration the confirmation token was made for; raises InvalidToken
    (forged, or made for an earlier registration) or ExpiredToken (the hold has lapsed). A
    registration that was confirmed already is returned whatever the time, so that a second
    click says so."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT)
        registration_id = int(data["r"])
        expires = datetime.fromisoformat(data["e"])
        if expires.tzinfo is None:
            raise ValueError("naive deadline")
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken from error
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    )
    same = registration is not None and registration.hold_expires_at == expires
    if same and registration.status != Registration.Status.PENDING:
        return registration
    if expires <= (now or timezone.now()):
        raise ExpiredToken(registration if same else None)
    if not same:
        raise InvalidToken
    return registration
