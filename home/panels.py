"""Admin panels home offers to the content apps."""

from wagtail.admin.panels import InlinePanel


class PersonInlinePanel(InlinePanel):
    """An ``InlinePanel`` of ``PersonRelation`` rows (``home.models.people``) that names a
    member or person entered twice in the editors' words."""

    def get_form_options(self):
        from home.forms import PersonRelationFormSet

        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = PersonRelationFormSet
        return options
