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
* A member hears of the editors' decision on their profile change, and a provider of the
  decision on their solution change made on the site, from the portal, in their language,
  with links to the site (``community.emails``); Wagtail's own workflow e-mails (which link
  to the admin) go only to people who work in the admin, never to them about that change.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail import hooks
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from .access import CONTACT_EMAIL_ACTION, log_representatives_change
from .accounts import clean_up_before_deletion
from .emails import send_moderation_request, send_profile_decision, send_solution_decision
from .models import Organisation
from .profiles import member_change_of
from .solutions import solution_change_of
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
# --- Decisions on changes made on the site ------------------------------------------------


def site_change_of(workflow_state):
    """(send function, page, submitter) when ``workflow_state`` moderates a change made on
    the site whose author the portal tells of the decision itself: a member's own profile
    (``community.profiles``), a provider's solution (``community.solutions``) or what
    another app's ``portal_site_change_of`` hook names; else None."""
    change = member_change_of(workflow_state)
    if change is not None:
        return (send_profile_decision, *change)
    change = solution_change_of(workflow_state)
    if change is not None:
        return (send_solution_decision, *change)
    # Other apps' changes made on the site (e.g. expert profiles): a hook returns the same
    # triple for the changes it knows, else None.
    for fn in hooks.get_hooks("portal_site_change_of"):
        change = fn(workflow_state)
        if change is not None:
            return change
    return None


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="community-profile-approved")
def tell_author_change_approved(sender, instance, **kwargs):
    change = site_change_of(instance)
    if change is not None:
        send, page, author = change
        send(page, author, approved=True)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="community-profile-rejected")
def tell_author_change_rejected(sender, instance, **kwargs):
    change = site_change_of(instance)
    if change is None:
        return
    send, page, author = change
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state is not None else ""
    send(page, author, approved=False, comment=comment or "")


@receiver(workflow_cancelled, sender=WorkflowState, dispatch_uid="community-profile-published")
def tell_author_change_published(sender, instance, **kwargs):
    """An editor published the page while the author's change waited (Wagtail then cancels
    the workflow): that approves the change too. A workflow cancelled without publishing
    leaves the change a draft and says nothing."""
    change = site_change_of(instance)
    if change is None:
        return
    send, page, author = change
    page = Page.objects.filter(pk=page.pk).first()
    if page is not None and page.live and page.live_revision_id == page.latest_revision_id:
        send(page.specific, author, approved=True)


def wants_wagtail_notice(user, workflow_state):
    """Wagtail's decision e-mails link to the admin: they go to people who may use it, and
    never to the author of a change made on the site (a member's own profile, a provider's
    solution: the portal writes to them instead)."""
    return user.has_perm("wagtailadmin.access_admin") and site_change_of(workflow_state) is None


class AdminApprovalNotifier(WorkflowStateApprovalEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = super().get_recipient_users(workflow_state, **kwargs)
        return {user for user in recipients if wants_wagtail_notice(user, workflow_state)}


class AdminRejectionNotifier(WorkflowStateRejectionEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = super().get_recipient_users(workflow_state, **kwargs)
        return {user for user in recipients if wants_wagtail_notice(user, workflow_state)}


# These take the places (dispatch_uid) of Wagtail's own notifiers (wagtail.admin's
# register_signal_handlers): whichever app is ready first, only these stay connected. Kept
# at module level because signals hold their receivers weakly.
admin_approval_notifier = AdminApprovalNotifier()
admin_rejection_notifier = AdminRejectionNotifier()
for signal, notifier, uid in (
    (workflow_approved, admin_approval_notifier, "workflow_state_approved_email_notification"),
    (workflow_rejected, admin_rejection_notifier, "workflow_state_rejected_email_notification"),
):
    signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
    signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid)
