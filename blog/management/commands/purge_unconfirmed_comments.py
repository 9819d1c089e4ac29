"""Delete anonymous comments whose confirmation link has expired (run daily from cron)."""

from django.core.management.base import BaseCommand

from blog.comments import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete unconfirmed comments older than BLOG_COMMENT_CONFIRMATION_MAX_AGE."

    def handle(self, *args, **options):
        count = purge_unconfirmed()
        self.stdout.write(f"Unconfirmed comments deleted: {count}.")
