"""An index for "comments of this person" (``PortalCommentQuerySet.of_user``: signed in, or
anonymously with their address, compared case-insensitively), which the account page, "my
data" and the account deletion ask for. Without it PostgreSQL read every comment: 25 ms per
query at 25,000 comments (``seed_bulk --scale 1``), twice per account page.

The comments table belongs to django-contrib-comments, so the index is created here, on
PostgreSQL (where ``iexact`` is ``UPPER(user_email) = UPPER(...)``); SQLite compares with
``LIKE``, which such an index does not serve.
"""

from django.db import migrations

INDEX = "blog_comment_user_email_upper"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "django_comments" (UPPER("user_email"::text))'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_shared_author_and_index_bases"),
        ("django_comments", "__latest__"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
