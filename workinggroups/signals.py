"""Signal receivers of working groups (connected in ``WorkingGroupsConfig.ready``).

* Every change of a membership, by any path (the site, the admin, a command), puts the
  person into the group's Django group or takes them out (``rules.sync_person``).
* A members-only area is put behind its privacy restriction when it is created (in any
  language) and again on every publication, whatever the admin's privacy dialog says.
* Publishing a group page creates its Django group and document collection.
* Whatever loosens an area's restriction (the admin's privacy dialog, a command) is undone
  after the commit.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
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


def _restore_area_restriction(page_id):
    def restore():
        area = WorkingGroupAreaPage.objects.filter(pk=page_id).first()
        if area is not None:  # not when the area itself was deleted
            rules.protect_area(area)

    transaction.on_commit(restore)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="workinggroups-keep-saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="workinggroups-keep-deleted")
def keep_area_restricted(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        _restore_area_restriction(instance.page_id)


@receiver(
    m2m_changed,
    sender=PageViewRestriction.groups.through,
    dispatch_uid="workinggroups-keep-groups",
)
def keep_area_groups(sender, instance, action, **kwargs):
    if action in ("post_remove", "post_clear", "post_add") and isinstance(
        instance, PageViewRestriction
    ):
        _restore_area_restriction(instance.page_id)
