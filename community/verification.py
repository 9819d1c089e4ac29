"""Verifying e-mail addresses for someone else without handing over their account.

Anybody can sign up with another person's address and a password of their own. That address
stays unverified (allauth lets nobody sign in with it) until its owner follows the
confirmation link. When the office verifies the address instead (the member import, the
e-mail addresses in the Django admin, ...), the password chosen before anyone proved the
address must not become usable, or the person who signed up signs in as the member.

The rule, in one place: when an address becomes verified without its owner's confirmation
and the account has a usable password but no verified address yet, then

* the password is replaced by an unusable one (Django checks every session against the
  password hash, so this also ends all sessions of the account),
* the address gets an invitation with a link to set a new password (allauth's reset link,
  sent once the change is committed; a dry run of the import sends nothing),
* it is logged: Wagtail's log entry ``community.unproven_password_revoked`` on the account
  (admin: Reports → Site history) and a warning on the ``community.verification`` logger.

``verify_address`` is the way for portal code to mark an address verified on the office's
behalf (it applies the rule to every account with a password and no verified address). A
signal on allauth's ``EmailAddress`` applies it to every other save that turns an address
someone claimed on the site (an unverified address record) into a verified one: the Django
admin's form and its "mark as verified" action, the shell. The owner's own confirmation
through allauth (link or code) goes through ``PortalAccountAdapter.confirm_email``, which
runs inside ``owner_confirmation`` and keeps the password. Accounts without any address
record were made by staff or code (Wagtail's user admin, ``createsuperuser``, fixtures) with a
password chosen there; the signal leaves them alone. ``QuerySet.update()`` sends no signal:
use ``verify_address``.
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from portal.mail import queue_email

from .middleware import with_language

logger = logging.getLogger(__name__)

REVOKED_ACTION = "community.unproven_password_revoked"

# (user id, address) pairs whose owner is confirming them right now (allauth's flow).
_owner_confirming = contextvars.ContextVar("owner_confirming", default=frozenset())


def _key(user_id, email):
    return (user_id, (email or "").lower())


@contextmanager
def owner_confirmation(email_address):
    """The owner of ``email_address`` proved it (allauth's confirmation): verifying it
    inside this block keeps the account's password."""
    key = _key(email_address.user_id, email_address.email)
    token = _owner_confirming.set(_owner_confirming.get() | {key})
    try:
        yield
    finally:
        _owner_confirming.reset(token)


def has_unproven_password(user):
    """True when ``user`` has a usable password but nobody has proven an address of the
    account: whoever chose the password may not be the person the address belongs to."""
    return (
        user.pk is not None
        and user.has_usable_password()
        and not EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
    )


def invitation_url(user, language):
    """allauth's set-password link for ``user`` (valid ``PASSWORD_RESET_TIMEOUT``, once)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return with_language(f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}", language)


def send_invitation(user, language=None, email=None, password_revoked=False):
    """E-mail ``user`` (at ``email``, default their account address) a link to set a
    password; ``password_revoked`` adds why an earlier password no longer works."""
    language = language or user.language or settings.LANGUAGE_CODE
    queue_email(
        "community/email/invitation",
        {
            "user": user,
            "email": email or user.email,
            "set_password_url": invitation_url(user, language),
            "valid_days": max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400)),
            "password_revoked": password_revoked,
        },
        to=[email or user.email],
        language=language,
    )


def revoke_unproven_password(user, email, source, actor=None, language=None):
    """Make the password of ``user`` unusable (ending its sessions), invite ``email`` to
    set a new one and log it, if the password is unproven (``has_unproven_password``).
    ``source`` says who verified the address ("import", "admin", ...). Returns True when
    the password was revoked."""
    if not has_unproven_password(user):
        return False
    user.set_unusable_password()
    user.save(update_fields=["password"])
    log(
        instance=user,
        action=REVOKED_ACTION,
        user=actor,
        data={"email": email, "source": source},
    )

    def after_commit():
        # The set-password link is made from the committed account (allauth's token covers
        # its password and addresses), so it is valid once the address is verified.
        send_invitation(user, language, email=email, password_revoked=True)
        logger.warning(
            "Address %s of account %s verified by %s without its owner's confirmation: the "
            "password set before was revoked and a set-password link sent.",
            email,
            user.pk,
            source,
        )

    transaction.on_commit(after_commit)
    return True


@dataclass
class Verification:
    verified_now: bool = False
    password_revoked: bool = False
    conflict: bool = False  # the address is verified for another account


def verify_address(user, email, source, actor=None, language=None):
    """Mark ``email`` as the verified primary address of ``user`` on the office's behalf
    (nobody proved it here): an unproven password is revoked first (see module doc)."""
    email = email.lower()
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is not None and address.verified and address.primary:
        return Verification()
    if EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists():
        return Verification(conflict=True)
    revoked = revoke_unproven_password(user, email, source, actor=actor, language=language)
    EmailAddress.objects.filter(user=user, primary=True).exclude(
        pk=getattr(address, "pk", None)
    ).update(primary=False)
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    else:
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return Verification(verified_now=True, password_revoked=revoked)


@receiver(pre_save, sender=EmailAddress, dispatch_uid="community_unproven_verification")
def revoke_password_when_someone_else_verifies(sender, instance, raw=False, **kwargs):
    """Every save that turns a claimed address into a verified one, other than the owner's
    confirmation, revokes an unproven password first (see module doc)."""
    if raw or not instance.verified or not instance.user_id:
        return
    if _key(instance.user_id, instance.email) in _owner_confirming.get():
        return
    if instance.pk is not None:
        before = EmailAddress.objects.filter(pk=instance.pk).values("user_id", "verified").first()
        if before and before["verified"] and before["user_id"] == instance.user_id:
            return  # it was verified already
    claims = EmailAddress.objects.filter(user_id=instance.user_id, verified=False)
    if not claims.exists():
        return  # no address claimed on the site: an account made by staff or code
    revoke_unproven_password(instance.user, instance.email, source="admin")


class UnprovenPasswordRevoked(LogFormatter):
    label = _("Unbestätigtes Passwort zurückgesetzt")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return gettext(
            "Adresse %(email)s ohne Bestätigung durch die Inhaber:in bestätigt (%(source)s): "
            "das zuvor gesetzte Passwort gilt nicht mehr, ein Link zum Festlegen wurde "
            "verschickt"
        ) % {"email": data.get("email", ""), "source": data.get("source", "")}


def register_log_actions(actions):
    """For the ``register_log_actions`` hook (community/wagtail_hooks.py)."""
    actions.register_action(REVOKED_ACTION)(UnprovenPasswordRevoked)
