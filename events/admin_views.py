"""The registrations in the Wagtail admin ("Anmeldungen").

Every registration, filtered by event and status, exported as CSV or Excel (name,
organisation, workshops, notes). Editors move people up from the waitlist or cancel
registrations with buttons that call the rules in ``events.registration``; nobody adds or
deletes registrations or changes their status by hand (``RegistrationPermissionPolicy``,
registered in ``events/wagtail_hooks.py``).

The events' panel of the editors' desk on the dashboard (``portal.desk``): upcoming events
that still have seats, for those who manage registrations.
"""

import django_filters
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from events.models import EventPage, Registration
from events.registration import (
    RegistrationRefused,
    cancel_registration,
    confirmed_count,
    promote_registration,
)
from portal.admin_views import LocalInspectMixin, OfficeExportMixin
from portal.desk import DeskCount, DeskItem, DeskPanel

# --- Permissions -------------------------------------------------------------------------


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations come from the registration form and change status only through the
    rules: in the admin they can be viewed, corrected (organisation, notes) and moved up or
    cancelled with the action buttons, never added or deleted."""

    locked_actions = ("add", "delete")

    def user_has_permission(self, user, action):
        if action in self.locked_actions:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.locked_actions]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


registration_permission_policy = RegistrationPermissionPolicy(Registration)


# --- The registration listing ------------------------------------------------------------


def _registration_events():
    return EventPage.objects.filter(locale=Locale.get_default()).order_by("-start")


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Veranstaltung"), queryset=lambda request: _registration_events()
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Registration.Status.choices
    )

    class Meta:
        model = Registration
        fields = ["event", "status"]


def profile_organisation():
    """The organisation on the member's own profile (community's MemberPage, named by
    string: events does not import community), for registrations that name none."""
    member_page = apps.get_model("community", "MemberPage")
    return Subquery(
        member_page.objects.filter(user=OuterRef("user"), locale=Locale.get_default())
        .exclude(organisation=None)
        .values("organisation__name")[:1]
    )


class RegistrationIndexView(OfficeExportMixin, IndexView):
    def get_base_queryset(self):
        queryset = (
            super()
            .get_base_queryset()
            .select_related("event", "user")
            .prefetch_related("workshops")
        )
        if self.is_export:
            queryset = queryset.annotate(
                export_organisation=Coalesce(
                    NullIf("organisation", Value("")), profile_organisation(), Value("")
                )
            )
        return queryset

    def get_filename(self):
        event_id = self.request.GET.get("event", "")
        event = EventPage.objects.filter(pk=event_id).first() if event_id.isdigit() else None
        if event is not None:
            return f"teilnehmende-{event.slug}"
        return "anmeldungen"

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == Registration.Status.WAITLISTED:
            buttons.append(
                MenuItem(
                    _("Nachrücken lassen"),
                    url=reverse("events_registration:promote", args=[instance.pk]),
                    icon_name="arrow-up",
                    priority=40,
                )
            )
        if instance.status != Registration.Status.CANCELLED:
            buttons.append(
                MenuItem(
                    _("Stornieren"),
                    url=reverse("events_registration:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=50,
                )
            )
        return buttons


class RegistrationInspectView(LocalInspectMixin, InspectView):
    pass


class RegistrationActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then move a waitlisted person up or cancel a registration (POST only
    changes anything)."""

    permission_policy = registration_permission_policy
    permission_required = "change"
    template_name = "events/admin/registration_action.html"
    header_icon = "group"
    action = None  # "promote" or "cancel"

    def dispatch(self, request, pk):
        self.registration = get_object_or_404(
            Registration.objects.select_related("event", "user"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        if self.action == "promote":
            return _("Von der Warteliste nachrücken lassen")
        return _("Anmeldung stornieren")

    def get_page_subtitle(self):
        return str(self.registration)

    def index_url(self):
        return f"{reverse('events_registration:index')}?event={self.registration.event_id}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.registration.event
        context.update(
            {
                "registration": self.registration,
                "action": self.action,
                "confirmed": confirmed_count(event),
                "capacity": event.capacity,
                "index_url": self.index_url(),
            }
        )
        return context

    def post(self, request, pk):
        try:
            if self.action == "promote":
                promote_registration(self.registration)
                messages.success(
                    request, _("%(name)s ist nachgerückt.") % {"name": self.registration.name}
                )
            else:
                cancel_registration(self.registration, by_member=False)
                messages.success(
                    request,
                    _("Die Anmeldung von %(name)s ist storniert.")
                    % {"name": self.registration.name},
                )
        except RegistrationRefused as refused:
            messages.error(request, refused.message)
        return redirect(self.index_url())


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = gettext_lazy("Anmeldungen")
    menu_order = 250
    add_to_admin_menu = True
    name = "events_registration"
    url_prefix = "events/registrations"
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    # Registrations are not content other objects are "used in"; indexing each one would
    # only lengthen the time the seat lock is held.
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = RegistrationFilterSet
    list_display = [
        "name",
        "organisation",
        "event",
        Column("status_text", label=gettext_lazy("Status"), sort_key="status"),
        "created_at",
    ]
    ordering = ["event", "status", "created_at"]
    search_fields = ["name", "email", "organisation"]
    list_export = [
        "name",
        "email",
        "export_organisation",
        "workshop_titles",
        "notes",
        "status_text",
        "created_at",
        "event",
    ]
    export_headings = {
        "name": gettext_lazy("Name"),
        "email": gettext_lazy("E-Mail-Adresse"),
        "export_organisation": gettext_lazy("Organisation"),
        "workshop_titles": gettext_lazy("Workshops"),
        "notes": gettext_lazy("Hinweise"),
        "status_text": gettext_lazy("Status"),
        "created_at": gettext_lazy("Angemeldet am"),
        "event": gettext_lazy("Veranstaltung"),
    }
    form_fields = ["name", "organisation", "notes", "show_in_participant_list"]

    @cached_property
    def permission_policy(self):
        return registration_permission_policy

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "promote/<int:pk>/",
                RegistrationActionView.as_view(action="promote"),
                name="promote",
            ),
            path(
                "cancel/<int:pk>/",
                RegistrationActionView.as_view(action="cancel"),
                name="cancel",
            ),
        ]


