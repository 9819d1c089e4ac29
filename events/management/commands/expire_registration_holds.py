"""Release the seats held for guest registrations whose address was not confirmed in time
(``EVENTS_GUEST_CONFIRMATION_MINUTES``): the lapsed registrations are deleted and the
waitlists move up. The registration rules do the same for an event whenever they touch it;
this job covers events nobody touches. Run it every few minutes (``run_periodic_jobs``)."""

from django.core.management.base import BaseCommand

from events.registration import release_lapsed_holds


class Command(BaseCommand):
    help = "Delete guest registrations that were not confirmed in time; move waitlists up."

    def handle(self, *args, **options):
        lapsed, moved_up = release_lapsed_holds()
        self.stdout.write(
            f"Lapsed guest registrations deleted: {lapsed}; moved up from the waitlist: {moved_up}."
        )
