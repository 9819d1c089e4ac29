"""Create the development admin account and print its credentials (development only)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_ADMIN_EMAIL = "admin@example.org"
DEV_ADMIN_PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create a superuser admin@example.org / admin for local development."

    def handle(self, *args, **options):
        if settings.PORTAL_ENVIRONMENT != "dev":
            raise CommandError("ensure_dev_admin only runs with the development settings.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=DEV_ADMIN_EMAIL,
            defaults={
                "first_name": "Admin",
                "last_name": "Entwicklung",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if created:
            user.set_password(DEV_ADMIN_PASSWORD)
            user.save()
        # Mark the address verified so allauth lets the admin sign in on the site too.
        EmailAddress.objects.update_or_create(
            user=user, email=DEV_ADMIN_EMAIL, defaults={"verified": True, "primary": True}
        )
        note = "created" if created else "already there; the password is unchanged"
        self.stdout.write(
            self.style.SUCCESS(
                f"Development admin ({note}): e-mail {DEV_ADMIN_EMAIL}, password "
                f"{DEV_ADMIN_PASSWORD} -> http://127.0.0.1:8000/admin/"
            )
        )
