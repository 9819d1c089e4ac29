"""The office's role: the group "Geschäftsstelle" with access to the admin and the
permissions to look at and work on matchmaking cases (but not to delete them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Geschäftsstelle"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("matchmaking", "matchrequest", "view_matchrequest"),
    ("matchmaking", "matchrequest", "change_matchrequest"),
    ("matchmaking", "proposal", "view_proposal"),
    ("matchmaking", "proposal", "add_proposal"),
    ("matchmaking", "caseevent", "view_caseevent"),
]


def create_office_group(apps, schema_editor):
    for label in ("matchmaking",):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_office_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_office_group, remove_office_group)]
