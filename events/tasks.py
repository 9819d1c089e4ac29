"""Background tasks of the events app (django-tasks)."""

from django_tasks import task

from events.emails import write_notices, write_recent_notices
from events.models import EventPage
from events.registration import promote_from_waitlist


@task()
def promote_from_waitlist_task(event_id):
    """Fill the event's free seats from the waitlist (after an editor published it)."""
    event = EventPage.objects.filter(pk=event_id).first()
    if event is not None:
        promote_from_waitlist(event)


@task()
def write_notices_task(notice_ids):
    """Render the registration e-mails the rules decided on into the outbox."""
    write_notices(notice_ids)


@task()
def write_recent_notices_task():
    """Render every recent registration e-mail into the outbox (one task for the notices of
    many registrations, see ``events.emails.write_notices_soon``)."""
    write_recent_notices()
