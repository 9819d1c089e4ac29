"""Events and sessions in the reader's (or recipient's) language.

Registrations and workshop choices belong to the event in the default language; these
helpers find the matching translation to show titles in another language.
"""

from wagtail.models import Locale


def localized_event(event, language):
    """The live translation of ``event`` in ``language``, else the event itself."""
    if event.locale.language_code == language:
        return event
    locale = Locale.objects.filter(language_code=language).first()
    translated = event.get_translation_or_none(locale) if locale else None
    if translated is not None and translated.live:
        return translated.specific
    return event


def localized_sessions(sessions, event):
    """``sessions`` of the registration event as their counterparts on ``event`` (a
    translation), matched by translation key; the originals where there is none."""
    sessions = list(sessions)
    if not sessions or all(session.page_id == event.pk for session in sessions):
        return sessions
    counterparts = {
        session.translation_key: session
        for session in event.sessions.filter(
            translation_key__in=[session.translation_key for session in sessions]
        )
    }
    return [counterparts.get(session.translation_key, session) for session in sessions]
