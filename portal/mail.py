"""Templated, translated e-mails through the outbox (``portal.models.OutgoingEmail``).

    queue_email(
        "events/email/registration_confirmed", {"registration": registration},
        to=[user.email], language=user_language,
        attachments=[("forum.ics", ics_bytes, "text/calendar")],
    )

renders ``<prefix>_subject.txt``, ``<prefix>.txt`` and (if it exists) ``<prefix>.html`` in
``language``, stores the e-mail in the current transaction and delivers it after the commit.
If delivery fails, the e-mail stays pending; ``manage.py send_queued_emails`` (cron or the task
worker) retries it up to ``MAX_ATTEMPTS`` times.

The outbox is not an archive: ``manage.py purge_outbox`` (daily) deletes e-mails
``PORTAL_OUTBOX_RETENTION_DAYS`` after they were sent or given up (``purge_outbox``), and
``discard_emails_to`` forgets an address when its account is deleted.
"""

import base64
import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models.functions import Coalesce
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.canonical import base_url
from portal.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def render_email(template_prefix, context, language=None):
    """Return (subject, text body, html body or "") rendered in ``language``."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "base_url": base_url(),
            **context,
        }
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = ""
    subject = " ".join(subject.split())  # one line, no header injection
    return subject, body, html


def queue_email(
    template_prefix,
    context,
    to,
    language=None,
    attachments=(),
    reply_to=(),
    headers=None,
    background=True,
):
    """Store a rendered e-mail and deliver it once the surrounding transaction commits:
    through the task queue, or, with ``background=False`` (for callers that already run in
    the task worker), right away in this process."""
    subject, body, html = render_email(template_prefix, context, language)
    email = OutgoingEmail.objects.create(
        to=list(to),
        reply_to=list(reply_to),
        subject=subject[:300],
        body=body,
        html_body=html,
        attachments=[
            {
                "filename": name,
                "mimetype": mimetype,
                "content_b64": base64.b64encode(_bytes(content)).decode(),
            }
            for name, content, mimetype in attachments
        ],
        headers=headers or {},
    )
    if background:
        transaction.on_commit(lambda: deliver_soon(email.pk))
    else:  # a failure stays in the outbox for the retries, as with the task
        transaction.on_commit(lambda: deliver_now(email.pk), robust=True)
    return email


def _bytes(content):
    return content.encode() if isinstance(content, str) else content


def deliver_now(email_id):
    """Deliver the e-mail in this process, as the task does (it may be gone by now)."""
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        deliver(email)


def deliver_soon(email_id):
    """Hand the e-mail to the task queue (runs at once with the immediate backend)."""
    # import cycle: portal.tasks imports this module for ``deliver``
    from portal.tasks import deliver_email_task

    try:
        deliver_email_task.enqueue(email_id)
    except Exception:  # noqa: BLE001 - the outbox keeps the e-mail; the retry run sends it
        logger.exception("could not enqueue e-mail %s; it stays in the outbox", email_id)


def store_rendered_emails(messages):
    """Store many e-mails that the caller rendered already (with ``render_email``; dicts
    with ``subject``, ``body``, ``to`` and optionally ``html`` and ``headers``) in one
    INSERT, for mass mailings such as the digests. Nothing is delivered yet: the caller hands
    their ids to ``deliver_many_soon`` after the commit, and ``send_queued_emails`` delivers
    whatever was left. Returns the stored e-mails."""
    return OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=list(message["to"]),
                subject=" ".join(message["subject"].split())[:300],
                body=message["body"],
                html_body=message.get("html", ""),
                headers=message.get("headers") or {},
            )
            for message in messages
        ]
    )


def deliver_many_soon(email_ids):
    """Hand a batch of stored e-mails to the task queue as one task (call it after the
    commit that stored them)."""
    # import cycle: portal.tasks imports this module for ``deliver``
    from portal.tasks import deliver_emails_task

    if not email_ids:
        return
    try:
        deliver_emails_task.enqueue(list(email_ids))
    except Exception:  # noqa: BLE001 - the outbox keeps them; the retry run sends them
        logger.exception("could not enqueue %s e-mails; they stay in the outbox", len(email_ids))


def deliver(email):
    """Try to send one outbox e-mail now; record the outcome. Returns True when sent."""
    if email.status != OutgoingEmail.Status.PENDING:
        return email.status == OutgoingEmail.Status.SENT
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
        headers=email.headers or None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content_b64"]),
            attachment["mimetype"],
        )
    email.attempts += 1
    email.last_attempt_at = timezone.now()
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any delivery failure is retried later
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = OutgoingEmail.Status.FAILED
        email.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])
        logger.warning("e-mail %s not delivered (attempt %s): %s", email.pk, email.attempts, error)
        return False
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["attempts", "last_attempt_at", "last_error", "status", "sent_at"])
    return True


def retry_delay(attempts):
    """Wait 1, 2, 4, ... minutes (at most 4 hours) before the next attempt."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def deliver_pending(now=None):
    """Retry every pending e-mail whose back-off has passed. Returns (sent, still pending)."""
    now = now or timezone.now()
    sent = failed = 0
    for email in OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).order_by(
        "created_at"
    ):
        if email.last_attempt_at and email.last_attempt_at + retry_delay(email.attempts) > now:
            continue
        if deliver(email):
            sent += 1
        else:
            failed += 1
    return sent, failed


