"""Signed links in the ideas' e-mails: confirming a guest's idea or support (they expire)."""

from django.conf import settings
from django.core import signing

SUBMISSION_SALT = "ideas.submission.confirm"
SUPPORT_SALT = "ideas.support.confirm"

BadToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired


def max_age():
    """How long a confirmation link is valid (seconds): as long as a comment's."""
    return getattr(settings, "BLOG_COMMENT_CONFIRMATION_MAX_AGE", 7 * 86400)


def submission_token(submission):
    return signing.dumps({"i": submission.pk}, salt=SUBMISSION_SALT)


def support_token(support):
    return signing.dumps({"s": support.pk}, salt=SUPPORT_SALT)


def submission_id_from_token(token):
    """Raises ``ExpiredToken`` after ``max_age()`` and ``BadToken`` for anything forged."""
    return _id(signing.loads(token, salt=SUBMISSION_SALT, max_age=max_age()), "i")


def support_id_from_token(token):
    return _id(signing.loads(token, salt=SUPPORT_SALT, max_age=max_age()), "s")


def _id(data, key):
    if not isinstance(data, dict) or not isinstance(data.get(key), int):
        raise BadToken("malformed token")
    return data[key]
