"""Signal handlers: the waitlist moves up when an editor publishes a higher capacity.

(Registrations are cancelled before an account is deleted, however it is deleted, by the
``portal_before_delete_user`` hook in ``events.wagtail_hooks``: the community app runs every
app's hook from the user's ``pre_delete``.)"""

from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage
from events.registration import promote_from_waitlist


@receiver(page_published, sender=EventPage)
def promote_after_publish(sender, instance, **kwargs):
    """Publishing may have raised the capacity (or reopened registration)."""
    promote_from_waitlist(instance)
