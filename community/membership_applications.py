"""Applying for club membership, and the editors' decision.

Views, the admin and tests call these functions; membership itself is the group checked
by ``portal.membership`` (one rule for every app).
"""

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.mail import queue_email
from portal.membership import grant_membership, is_member

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
        office = _office_email()
        if office:
            queue_email(
                "community/email/application_received_office",
                {"application": application, "admin_path": _admin_path(application)},
                to=[office],
                language="de",
            )
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
            template = "community/email/application_approved"
        else:
            template = "community/email/application_declined"
        with translation.override(locked.language):
            profile_path = reverse("community:profile")
        queue_email(
            template,
            {"application": locked, "user": locked.user, "profile_path": profile_path},
            to=[locked.user.email],
            language=locked.language,
        )
    application.refresh_from_db()
    return locked


def _office_email():
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).contact_email if site else ""


def _admin_path(application):
    try:
        return reverse("community_applications:inspect", args=[application.pk])
    except NoReverseMatch:
        return ""
