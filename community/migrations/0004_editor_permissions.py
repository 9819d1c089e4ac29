"""Let Wagtail's editor groups manage organisations and fields of application and decide
membership applications in the admin (superusers can anyway)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderators": {
        "organisation": ("add", "change", "delete", "view"),
        "applicationfield": ("add", "change", "delete", "view"),
        "membershipapplication": ("change", "view"),
        "contactrequest": ("delete", "view"),
    },
    "Editors": {
        "organisation": ("add", "change", "view"),
        "applicationfield": ("view",),
        "membershipapplication": ("view",),
    },
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, models in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="community", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_profiles_organisations_marketplace_projects"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
