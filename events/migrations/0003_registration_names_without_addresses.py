"""Registrations of accounts without a name stored the e-mail address as the name, and the
participant list showed it. Replace such names with the account's name or nothing."""

from django.db import migrations
from django.db.models import F


def scrub_addresses_used_as_names(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    rows = Registration.objects.filter(user__isnull=False, name__iexact=F("user__email"))
    for registration in rows.select_related("user"):
        user = registration.user
        registration.name = f"{user.first_name} {user.last_name}".strip()
        registration.save(update_fields=["name"])
    # Guests typed their own name; an address typed as a name is theirs to publish.


class Migration(migrations.Migration):
    dependencies = [("events", "0002_programme_registration")]

    operations = [
        migrations.RunPython(scrub_addresses_used_as_names, migrations.RunPython.noop),
    ]
