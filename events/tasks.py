"""Background tasks of the events app (django-tasks)."""

from django_tasks import task

from events.emails import write_notices
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
