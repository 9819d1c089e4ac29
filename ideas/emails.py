"""The e-mails of ideas: the confirmation requests to guests (for an idea they submitted,
for their support) and the news of a new status to the submitter and the supporters who
asked for it.

Every e-mail goes through the outbox (``portal.mail.queue_email``) in its recipient's
language, with links on the public address (``portal.canonical``); the rules that decide
on them are in ``ideas.rules``.
"""

from django.urls import reverse
from django.utils import translation

from portal.canonical import absolute_url, page_url
from portal.mail import queue_email

from .tokens import max_age, submission_token, support_token


def _valid_days():
    return max(1, max_age() // 86400)


def localized(page, language):
    """The live translation of ``page`` in ``language``, else ``page``."""
    for translation_page in page.get_translations(inclusive=True).live():
        if translation_page.locale.language_code == language:
            return translation_page.specific
    return page


def send_submission_confirmation(submission):
    idea = submission.idea
    with translation.override(submission.language):
        path = reverse("ideas:confirm_submission", kwargs={"token": submission_token(submission)})
    queue_email(
        "ideas/email/submission_confirmation",
        {
            "name": submission.name,
            "idea_title": idea.title,
            "confirm_url": absolute_url(path),
            "valid_days": _valid_days(),
        },
        to=[submission.email],
        language=submission.language,
    )


def send_support_confirmation(support):
    idea = localized(support.idea, support.language)
    with translation.override(support.language):
        path = reverse("ideas:confirm_support", kwargs={"token": support_token(support)})
    queue_email(
        "ideas/email/support_confirmation",
        {
            "idea_title": idea.title,
            "idea_url": page_url(idea),
            "confirm_url": absolute_url(path),
            "valid_days": _valid_days(),
        },
        to=[support.email],
        language=support.language,
    )


def send_status_change(idea, change):
    """Tell each recipient (``ideas.rules.status_recipients``) in their language."""
    from .rules import status_recipients  # it imports this module

    for address, language in status_recipients(idea):
        shown = localized(idea, language)
        with translation.override(language):
            status_label = str(change.get_status_display())
        queue_email(
            "ideas/email/status_changed",
            {
                "idea_title": shown.title,
                "idea_url": page_url(shown),
                "status": status_label,
                "reason": shown.status_reason or change.reason,
                "pilot_project_url": (
                    page_url(localized(idea.pilot_project, language))
                    if idea.pilot_project_id and idea.pilot_project.live
                    else ""
                ),
            },
            to=[address],
            language=language,
        )
