"""The e-mails of subscriptions, queued in the outbox (``portal.mail``) in the subscriber's
language: the confirmation request (double opt-in), the notice to an address that is
subscribed already, the digests (stored in bulk, ``queue_digests``) and the alerts of saved
searches (``filter_alert_message``, stored by ``subscriptions.filter_alerts``).

Every one carries a one-click unsubscribe (RFC 8058: ``List-Unsubscribe`` with the https
link, ``List-Unsubscribe-Post``) and the link to manage the choice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.canonical import absolute_url
from portal.mail import queue_email, render_email, store_rendered_emails
from subscriptions.tokens import (
    make_confirm_token,
    make_manage_token,
    make_saved_filter_unsubscribe_token,
    make_unsubscribe_token,
)

# Where a member finds their saved searches: the section on the account page.
SAVED_FILTERS_ANCHOR = "saved-searches"


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
        messages.append(_personal_copy(rendered[key], subscription, link_maker))
    return store_rendered_emails(messages)


def _personal_copy(rendered, subscription, link_maker):
    """The message of a mass mailing (``(subject, body, html)`` rendered once with
    ``MANAGE_MARK`` and ``UNSUBSCRIBE_MARK``) for one subscription: its own manage and
    one-click unsubscribe links, and the ``List-Unsubscribe`` headers."""
    subject, body, html = rendered
    links = link_maker.links(subscription)

    def personal(text):
        return text.replace(MANAGE_MARK, links["manage_url"]).replace(
            UNSUBSCRIBE_MARK, links["unsubscribe_url"]
        )

    return {
        "to": [subscription.email],
        "subject": subject,
        "body": personal(body),
        "html": personal(html),
        "headers": unsubscribe_headers(links["unsubscribe_url"]),
    }


def saved_filters_url(language):
    """The account page's section of saved searches (absolute, in ``language``)."""
    with translation.override(language):
        return absolute_url(f"{reverse('community:account')}#{SAVED_FILTERS_ANCHOR}")


def filter_alert_message(saved_filter, items, max_items):
    """The alert e-mail of ``saved_filter`` listing ``items`` (new pages with ``title``
    and ``url``; the first ``max_items`` of them), for ``store_rendered_emails``: the
    listing with the filter, the saved searches on the account page, and a one-click
    unsubscribe that deletes just this saved search."""
    language = saved_filter.language
    unsubscribe_url = _url(
        "saved_filter_unsubscribe", make_saved_filter_unsubscribe_token(saved_filter), language
    )
    with translation.override(language):
        listing_url = absolute_url(saved_filter.listing_path)
    subject, body, html = render_email(
        "subscriptions/email/filter_alert",
        {
            "saved_filter": saved_filter,
            "listing_title": saved_filter.page.title,
            "items": items[:max_items],
            "more": max(len(items) - max_items, 0),
            "listing_url": listing_url,
            "manage_url": saved_filters_url(language),
            "unsubscribe_url": unsubscribe_url,
        },
        language,
    )
    return {
        "to": [saved_filter.user.email],
        "subject": subject,
        "body": body,
        "html": html,
        "headers": unsubscribe_headers(unsubscribe_url),
    }


def _url_of(name, language):
    with translation.override(language):
        return absolute_url(reverse(f"subscriptions:{name}"))


def _newsletter_email(content, manage_url, unsubscribe_url, test=False):
    return render_email(
        "subscriptions/email/newsletter",
        {**content, "manage_url": manage_url, "unsubscribe_url": unsubscribe_url, "test": test},
        content["language"],
    )


def newsletter_preview(content):
    """(subject, text, html) of a newsletter issue as the admin's preview shows it: the
    subscription form stands in for the subscriber's own links."""
    subscribe_url = _url_of("subscribe", content["language"])
    return _newsletter_email(content, subscribe_url, subscribe_url)


def send_newsletter_test(content, address):
    """A test copy of a newsletter issue (``subscriptions.newsletter.issue_content``) to
    ``address`` (the editor's own): marked as a test, with the subscription form in place of
    a subscriber's links and no unsubscribe headers."""
    subscribe_url = _url_of("subscribe", content["language"])
    return queue_email(
        "subscriptions/email/newsletter",
        {**content, "manage_url": subscribe_url, "unsubscribe_url": subscribe_url, "test": True},
        to=[address],
        language=content["language"],
    )


def queue_newsletter(content, subscriptions):
    """Store a newsletter issue's e-mail to each of ``subscriptions`` in the outbox, in one
    INSERT, and return them (not delivered yet: the caller hands them to the task queue
    after the commit). Rendered once; each copy gets the subscriber's own manage and one-click
    unsubscribe links and the ``List-Unsubscribe`` headers."""
    rendered = _newsletter_email(content, MANAGE_MARK, UNSUBSCRIBE_MARK)
    link_maker = _LinkMaker()
    return store_rendered_emails(
        [_personal_copy(rendered, subscription, link_maker) for subscription in subscriptions]
    )
