"""Signed links that let a person cancel their registration without signing in.

The token names the registration and the moment it was made (a registration that was
cancelled and made again gets a new token); it is signed with the project's SECRET_KEY and
a salt of its own, and it expires when the event starts.
"""

from datetime import datetime

from django.core import signing
from django.utils import timezone

from events.models import Registration

SALT = "events.registration.cancel"


class InvalidToken(Exception):
    """Forged, damaged or no longer matching any registration."""


class ExpiredToken(Exception):
    """Valid, but the event has started: cancelling is no longer possible."""

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