def purge_outbox(days=None, now=None):
    """Delete e-mails that were sent, or given up on, more than ``days`` ago
    (``PORTAL_OUTBOX_RETENTION_DAYS`` by default): their bodies hold names, cancel links and
    addresses that nobody needs once the e-mail is out. Pending e-mails stay, however old.
    Returns the number of e-mails deleted."""
    now = now or timezone.now()
    days = settings.PORTAL_OUTBOX_RETENTION_DAYS if days is None else days
    Status = OutgoingEmail.Status
    expired = (
        OutgoingEmail.objects.filter(status__in=[Status.SENT, Status.FAILED])
        .annotate(finished_at=Coalesce("sent_at", "last_attempt_at", "created_at"))
        .filter(finished_at__lt=now - timedelta(days=days))
    )
    deleted, _by_model = expired.delete()
    return deleted


def discard_emails_to(addresses):
    """Forget ``addresses`` in the outbox (their account is being deleted): e-mails to no one
    else are deleted, waiting or sent (a waiting one is then never delivered); from e-mails to
    several people only these addresses are removed; so are reply-to addresses of e-mails that
    already left (a waiting e-mail keeps the reply-to its sender asked for). Addresses compare
    case-insensitively, with or without a display name. Returns the number of e-mails deleted."""

    def address_of(value):  # "Erika <erika@example.org>" or a bare address
        return parseaddr(str(value))[1].strip().lower()

    forgotten = {address_of(address) for address in addresses if address} - {""}
    if not forgotten:
        return 0

    def without(values):
        return [value for value in values if address_of(value) not in forgotten]

    doomed, changed = [], []
    for pk, to, reply_to, status in OutgoingEmail.objects.values_list(
        "pk", "to", "reply_to", "status"
    ).iterator():
        kept_to = without(to)
        kept_reply_to = reply_to if status == OutgoingEmail.Status.PENDING else without(reply_to)
        if not kept_to:
            doomed.append(pk)
        elif kept_to != to or kept_reply_to != reply_to:
            changed.append((pk, kept_to, kept_reply_to))
    # Written after reading: SQLite gives no isolation between a read and writes on one connection.
    for pk, to, reply_to in changed:
        OutgoingEmail.objects.filter(pk=pk).update(to=to, reply_to=reply_to)
    OutgoingEmail.objects.filter(pk__in=doomed).delete()
    return len(doomed)
