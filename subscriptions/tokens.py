"""Signed links of a subscription: confirm (expires after
``SUBSCRIPTIONS_CONFIRMATION_DAYS``), manage and unsubscribe (do not expire); and the
unsubscribe link of a saved search's alerts (does not expire).

Each names the subscription (or saved search) and its random ``key``, with a salt of its
own (a manage link never confirms, and so on); a link of a subscription that was deleted
(unsubscribed, expired) finds nothing, even where a new subscription got the same id.
"""

from django.conf import settings
from django.core import signing

from subscriptions.models import SavedFilter, Subscription

CONFIRM_SALT = "subscriptions.confirm"
MANAGE_SALT = "subscriptions.manage"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"
SAVED_FILTER_UNSUBSCRIBE_SALT = "subscriptions.saved_filter.unsubscribe"


class InvalidToken(Exception):
    """Forged or damaged."""


class ExpiredToken(Exception):
    """A confirmation link older than the confirmation period."""


def _make(subscription, salt):
    """A signed link naming ``subscription`` (or a saved search) and its key."""
    return signing.dumps({"s": subscription.pk, "k": subscription.key}, salt=salt)


def make_confirm_token(subscription):
    return _make(subscription, CONFIRM_SALT)


def make_manage_token(subscription):
    return _make(subscription, MANAGE_SALT)


def make_unsubscribe_token(subscription):
    return _make(subscription, UNSUBSCRIBE_SALT)


def make_saved_filter_unsubscribe_token(saved_filter):
    return _make(saved_filter, SAVED_FILTER_UNSUBSCRIBE_SALT)


def _load(token, salt, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("s"), int)
        or not isinstance(data.get("k"), str)
    ):
        raise InvalidToken
    return data


def _subscription(data):
    """The subscription the link names, or None when it no longer exists."""
    return Subscription.objects.filter(pk=data["s"], key=data["k"]).first()


def subscription_from_confirm_token(token):
    max_age = settings.SUBSCRIPTIONS_CONFIRMATION_DAYS * 24 * 60 * 60
    return _subscription(_load(token, CONFIRM_SALT, max_age=max_age))


def subscription_from_manage_token(token):
    return _subscription(_load(token, MANAGE_SALT))


def subscription_from_unsubscribe_token(token):
    return _subscription(_load(token, UNSUBSCRIBE_SALT))


def saved_filter_from_unsubscribe_token(token):
    """The saved search the link names, or None when it no longer exists."""
    data = _load(token, SAVED_FILTER_UNSUBSCRIBE_SALT)
    return SavedFilter.objects.filter(pk=data["s"], key=data["k"]).first()
