"""Applying for club membership, and the editors' decision.

Views, the admin and tests call these functions; membership itself is the group checked
by ``portal.membership`` (one rule for every app).
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.membership import grant_membership, is_member

from .emails import send_application_decision, send_application_received
from .models import MembershipApplication


class ApplicationError(Exception):
    """An application that cannot be submitted or decided (the message says why)."""


def pending_application(user):
    return user.membership_applications.filter(status=MembershipApplication.Status.PENDING).first()


def submit_application(user, organisation, role, reason, language=None):
    """Store a membership application of ``user`` and tell the club office."""
    if is_member(user):
        raise ApplicationError(_("Sie sind bereits Mitglied des Clubs."))
    with transaction.atomic():
        if pending_application(user) is not None:
            raise ApplicationError(_("Ihr Antrag liegt bereits vor und wird bearbeitet."))
        application = MembershipApplication.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            reason=reason,
            language=language or translation.get_language() or "de",
        )
        send_application_received(application)
    return application


def approve_application(application, decided_by, message=""):
    """Accept the application: the applicant becomes a member and is told by e-mail."""
    return _decide(application, MembershipApplication.Status.APPROVED, decided_by, message)


def decline_application(application, decided_by, message=""):
    """Decline the application and tell the applicant by e-mail (with ``message``)."""
    return _decide(application, MembershipApplication.Status.DECLINED, decided_by, message)


def _decide(application, status, decided_by, message):
    with transaction.atomic():
        locked = (
            MembershipApplication.objects.select_for_update()
            .select_related("user")
            .get(pk=application.pk)
        )
        if locked.status != MembershipApplication.Status.PENDING:
            raise ApplicationError(_("Über diesen Antrag wurde bereits entschieden."))
        locked.status = status
        locked.decided_at = timezone.now()
        locked.decided_by = decided_by
        locked.decision_message = message
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
        if status == MembershipApplication.Status.APPROVED:
            grant_membership(locked.user)
        send_application_decision(locked)
    application.refresh_from_db()
    return locked
