"""The signed link a proposed party answers with (accept or decline a conversation)."""

from django.conf import settings
from django.core import signing

RESPONSE_SALT = "matchmaking.proposal.respond"

BadToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired


def max_age():
    """How long the link is valid (seconds), ``MATCHMAKING_RESPONSE_DAYS`` (30) days."""
    return int(getattr(settings, "MATCHMAKING_RESPONSE_DAYS", 30)) * 86400


def response_token(proposal):
    return signing.dumps({"p": proposal.pk}, salt=RESPONSE_SALT)


def proposal_id_from_token(token):
    """Raises ``ExpiredToken`` after ``max_age()`` and ``BadToken`` for anything forged."""
    data = signing.loads(token, salt=RESPONSE_SALT, max_age=max_age())
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        raise BadToken("malformed token")
    return data["p"]
