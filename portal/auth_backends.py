"""The portal's authentication backends: Django's and allauth's, loading the signed-in
person together with the one fact almost every request of a signed-in person asks
(club membership, ``portal.membership.is_member``), so that it costs no query of its own.

Everything else (passwords, permissions, allauth's e-mail sign-in) is the parent class's.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from portal.membership import with_membership


class MembershipOnLoadMixin:
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = with_membership(user_model._default_manager.all()).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        user_model = get_user_model()
        try:
            user = await with_membership(user_model._default_manager.all()).aget(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(MembershipOnLoadMixin, DjangoModelBackend):
    """Sign-in with e-mail address and password (the admin's form, ``force_login``)."""


class AuthenticationBackend(MembershipOnLoadMixin, AllauthBackend):
    """Sign-in through allauth's forms (the portal's own sign-in page)."""
