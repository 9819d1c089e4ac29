"""The e-mails of the registration process, queued in the outbox (``portal.mail``).

Each is rendered in the language stored on the registration and refers to the event page in
that language where a translation exists.

The registration rules (``events.registration``) decide on e-mails while they hold the seat
lock of an event, but render none there: they store a ``RegistrationNotice`` (which e-mail,
to which registration, with the waitlist position or the dropped workshops) in the same
transaction, which costs one small INSERT. Right after that transaction, outside the lock,
``write_notices_soon`` hands them to the task queue (run at once in development and tests,
by the worker in production), where ``write_notices`` renders each into the outbox and
deletes it, in one transaction per notice; the outbox delivers it after that commits.
During a rush one task writes the notices of many registrations (``write_notices_soon``).

So a crash never loses an e-mail (the notice stays, and ``write_overdue_notices``, run by
``manage.py expire_registration_holds``, writes it later), a failing mail server leaves it
in the outbox for ``send_queued_emails`` and never undoes the registration, and
registrations for one event never wait while e-mails are rendered.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks.backends.immediate import ImmediateBackend

from events.calendar import event_calendar
from events.localization import localized_event, localized_sessions
from events.models import RegistrationNotice, Session
from events.tokens import make_cancel_token, make_confirm_token
from portal.caching.pages import cache_is_process_local
from portal.canonical import absolute_url
from portal.mail import queue_email

logger = logging.getLogger(__name__)

Kind = RegistrationNotice.Kind

# Notices older than this are taken to be left behind by a process that died after its
# transaction; the periodic job writes them.
OVERDUE_AFTER = timedelta(minutes=2)


def _context(registration, workshops=None, **extra):
    event = localized_event(registration.event, registration.language)
    event_url = absolute_url(event.url)
    token = make_cancel_token(registration)
    return {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "cancel_url": f"{event_url}{event.reverse_subpage('cancel', kwargs={'token': token})}",
        "workshops": localized_sessions(
            registration.workshops.all() if workshops is None else workshops, event
        ),
        **extra,
    }


def _send(template, registration, attachments=(), workshops=None, background=True, **extra):
    context = _context(registration, workshops=workshops, **extra)
    return queue_email(
        f"events/email/{template}",
        context,
        to=[registration.recipient],
        language=registration.language,
        attachments=attachments,
        background=background,
    )


def _ics_attachment(registration):
    event = localized_event(registration.event, registration.language)
    with translation.override(registration.language):
        content = event_calendar(event)
    return [(f"{event.slug}.ics", content, "text/calendar")]


def send_confirmation(registration, workshops=None, dropped_workshops=(), background=True):
    event = localized_event(registration.event, registration.language)
    return _send(
        "registration_confirmed",
        registration,
        attachments=_ics_attachment(registration),
        workshops=workshops,
        dropped_workshops=localized_sessions(dropped_workshops, event),
        background=background,
    )


def send_confirmation_request(registration, workshops=None, background=True):
    """To a guest: the link that confirms the address (and so the registration), with the
    deadline and whether a seat is held until then."""
    # import cycle: events.registration imports this module (the rules decide on e-mails)
    from events.registration import confirmation_minutes

    event = localized_event(registration.event, registration.language)
    token = make_confirm_token(registration)
    confirm_url = absolute_url(
        f"{event.url}{event.reverse_subpage('confirm', kwargs={'token': token})}"
    )
    return _send(
        "registration_pending",
        registration,
        workshops=workshops,
        confirm_url=confirm_url,
        deadline=registration.hold_expires_at,
        minutes=confirmation_minutes(),
        background=background,
    )


def send_already_registered(registration, background=True):
    """To an address that was used to register again: the registration it has (only the
    owner of the address learns that it is registered), with the cancel link."""
    return _send(
        "registration_exists",
        registration,
        position=registration.waitlist_position(),
        background=background,
    )


def send_waitlist_notice(registration, position=None, workshops=None, background=True):
    return _send(
        "registration_waitlisted",
        registration,
        position=position or registration.waitlist_position(),
        workshops=workshops,
        background=background,
    )


def send_promotion_notice(registration, dropped_workshops=(), background=True):
    event = localized_event(registration.event, registration.language)
    return _send(
        "registration_promoted",
        registration,
        attachments=_ics_attachment(registration),
        dropped_workshops=localized_sessions(dropped_workshops, event),
        background=background,
    )


def send_cancellation_notice(registration, background=True):
    return _send("registration_cancelled", registration, background=background)


def send_reminder(registration):
    return _send("registration_reminder", registration)


# --- Notices: e-mails the rules decided on, written after their transaction --------------


# Set while a task that writes every recent notice is queued and has not started yet.
PENDING_TASK_KEY = "events:notices:task-queued"


def write_notices_soon(notices):
    """Hand ``notices`` to the task queue, which writes them into the outbox: at once in
    development and tests (the immediate backend), in the worker in production (the request
    that made them does not wait for the rendering). If that fails, the periodic job writes
    them.

    A registration rush makes hundreds of notices a second. With a worker and a cache that
    all processes share, they are not queued one task each: the first notice queues one task
    that writes every recent notice (``write_recent_notices``), and the notices made before
    that task starts ride along (a key in the cache says that it is queued; the task deletes
    the key before it reads the notices, so none is missed). Without the shared cache (or
    while it is down) each call queues a task of its own."""
    # import cycle: events.tasks imports this module for ``write_notices``
    from events.tasks import write_notices_task, write_recent_notices_task

    if not notices:
        return
    try:
        if _runs_elsewhere(write_recent_notices_task) and not cache_is_process_local():
            if cache.add(PENDING_TASK_KEY, True, timeout=int(OVERDUE_AFTER.total_seconds())):
                try:
                    write_recent_notices_task.enqueue()
                except Exception:
                    cache.delete(PENDING_TASK_KEY)
                    raise
                return
            # Not added: the key is there (the queued task, not started yet, writes these
            # too), or the cache did not answer. The portal's Redis backend knows which
            # (no second round trip in a rush); another backend is asked for the key.
            answering = getattr(cache, "answering", None)
            if answering is not None and answering():
                return
            if answering is None and cache.get(PENDING_TASK_KEY) is not None:
                return
            # The cache did not answer (or the task has just started): a task of their own.
        write_notices_task.enqueue([getattr(notice, "pk", notice) for notice in notices])
    except Exception:  # noqa: BLE001 - the notices stay; write_overdue_notices writes them
        logger.exception("registration e-mails not handed to the task queue; they are kept")


def _runs_elsewhere(task):
    """Whether ``task`` runs in a worker when queued (not at once, in this process)."""
    return not isinstance(task.get_backend(), ImmediateBackend)


def write_recent_notices(now=None):
    """Write every notice younger than ``OVERDUE_AFTER`` (older ones are the periodic job's:
    a notice that fails to render is not retried by every task). The task of
    ``write_notices_soon``; it first says that it has started."""
    cache.delete(PENDING_TASK_KEY)  # from here on a new notice queues a new task
    now = now or timezone.now()
    recent = RegistrationNotice.objects.filter(created_at__gt=now - OVERDUE_AFTER)
    return write_notices(list(recent.order_by("created_at", "id").values_list("pk", flat=True)))


def write_notices(notices):
    """Render ``notices`` (or their ids) into the outbox, each in a transaction of its own;
    a notice written already (by a concurrent call) or whose registration is gone is
    skipped. A notice that cannot be rendered is logged and kept for the periodic job; the
    caller (a registration that has been committed) does not fail. Returns how many were
    written."""
    written = 0
    for notice_id in [getattr(notice, "pk", notice) for notice in notices]:
        try:
            with transaction.atomic():
                # Claim it with a write first: on SQLite that takes the write lock before
                # anything is read; on PostgreSQL a concurrent writer waits here and then
                # finds it gone.
                if not RegistrationNotice.objects.filter(pk=notice_id).update(
                    created_at=F("created_at")
                ):
                    continue
                notice = RegistrationNotice.objects.select_related(
                    "registration__event__locale", "registration__user"
                ).get(pk=notice_id)
                _write(notice)
                notice.delete()
            written += 1
        except Exception:  # noqa: BLE001 - the notice stays; the periodic job retries it
            logger.exception("registration e-mail %s not written; it is kept", notice_id)
    return written


def write_overdue_notices(now=None):
    """Write the notices that a process left behind (older than ``OVERDUE_AFTER``)."""
    now = now or timezone.now()
    overdue = RegistrationNotice.objects.filter(created_at__lte=now - OVERDUE_AFTER)
    return write_notices(list(overdue.order_by("created_at", "id").values_list("pk", flat=True)))


def _sessions(ids):
    return list(Session.objects.filter(pk__in=ids)) if ids else []


def _write(notice):
    """Render ``notice`` into the outbox; it is delivered right after the commit, here (this
    runs in the task worker already, or in a request with the immediate task backend)."""
    registration, details = notice.registration, notice.details
    workshops = _sessions(details["workshops"]) if "workshops" in details else None
    dropped = _sessions(details.get("dropped"))
    now = {"background": False}
    if notice.kind == Kind.CONFIRMED:
        return send_confirmation(
            registration, workshops=workshops, dropped_workshops=dropped, **now
        )
    if notice.kind == Kind.WAITLISTED:
        return send_waitlist_notice(
            registration, position=details.get("position"), workshops=workshops, **now
        )
    if notice.kind == Kind.PROMOTED:
        return send_promotion_notice(registration, dropped_workshops=dropped, **now)
    if notice.kind == Kind.CANCELLED:
        return send_cancellation_notice(registration, **now)
    if notice.kind == Kind.CONFIRMATION_REQUEST:
        return send_confirmation_request(registration, workshops=workshops, **now)
    if notice.kind == Kind.ALREADY_REGISTERED:
        return send_already_registered(registration, **now)
    raise ValueError(f"unknown registration notice {notice.kind!r}")
