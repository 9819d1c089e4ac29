"""The e-mails of subscriptions, queued in the outbox (``portal.mail``) in the subscriber's
language: the confirmation request (double opt-in), the notice to an address that is
subscribed already, and the digests (stored in bulk, ``queue_digests``).

Every one carries a one-click unsubscribe (RFC 8058: ``List-Unsubscribe`` with the https
link, ``List-Unsubscribe-Post``) and the link to manage the choice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.canonical import absolute_url
from portal.mail import queue_email, render_email, store_rendered_emails
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


def _send(template, subscription, **extra):
    context = {"subscription": subscription, **links(subscription), **extra}
    return queue_email(
        f"subscriptions/email/{template}",
        context,
        to=[subscription.email],
        language=subscription.language,
        headers=unsubscribe_headers(context["unsubscribe_url"]),
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


# Stand-ins for the personal links while a digest is rendered once for everyone who gets
# the same pages; each copy gets its own links in their place.
MANAGE_MARK = "@@manage_url@@"
UNSUBSCRIBE_MARK = "@@unsubscribe_url@@"
TOKEN_MARK = "@@token@@"


class _LinkMaker:
    """The manage and unsubscribe links, with each URL reversed once per language."""

    def __init__(self):
        self.patterns = {}

    def url(self, name, token, language):
        key = (name, language)
        if key not in self.patterns:
            self.patterns[key] = _url(name, TOKEN_MARK, language)
        return self.patterns[key].replace(TOKEN_MARK, token)

    def links(self, subscription):
        language = subscription.language
        return {
            "manage_url": self.url("manage", make_manage_token(subscription), language),
            "unsubscribe_url": self.url(
                "unsubscribe", make_unsubscribe_token(subscription), language
            ),
        }


def queue_digests(digests):
    """Store the digest e-mails of ``digests`` ([(subscription, sections), ...]; sections
    [(content type label, [item with ``title`` and ``url``, ...]), ...]) in the outbox, in
    one INSERT, and return them. They are not delivered yet: ``send_digests`` hands them to
    the task queue in one task after the commit (``portal.mail.deliver_many_soon``).

    Everyone who gets the same pages in the same language and frequency shares one
    rendering; only the personal links differ."""
    rendered = {}
    link_maker = _LinkMaker()
    messages = []
    for subscription, sections in digests:
        key = (
            subscription.language,
            subscription.frequency,
            # The pages' URLs name the sections too (one content type per page).
            tuple(tuple(item.url for item in items) for _label, items in sections),
        )
        if key not in rendered:
            rendered[key] = render_email(
                "subscriptions/email/digest",
                {
                    "frequency": subscription.frequency,
                    "sections": sections,
                    "manage_url": MANAGE_MARK,
                    "unsubscribe_url": UNSUBSCRIBE_MARK,
                },
                subscription.language,
            )
        subject, body, html = rendered[key]
        links = link_maker.links(subscription)

        def personal(text, links=links):
            return text.replace(MANAGE_MARK, links["manage_url"]).replace(
                UNSUBSCRIBE_MARK, links["unsubscribe_url"]
            )

        messages.append(
            {
                "to": [subscription.email],
                "subject": subject,
                "body": personal(body),
                "html": personal(html),
                "headers": unsubscribe_headers(links["unsubscribe_url"]),
            }
        )
    return store_rendered_emails(messages)
