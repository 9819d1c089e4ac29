"""Signal receivers of working groups (connected in ``WorkingGroupsConfig.ready``).

* Every change of a membership, by any path (the site, the admin, a command), puts the
  person into the group's Django group or takes them out (``rules.sync_person``).
* A members-only area is put behind its privacy restriction when it is created (in any
  language) and again on every publication, whatever the admin's privacy dialog says.
* Publishing a group page creates its Django group and document collection.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from . import rules
from .models import WorkingGroupAreaPage, WorkingGroupMembership, WorkingGroupPage


@receiver(post_save, sender=WorkingGroupMembership, dispatch_uid="workinggroups-sync-save")
@receiver(post_delete, sender=WorkingGroupMembership, dispatch_uid="workinggroups-sync-delete")
def sync_membership(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    group = WorkingGroupPage.objects.filter(pk=instance.group_id).first()
    if group is None:  # the group page is being deleted
        return
    rules.sync_person(group, instance.user)


@receiver(post_save, sender=WorkingGroupAreaPage, dispatch_uid="workinggroups-protect-new-area")
def protect_new_area(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        rules.protect_area(instance)


@receiver(page_published, sender=WorkingGroupAreaPage, dispatch_uid="workinggroups-protect-area")
def protect_published_area(sender, instance, **kwargs):
    rules.protect_area(instance)


@receiver(page_published, sender=WorkingGroupPage, dispatch_uid="workinggroups-group-access")
def create_group_access(sender, instance, **kwargs):
    rules.access_for(instance)
