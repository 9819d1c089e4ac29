"""Admin panels of the events app."""

from wagtail.admin.panels import Panel


class RegistrationSummaryPanel(Panel):
    """Counts by status, free seats and a link to the registrations of the event, shown on
    the event's edit screen (nothing for an event that is not saved yet)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/registration_summary_panel.html"

        def is_shown(self):
            return bool(getattr(self.instance, "pk", None))

        def get_context_data(self, parent_context=None):
            # import cycle: the event page model (events.models) uses this panel, and the
            # rules import the models
            from events.registration import registration_summary

            context = super().get_context_data(parent_context)
            event = self.instance.registration_event()
            context["summary"] = registration_summary(event)
            context["event"] = event
            return context
