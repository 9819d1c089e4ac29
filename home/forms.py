"""Forms home offers to the content apps: the inline formset of people links."""

from modelcluster.forms import BaseChildFormSet

from home.models.people import DUPLICATE_MESSAGE


class PersonRelationFormSet(BaseChildFormSet):
    """The inline rows of a ``PersonRelation`` (speakers of a session): the same member or
    person twice is a form error in the editors' words, not Django's generic one."""

    def get_unique_error_message(self, unique_check):
        return str(DUPLICATE_MESSAGE)

    def get_form_error(self):
        return str(DUPLICATE_MESSAGE)
