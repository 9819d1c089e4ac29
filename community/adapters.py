"""django-allauth adapted to the portal: its e-mails go through the portal's outbox
(delivered after commit, retried on failure) and their links carry the reader's language."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.utils.translation import get_language

from portal.client_ip import client_ip

from .emails import send_account_email
from .middleware import with_language
from .verification import owner_confirmation


def portal_site(request):
    """What allauth's e-mails call "the site": the portal's name and host (instead of the
    unused django.contrib.sites entry "example.com")."""
    if request is not None:
        domain = request.get_host()
    else:
        domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=domain)


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The same client address as every other rate limit of the portal (sign-in
        lockouts per IP must hit one client, never everyone behind the proxy)."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context_data):
        request = context.request
        data = {"request": request, "email": email, "current_site": portal_site(request)}
        data.update(context_data)
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
