"""The page editor's form for library resources: it refuses to publish (or to send for
approval) a video or an interview without a transcript, as an error on the transcript
field, before anything is saved."""

from wagtail.admin.forms import WagtailAdminPageForm

# The editor's buttons that ask for the page to go live (now, or after approval).
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


class ResourcePageForm(WagtailAdminPageForm):
    def is_publishing(self):
        if any(self.data.get(action) for action in PUBLISHING_ACTIONS):
            return True
        # A moderator approving the page in the editor (a rejection must stay possible).
        return bool(
            self.data.get("action-workflow-action")
            and self.data.get("workflow-action-name") == "approve"
        )

    def clean(self):
        cleaned_data = super().clean()
        # A live page is checked by the model itself (ResourcePage.clean) on every change.
        already_live = bool(self.instance.pk and self.instance.live)
        if self.is_publishing() and not already_live:
            probe = type(self.instance)(
                resource_type=cleaned_data.get("resource_type") or "",
                transcript=cleaned_data.get("transcript") or "",
            )
            for field, message in probe.publishing_errors().items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned_data
