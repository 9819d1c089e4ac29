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
  sent once the change is committed, ``community.emails.send_invitation``; a dry run of the
  import sends nothing),
* it is logged: Wagtail's log entry ``community.unproven_password_revoked`` on the account
  (admin: Reports → Site history) and a warning on the ``community.verification`` logger.

``verify_address`` is the way for portal code to mark an address verified on the office's
behalf (it applies the rule to every account with a password and no verified address). A
signal on allauth's ``EmailAddress`` applies it to every other save that turns an address
someone claimed on the site (an unverified address record) into a verified one: the Django
admin's form and its "mark as verified" action, the shell (``revoke_when_someone_else_verifies``,
called from ``pre_save`` by ``community.signals``). The owner's own confirmation
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
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from .emails import send_invitation

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


def revoke_when_someone_else_verifies(address):
    """Before ``address`` (allauth's ``EmailAddress``) is saved: a save that turns a claimed
    address into a verified one, other than the owner's confirmation, revokes an unproven
    password first (see module doc). ``community.signals`` calls it from ``pre_save``."""
    if not address.verified or not address.user_id:
        return
    if _key(address.user_id, address.email) in _owner_confirming.get():
        return
    if address.pk is not None:
        before = EmailAddress.objects.filter(pk=address.pk).values("user_id", "verified").first()
        if before and before["verified"] and before["user_id"] == address.user_id:
            return  # it was verified already
    claims = EmailAddress.objects.filter(user_id=address.user_id, verified=False)
    if not claims.exists():
        return  # no address claimed on the site: an account made by staff or code
    revoke_unproven_password(address.user, address.email, source="admin")


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
