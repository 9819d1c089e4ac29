"""Signal receivers of the community app (connected in ``CommunityConfig.ready``)."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-user-clean-up")
def clean_up_before_user_deletion(sender, instance, **kwargs):
    """Every deletion of an account runs the same clean-up, once, whichever way it is
    deleted (admin, shell, command, "delete my account"; ``community.accounts``)."""
    from community.accounts import clean_up_before_deletion

    clean_up_before_deletion(instance)
