"""Wagtail's default workflow and its task ("Moderators approval", created by wagtailcore's
migration 0048) get German names: editors see them in the admin and in e-mails."""

from django.db import migrations

ENGLISH = "Moderators approval"
GERMAN = "Freigabe durch die Moderation"


def rename(apps, old, new):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=old).update(name=new)
    apps.get_model("wagtailcore", "Task").objects.filter(name=old).update(name=new)


def to_german(apps, schema_editor):
    rename(apps, ENGLISH, GERMAN)


def to_english(apps, schema_editor):
    rename(apps, GERMAN, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0006_listing_index_intro_help_text"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_german, to_english)]