registration_viewset = RegistrationViewSet()


# --- The editors' desk -------------------------------------------------------------------


class SeatsDeskPanel(DeskPanel):
    """Upcoming events that take registrations and still have seats (or no limit), with
    the free seats counted as the registration list counts them (held seats are taken),
    for those who may manage registrations."""

    name = "desk-seats"
    heading = gettext_lazy("Kommende Veranstaltungen mit freien Plätzen")
    icon = "date"
    empty_text = gettext_lazy("Keine kommende Veranstaltung hat freie Plätze.")
    more_label = gettext_lazy("Alle Anmeldungen")
    order = 154

    @classmethod
    def is_shown_to(cls, user):
        return registration_permission_policy.user_has_permission(user, "change")

    def _events(self):
        now = timezone.now()
        Status = Registration.Status
        taking = Q(registrations__status=Status.CONFIRMED) | Q(
            registrations__status=Status.PENDING,
            registrations__seat_held=True,
            registrations__hold_expires_at__gt=now,
        )
        return (
            EventPage.objects.live()
            .filter(
                Q(registration_closes__isnull=True) | Q(registration_closes__gt=now),
                locale=Locale.get_default(),
                start__gt=now,
                cancelled=False,
                registration_enabled=True,
            )
            .annotate(
                taken=Count("registrations", filter=taking),
                waitlisted=Count(
                    "registrations", filter=Q(registrations__status=Status.WAITLISTED)
                ),
            )
            .filter(Q(capacity__isnull=True) | Q(capacity__gt=F("taken")))
        )

    def get_counts(self, request):
        number = self._events().count()
        return [
            DeskCount(
                ngettext(
                    "Veranstaltung mit freien Plätzen", "Veranstaltungen mit freien Plätzen", number
                ),
                number,
            )
        ]

    def get_items(self, request):
        events = self._events().only("pk", "title", "start", "capacity").order_by("start", "pk")
        index_url = reverse(registration_viewset.get_url_name("index"))
        return [
            DeskItem(
                title=event.title,
                url=f"{index_url}?event={event.pk}",
                details=tuple(
                    detail
                    for detail in (
                        date_format(timezone.localtime(event.start), "SHORT_DATETIME_FORMAT"),
                        _("Plätze unbegrenzt")
                        if event.capacity is None
                        else _("%(free)s von %(capacity)s Plätzen frei")
                        % {"free": event.capacity - event.taken, "capacity": event.capacity},
                        ngettext(
                            "%(count)s auf der Warteliste",
                            "%(count)s auf der Warteliste",
                            event.waitlisted,
                        )
                        % {"count": event.waitlisted}
                        if event.waitlisted
                        else "",
                    )
                    if detail
                ),
            )
            for event in events[: self.item_limit]
        ]

    def get_more_url(self, request):
        return reverse(registration_viewset.get_url_name("index"))
