"""Signal receivers of the community app (connected in ``CommunityConfig.ready``).

* Every deletion of an account runs the same clean-up first (``community.accounts``).
* Every change of an organisation's representatives or contact e-mail, by any path, is
  logged in Wagtail's log (``community.access``).
* An address verified by someone other than its owner revokes an unproven password
  (``community.verification``).
* A change submitted for approval: each moderator of the workflow task gets one e-mail from
  the portal's outbox, in their language (``community.emails.send_moderation_request``).
  Wagtail sent two notices instead, both in the admin's language and past the outbox: one
  per task to the task's groups and superusers, one per workflow to the superusers again.
  The receivers below take Wagtail's places (its ``dispatch_uid``s, connected before
  ``wagtail.admin`` connects its own, which Django then skips): the task notice becomes the
  portal's e-mail, the workflow notice is not sent.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

from .access import CONTACT_EMAIL_ACTION, log_representatives_change
from .accounts import clean_up_before_deletion
from .emails import send_moderation_request
from .models import Organisation
from .verification import revoke_when_someone_else_verifies


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-user-clean-up")
def clean_up_before_user_deletion(sender, instance, **kwargs):
    """Every deletion of an account runs the same clean-up, once, whichever way it is
    deleted (admin, shell, command, "delete my account"; ``community.accounts``)."""
    clean_up_before_deletion(instance)


# --- The log of who may act for an organisation --------------------------------------------


@receiver(
    m2m_changed,
    sender="community.Organisation_representatives",
    dispatch_uid="community_log_representatives",
)
def log_representatives(sender, instance, action, reverse, pk_set, **kwargs):
    """Every change of an organisation's representatives is logged, from either side of
    the relation (``organisation.representatives`` or ``user.represented_organisations``)."""
    if action == "pre_clear":
        # clear() reports no ids afterwards: log what is about to go.
        if reverse:
            for organisation in instance.represented_organisations.all():
                log_representatives_change(organisation, removed=[instance.pk])
        else:
            removed = list(instance.representatives.values_list("pk", flat=True))
            log_representatives_change(instance, removed=removed)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    change = "added" if action == "post_add" else "removed"
    if reverse:
        for organisation in Organisation.objects.filter(pk__in=pk_set):
            log_representatives_change(organisation, **{change: [instance.pk]})
    else:
        log_representatives_change(instance, **{change: sorted(pk_set)})


@receiver(pre_save, sender="community.Organisation", dispatch_uid="community_log_contact")
def log_contact_email_change(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("contact_email", flat=True).first()
    if before is not None and before != instance.contact_email:
        log(
            instance=instance,
            action=CONTACT_EMAIL_ACTION,
            data={"old": before, "new": instance.contact_email},
        )


@receiver(post_save, sender="community.Organisation", dispatch_uid="community_log_new_contact")
def log_contact_email_of_new_organisation(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.contact_email:
        log(
            instance=instance,
            action=CONTACT_EMAIL_ACTION,
            data={"old": "", "new": instance.contact_email},
        )


# --- Addresses verified without their owner ----------------------------------------------


@receiver(pre_save, sender=EmailAddress, dispatch_uid="community_unproven_verification")
def revoke_password_when_someone_else_verifies(sender, instance, raw=False, **kwargs):
    """Every save that turns a claimed address into a verified one, other than the owner's
    confirmation, revokes an unproven password first (``community.verification``)."""
    if not raw:
        revoke_when_someone_else_verifies(instance)


class ModerationRequestNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's choice of recipients (the task's groups and the superusers, active, with an
    address, who did not switch these notices off, never the submitter), the portal's
    e-mail."""

    def __call__(self, instance=None, **kwargs):
        if not self.can_handle(instance, **kwargs):
            return False
        recipients = self.get_valid_recipients(instance, **kwargs)
        send_moderation_request(instance, recipients, submitter=kwargs.get("user"))
        return True


moderation_request_notifier = ModerationRequestNotifier()
task_submitted.connect(
    moderation_request_notifier,
    sender=TaskState,
    dispatch_uid="group_approval_task_submitted_email_notification",  # Wagtail's
)


def no_second_notice(sender, **kwargs):
    """The moderators heard of the submission from the task's e-mail."""


workflow_submitted.connect(
    no_second_notice,
    sender=WorkflowState,
    dispatch_uid="workflow_state_submitted_email_notification",  # Wagtail's
)
