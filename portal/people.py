"""How the portal names a person, in one place for every app.

A name is shown as the person gave it; without one, a neutral label. Never the e-mail
address: accounts created in the admin or with ``createsuperuser`` may have no name, and
their address is not theirs to publish (participant lists, relayed messages, greetings)."""

from django.utils.translation import gettext, gettext_noop

UNNAMED_PERSON = gettext_noop("Person ohne Namensangabe")


def person_name(name):
    """``name`` stripped, or the translated label for a person without a name."""
    return (name or "").strip() or gettext(UNNAMED_PERSON)
