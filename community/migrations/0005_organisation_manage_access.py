"""The permission to change who acts for an organisation and where its contact requests go
("manage_access"), granted to the office (Wagtail's Moderators group), not to Editors."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models


def grant(apps, schema_editor):
    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="community", codename="manage_access"
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0004_editor_permissions'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='organisation',
            options={'ordering': ['name'], 'permissions': [('manage_access', 'Kontakt und Vertretung von Organisationen verwalten')], 'verbose_name': 'Organisation', 'verbose_name_plural': 'Organisationen'},
        ),
        migrations.AlterField(
            model_name='memberpage',
            name='user',
            field=models.OneToOneField(blank=True, help_text='Das Konto, mit dem das Mitglied sein Profil bearbeitet. Zur Auswahl stehen Mitglieder ohne Profil.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Benutzerkonto'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
