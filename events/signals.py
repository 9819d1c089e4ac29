"""Signal handlers: the waitlist moves up when an editor publishes a higher capacity.

(Registrations are cancelled before an account is deleted, however it is deleted, by the
``portal_before_delete_user`` hook in ``events.account``: the community app runs every
app's hook from the user's ``pre_delete``.)"""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage
from events.tasks import promote_from_waitlist_task


@receiver(page_published, sender=EventPage)
def promote_after_publish(sender, instance, **kwargs):
    """Publishing may have raised the capacity (or reopened registration).

    The promotion takes the event's seat lock, so it runs after the publish has committed
    and as a task: the editor does not wait for registrations in progress (with the
    database task queue of production; in development the task runs at once), and the
    promotion sees the new capacity."""
    event_id = instance.registration_event().pk
    transaction.on_commit(lambda: promote_from_waitlist_task.enqueue(event_id))
