"""Forms of working groups: asking to join, the lead's decision, the member's choice to be
shown, and the admin form of the members-only area (its documents must lie in the group's
own, restricted collection)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an die Leitung (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Ihre Nachricht ist zu lang (höchstens 1000 Zeichen).")},
    )
    show_publicly = forms.BooleanField(
        label=_("Mich nach der Aufnahme auf der Seite des Arbeitskreises zeigen"),
        required=False,
        help_text=_("Gezeigt werden nur Ihr Name und der Link zu Ihrem Mitgliederprofil."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("approve", _("Aufnehmen")), ("decline", _("Ablehnen"))],
    )


class VisibilityForm(forms.Form):
    show_publicly = forms.BooleanField(
        label=_("Auf der Seite des Arbeitskreises zeigen"), required=False
    )


class AreaPageForm(WagtailAdminPageForm):
    """Documents of a members-only area come from the group's own collection, which only
    its members may download; a document from anywhere else would be public."""

    def clean(self):
        cleaned_data = super().clean()
        documents = cleaned_data.get("documents")
        parent = getattr(self, "parent_page", None)
        if not documents or parent is None:
            return cleaned_data
        from workinggroups.rules import access_for  # it imports the models

        access = access_for(parent.specific)
        outside = [
            block.value["document"]
            for block in documents
            if block.value.get("document") is not None
            and block.value["document"].collection_id != access.collection_id
        ]
        if outside:
            self.add_error(
                "documents",
                _(
                    "Diese Dokumente liegen nicht in der Sammlung „%(collection)s“ und wären "
                    "für alle abrufbar: %(titles)s. Bitte laden Sie sie dort hoch."
                )
                % {
                    "collection": access.collection.name,
                    "titles": ", ".join(document.title for document in outside),
                },
            )
        return cleaned_data
