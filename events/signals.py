"""Signal handlers: the waitlist moves up when an editor publishes a higher capacity, and
registrations are cancelled (so the waitlist moves up) before a user account is deleted,
however it is deleted."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage
from events.registration import cancel_registrations_of, promote_from_waitlist


@receiver(page_published, sender=EventPage)
def promote_after_publish(sender, instance, **kwargs):
    """Publishing may have raised the capacity (or reopened registration)."""
    promote_from_waitlist(instance)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def cancel_before_user_deletion(sender, instance, **kwargs):
    cancel_registrations_of(instance)
