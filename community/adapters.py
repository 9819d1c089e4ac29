"""django-allauth adapted to the portal: its e-mails go through the portal's outbox
(delivered after commit, retried on failure) and their links carry the reader's language and
name the portal's public address (``PORTAL_BASE_URL``), not the host of the request."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.utils.translation import get_language

from portal.canonical import base_url, rebase
from portal.client_ip import client_ip

from .emails import send_account_email
from .middleware import with_language
from .verification import owner_confirmation


def portal_site(request=None):
    """What allauth's e-mails call "the site": the portal's name and public host (instead of
    the unused django.contrib.sites entry "example.com")."""
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(base_url()).netloc)


def _on_public_address(context_data):
    """allauth builds its links (``activate_url``, ``password_reset_url``, ``signup_url``)
    from the request: move them to the public address."""
    return {
        key: rebase(value)
        if key.endswith("_url") and isinstance(value, str) and value.startswith(("http:", "https:"))
        else value
        for key, value in context_data.items()
    }


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The same client address as every other rate limit of the portal (sign-in
        lockouts per IP must hit one client, never everyone behind the proxy)."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context_data):
        request = context.request
        data = {"request": request, "email": email, "current_site": portal_site(request)}
        data.update(_on_public_address(context_data))
        send_account_email(self.render_mail(template_prefix, email, data))

    def confirm_email(self, request, email_address):
        """The owner proved the address (allauth's link or code): verifying it keeps the
        password they chose (``community.verification``)."""
        with owner_confirmation(email_address):
            return super().confirm_email(request, email_address)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return with_language(
            super().get_email_confirmation_url(request, emailconfirmation), get_language()
        )

    def get_reset_password_from_key_url(self, key):
        return with_language(super().get_reset_password_from_key_url(key), get_language())
