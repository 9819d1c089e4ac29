"""The e-mails of subscriptions, queued in the outbox (``portal.mail``) in the subscriber's
language: the confirmation request (double opt-in), the notice to an address that is
subscribed already, and the digest.

Every one carries a one-click unsubscribe (RFC 8058: ``List-Unsubscribe`` with the https
link, ``List-Unsubscribe-Post``) and the link to manage the choice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.canonical import absolute_url
from portal.mail import queue_email
from subscriptions.tokens import make_confirm_token, make_manage_token, make_unsubscribe_token


def _url(name, token, language):
    with translation.override(language):
        return absolute_url(reverse(f"subscriptions:{name}", kwargs={"token": token}))


def links(subscription):
    """The manage and unsubscribe links of ``subscription`` (absolute, in its language)."""
    return {
        "manage_url": _url("manage", make_manage_token(subscription), subscription.language),
        "unsubscribe_url": _url(
            "unsubscribe", make_unsubscribe_token(subscription), subscription.language
        ),
    }


def unsubscribe_headers(unsubscribe_url):
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send(template, subscription, background=True, **extra):
    context = {"subscription": subscription, **links(subscription), **extra}
    return queue_email(
        f"subscriptions/email/{template}",
        context,
        to=[subscription.email],
        language=subscription.language,
        headers=unsubscribe_headers(context["unsubscribe_url"]),
        background=background,
    )


def send_confirmation_request(subscription):
    return _send(
        "subscription_confirm",
        subscription,
        confirm_url=_url("confirm", make_confirm_token(subscription), subscription.language),
        valid_days=settings.SUBSCRIPTIONS_CONFIRMATION_DAYS,
    )


def send_already_subscribed(subscription):
    """To an address that asked to subscribe again: only its owner learns that it is
    subscribed, and gets the link to change the choice."""
    return _send("subscription_exists", subscription)


def send_digest(subscription, sections, background=True):
    """``sections``: [(content type label, [item, ...]), ...], items with ``title``,
    ``url``, ``teaser``."""
    return _send("digest", subscription, background=background, sections=sections)
