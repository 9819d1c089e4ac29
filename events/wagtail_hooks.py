"""The events app's registrations with Wagtail (registrations only).

* "Anmeldungen" in the admin menu (``events.admin_views``) and its permission policy.
* The event's edit screen warns, after saving, when the capacity is below the number of
  confirmed registrations (the counts by status are a panel: ``events.panels``).
* The upcoming events with seats left on the editors' desk (dashboard; ``events.admin_views``).
* Account hooks (``events.account``): the member's registrations with cancel buttons, their
  data export, and cancellation before their account is deleted.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from events.account import (
    account_registrations,
    cancel_registrations_before_account_deletion,
    export_registrations,
)
from events.admin_views import (
    SeatsDeskPanel,
    registration_permission_policy,
    registration_viewset,
)
from events.models import EventPage, Registration
from events.registration import confirmed_count

register_permission_policy(Registration, registration_permission_policy, exact_class=True)
hooks.register("construct_homepage_panels", SeatsDeskPanel.add_to)


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("after_edit_page")
def warn_when_capacity_is_below_confirmed(request, page):
    page = page.specific
    if not isinstance(page, EventPage):
        return
    event = page.registration_event()
    if event.capacity is None:
        return
    confirmed = confirmed_count(event)
    if confirmed > event.capacity:
        messages.warning(
            request,
            _(
                "Die Kapazität (%(capacity)s) liegt unter der Zahl der bestätigten Anmeldungen "
                "(%(confirmed)s). Niemand wird abgemeldet; neue Anmeldungen kommen auf die "
                "Warteliste, bis genug Personen abgesagt haben."
            )
            % {"capacity": event.capacity, "confirmed": confirmed},
        )


hooks.register("portal_account_sections", account_registrations)
hooks.register("portal_export_user_data", export_registrations)
hooks.register("portal_before_delete_user", cancel_registrations_before_account_deletion)
