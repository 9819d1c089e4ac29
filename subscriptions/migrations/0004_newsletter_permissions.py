"""Who works on the newsletter: Editors write issues (add, change, view); Moderators (the
office) also delete and send them (``send_newsletterissue``). Superusers can anyway."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderators": ("add", "change", "delete", "view", "send"),
    "Editors": ("add", "change", "view"),
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("subscriptions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="subscriptions",
                codename__in=[f"{action}_newsletterissue" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0003_newsletter_issues"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
