"""Release the seats held for guest registrations whose address was not confirmed in time
(``EVENTS_GUEST_CONFIRMATION_MINUTES``): the lapsed registrations are deleted and the
waitlists move up. The registration rules do the same for an event whenever they touch it;
this job covers events nobody touches. Run it every few minutes (``run_periodic_jobs``).

It also writes the registration e-mails that a process decided on but did not get to
render (it died right after its transaction; see ``events.emails``)."""

from django.core.management.base import BaseCommand

from events.emails import write_overdue_notices
from events.registration import release_lapsed_holds


class Command(BaseCommand):
    help = (
        "Delete guest registrations that were not confirmed in time; move waitlists up; "
        "write registration e-mails left behind."
    )

    def handle(self, *args, **options):
        lapsed, moved_up = release_lapsed_holds()
        written = write_overdue_notices()
        self.stdout.write(
            f"Lapsed guest registrations deleted: {lapsed}; moved up from the waitlist: {moved_up}."
        )
        self.stdout.write(f"Registration e-mails written late: {written}.")
