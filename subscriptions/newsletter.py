"""Sending a newsletter issue (``NewsletterIssue``): to whom, with what content, and once.

* ``recipients(issue)``: the confirmed subscriptions with the newsletter in the issue's
  language; unconfirmed ones and those without the newsletter get nothing.
* ``send_issue(issue, user)``: in one transaction, marks the issue sent with a conditional
  UPDATE (``sent_at IS NULL``; a second call, or a concurrent one that waited for the row,
  changes nothing and is refused with ``AlreadySent``), then stores one outbox e-mail per
  recipient in INSERTs of ``BATCH_SIZE`` (the issue is rendered once; each copy gets the
  subscriber's own manage and one-click unsubscribe links and the ``List-Unsubscribe``
  headers), and hands them to the task queue after the commit. Nobody to send to: refused,
  the issue stays unsent.
* ``send_test(issue, user)``: one copy to the editor's own address, marked as a test.
* ``issue_content(issue)``: introduction and body with absolute links, as HTML and text,
  for the e-mail templates (and the admin's preview).
"""

import re
from html.parser import HTMLParser
from itertools import islice

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from portal.canonical import absolute_url, page_url
from portal.mail import deliver_many_soon
from subscriptions import emails
from subscriptions.models import NewsletterIssue, Subscription

BATCH_SIZE = 500


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class NewsletterError(Exception):
    """The issue cannot be sent (the message says why, in the editor's language)."""


class AlreadySent(NewsletterError):
    """The issue went out before (or is going out in another request right now)."""


def recipients(issue):
    """The confirmed subscriptions with the newsletter in ``issue``'s language."""
    return Subscription.objects.confirmed().filter(newsletter=True, language=issue.language)


def already_sent_message(issue):
    return _("Diese Ausgabe wurde bereits am %(date)s versandt.") % {
        "date": date_format(timezone.localtime(issue.sent_at), "DATETIME_FORMAT")
    }


# --- Content -------------------------------------------------------------------------------

_RELATIVE_HREF = re.compile(r'href="(/[^"]*)"')


def _absolute_links(html):
    return _RELATIVE_HREF.sub(lambda match: f'href="{absolute_url(match.group(1))}"', html)


class _TextOfHtml(HTMLParser):
    """Plain text of the rich text editors write: paragraphs apart, list items with "*" or
    numbers, links as "text (URL)"."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "div", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.href, self.lists = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag in ("ul", "ol"):
            self.lists.append(0 if tag == "ol" else None)
            self.parts.append("\n\n")
        elif tag == "li":
            if self.lists and self.lists[-1] is not None:
                self.lists[-1] += 1
                self.parts.append(f"\n{self.lists[-1]}. ")
            else:
                self.parts.append("\n* ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "a":
            if self.href:
                self.parts.append(f" ({self.href})")
            self.href = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.parts.append("\n\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        lines = [line.strip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html):
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return parser.text()


def _rich_text(source):
    html = _absolute_links(expand_db_html(source or ""))
    return {"html": html, "text": html_to_text(html)}


def _article(value):
    """A chosen page as title, summary and absolute link, in the issue's language (its
    translation where there is one); None for a page that is not live and public."""
    page = value["page"]
    if page is None:
        return None
    page = page.localized
    if not page.live or not Page.objects.filter(pk=page.pk).public().exists():
        return None
    url = page_url(page)
    if url is None:
        return None
    return {
        "type": "article",
        "title": value["title"] or page.title,
        "summary": value["summary"],
        "url": url,
    }


def issue_content(issue):
    """The context of the issue's e-mail: subject, introduction and blocks (paragraphs with
    ``html`` and ``text``; articles with ``title``, ``summary`` and ``url``), links absolute,
    in the issue's language. Chosen pages that are not live and public are left out."""
    with translation.override(issue.language):
        blocks = []
        for block in issue.body:
            if block.block_type == "article":
                article = _article(block.value)
                if article is not None:
                    blocks.append(article)
            else:
                blocks.append({"type": "paragraph", **_rich_text(block.value.source)})
        return {
            "subject": issue.subject,
            "language": issue.language,
            "introduction": _rich_text(issue.introduction),
            "blocks": blocks,
        }


# --- Sending -------------------------------------------------------------------------------


def send_test(issue, user):
    """One copy of ``issue`` to ``user``'s own address, marked as a test (nothing else
    changes; the issue can still be edited and sent)."""
    if not user.email:
        raise NewsletterError(_("Ihr Konto hat keine E-Mail-Adresse."))
    return emails.send_newsletter_test(issue_content(issue), user.email)


def send_issue(issue, user, *, batch_size=BATCH_SIZE, now=None):
    """Send ``issue`` to everyone in ``recipients(issue)``, once; returns the number of
    e-mails queued. Raises ``AlreadySent`` when it was sent before, ``NewsletterError`` when
    nobody has the newsletter in its language."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = NewsletterIssue.objects.filter(pk=issue.pk, sent_at=None).update(
            sent_at=now, sent_by=user
        )
        issue.refresh_from_db()  # the content as stored (the row is ours now, or was sent)
        if not claimed:
            raise AlreadySent(already_sent_message(issue))
        content = issue_content(issue)
        subscriptions = recipients(issue).only("pk", "email", "language", "key").order_by("pk")
        email_ids = []
        for batch in _batches(subscriptions.iterator(chunk_size=batch_size), batch_size):
            email_ids += [email.pk for email in emails.queue_newsletter(content, batch)]
        if not email_ids:
            issue.sent_at = issue.sent_by = None  # rolled back with the transaction
            raise NewsletterError(
                _("Niemand hat den Newsletter in dieser Sprache abonniert; nichts versandt.")
            )
        NewsletterIssue.objects.filter(pk=issue.pk).update(recipients=len(email_ids))
        issue.recipients = len(email_ids)

        def deliver():
            for chunk in _batches(email_ids, batch_size):
                deliver_many_soon(chunk)

        # One task per batch after the commit; a failing mail server leaves the e-mails in
        # the outbox for ``send_queued_emails``.
        transaction.on_commit(deliver)
    return issue.recipients
