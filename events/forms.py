"""The registration form on an event page.

Workshops are offered per time slot: workshops that overlap in time form one slot, and
the member picks at most one per slot (radio buttons in a fieldset, "no workshop" first).
The form only checks what it can see; seats are checked again by
``events.registration`` inside the seat lock.
"""

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.localization import localized_sessions
from events.registration import workshop_seats_taken
from portal.forms import HoneypotFormMixin


def workshop_slots(sessions):
    """Group workshops into slots of sessions that overlap in time (in start order)."""
    slots = []
    for session in sorted(sessions, key=lambda s: (s.start, s.end, s.sort_order or 0)):
        if slots and session.start < max(s.end for s in slots[-1]):
            slots[-1].append(session)
        else:
            slots.append([session])
    return slots


def slot_label(start, end):
    """ "Workshops, 12. Juni 2026, 14:00–15:30" in the active language."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    when = (
        f"{formats.date_format(start, 'DATE_FORMAT')}, "
        f"{formats.time_format(start, 'TIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"
    )
    return _("Workshops, %(when)s") % {"when": when}


class RegistrationForm(forms.Form):
    """Registration of a signed-in person: workshops, organisation, notes, consent."""

    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Kommune, Landkreis oder Unternehmen, für das Sie teilnehmen."),
    )
    notes = forms.CharField(
        label=_("Hinweise für das Team (freiwillig)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_in_participant_list = forms.BooleanField(
        label=_(
            "Mein Name und meine Organisation dürfen in der Teilnehmerliste für Mitglieder "
            "erscheinen."
        ),
        required=False,
    )

    def __init__(self, *args, event, page=None, workshops=None, **kwargs):
        """``event`` is the registration event; ``page`` the page the reader sees (its
        translation), whose session titles label the choices. ``workshops``: the event's
        workshop sessions, if the caller has them (read from the database otherwise)."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.page = page or event
        days = getattr(settings, "EVENTS_NOTES_RETENTION_DAYS", 30)
        self.fields["notes"].help_text = ngettext(
            "Zum Beispiel Barrierefreiheit oder Ernährung. Wir löschen diese Angaben "
            "%(days)s Tag nach der Veranstaltung.",
            "Zum Beispiel Barrierefreiheit oder Ernährung. Wir löschen diese Angaben "
            "%(days)s Tage nach der Veranstaltung.",
            days,
        ) % {"days": days}
        if not event.publish_participant_list:
            del self.fields["show_in_participant_list"]
        self.slot_fields = []
        workshops = list(event.workshop_sessions() if workshops is None else workshops)
        # Seats held for unconfirmed guests are not shown (see registration_summary); the
        # rules count them when they decide.
        taken = (
            workshop_seats_taken((session.pk for session in workshops), include_holds=False)
            if workshops
            else {}
        )
        labels = {
            original.pk: shown.title
            for original, shown in zip(
                workshops, localized_sessions(workshops, self.page), strict=True
            )
        }
        for number, slot in enumerate(workshop_slots(workshops), start=1):
            name = f"workshop_{number}"
            choices = [("", _("Kein Workshop"))]
            for session in slot:
                choices.append((str(session.pk), self._choice_label(session, labels, taken)))
            self.fields[name] = forms.TypedChoiceField(
                label=slot_label(min(s.start for s in slot), max(s.end for s in slot)),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                template_name="events/includes/workshop_slot_field.html",
                error_messages={
                    "invalid_choice": _(
                        "Dieser Workshop steht nicht zur Wahl. Bitte wählen Sie einen aus der "
                        "Liste."
                    )
                },
            )
            self.fields[name].slot = slot
            self.slot_fields.append(name)
        self.order_fields(["name", "email", *self.slot_fields, "organisation", "notes"])

    @staticmethod
    def _choice_label(session, labels, taken):
        title = labels.get(session.pk, session.title)
        if session.capacity is None:
            return title
        free = max(0, session.capacity - taken[session.pk])
        if free == 0:
            return _("%(title)s (ausgebucht)") % {"title": title}
        return ngettext(
            "%(title)s (noch %(free)s Platz)", "%(title)s (noch %(free)s Plätze)", free
        ) % {"title": title, "free": free}

    def workshop_fields(self):
        return [self[name] for name in self.slot_fields]

    def other_fields(self):
        return [field for field in self if field.name not in self.slot_fields]

    def chosen_workshops(self):
        return [self.cleaned_data[name] for name in self.slot_fields if self.cleaned_data[name]]

    def field_for_session(self, session):
        """The name of the slot field that offers ``session`` (to attach an error)."""
        for name in self.slot_fields:
            if any(s.pk == session.pk for s in self.fields[name].slot):
                return name
        return None


class GuestRegistrationForm(HoneypotFormMixin, RegistrationForm):
    """Registration for a public event without an account: name and e-mail address."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-Mail-Adresse"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.order_fields(["name", "email", *self.slot_fields, "organisation", "notes"])
