"""Signed links in comment e-mails: confirmation (expires) and unsubscribe (does not)."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "blog.comment.confirm"
UNSUBSCRIBE_SALT = "blog.comment.unsubscribe"

# Re-exported so views catch them without importing django.core.signing.
BadToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired


def confirmation_token(comment):
    return signing.dumps({"c": comment.pk}, salt=CONFIRM_SALT)


def comment_id_from_confirmation_token(token):
    """The comment id in a confirmation token. Raises ``ExpiredToken`` after
    ``BLOG_COMMENT_CONFIRMATION_MAX_AGE`` seconds and ``BadToken`` for anything forged."""
    data = signing.loads(
        token, salt=CONFIRM_SALT, max_age=settings.BLOG_COMMENT_CONFIRMATION_MAX_AGE
    )
    return _comment_id(data)


def unsubscribe_token(comment):
    return signing.dumps({"c": comment.pk}, salt=UNSUBSCRIBE_SALT)


def comment_id_from_unsubscribe_token(token):
    return _comment_id(signing.loads(token, salt=UNSUBSCRIBE_SALT))


def _comment_id(data):
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        raise BadToken("malformed token")
    return data["c"]
