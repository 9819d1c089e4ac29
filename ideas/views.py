"""Reader-facing views of ideas: the submission form (the index's ``einreichen/`` route),
supporting an idea, and the confirmation links from the e-mails; plus the per-reader
context of an idea page.

Every bad input ends in a form error or a 4xx page in the reader's language, and nothing
is stored.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from blog.views import message_page
from community.filters import topic_choices
from home.models import Topic

from . import rules
from .emails import localized
from .forms import IdeaForm, SupportForm
from .models import IdeaPage, IdeaSubmission, IdeaSupport
from .tokens import BadToken, ExpiredToken, submission_id_from_token, support_id_from_token

RATE = getattr(settings, "BLOG_COMMENT_RATE", "5/10m")


def _too_many(request, group, key="ip"):
    return is_ratelimited(request, group=group, key=key, rate=RATE, increment=True)


def idea_context(request, page):
    """What an idea page shows besides its content. The support count (with the reader's
    own support and the form) is rendered per request, outside the page's cached fragment,
    and read once per generation of the idea's supports; topics, the pilot project and the
    index are read lazily, only when the fragment is rendered."""
    source_id = rules.source_id_of(page)
    return {
        "support_count": rules.cached_support_count(source_id),
        "supported": request.user.is_authenticated and rules.supported_by(source_id, request.user),
        "support_form": getattr(request, "ideas_support_form", None)
        or SupportForm(user=request.user),
        "topic_names": SimpleLazyObject(lambda: _topic_names(source_id)),
        "pilot_project": SimpleLazyObject(lambda: _pilot_project(page)),
        "ideas_index": SimpleLazyObject(lambda: page.get_parent().specific),
    }


def _topic_names(source_id):
    labels = dict(topic_choices())
    topics = Topic.objects.filter(
        pk__in=IdeaPage.topics.through.objects.filter(ideapage_id=source_id).values("topic_id")
    )
    return [labels.get(topic.slug, topic.name) for topic in topics]


def _pilot_project(page):
    if page.pilot_project_id and page.pilot_project.live:
        return localized(page.pilot_project, get_language())
    return None


@require_http_methods(["GET", "POST"])
def submit_idea(request, index):
    form = IdeaForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if _too_many(request, "ideas.submit"):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Von Ihnen sind in kurzer Zeit viele Ideen gekommen. Bitte warten Sie einige "
                    "Minuten und senden Sie dann erneut."
                ),
            )
            status = 429
        elif form.is_valid():
            upload = form.cleaned_data.get("image")
            submission = rules.submit_idea(
                index,
                form.idea_data(),
                user=request.user,
                language=get_language(),
                upload=upload,
            )
            if submission.is_confirmed:
                messages.success(
                    request,
                    _(
                        "Vielen Dank! Ihre Idee erscheint, sobald die Redaktion sie "
                        "freigegeben hat."
                    ),
                )
            else:
                messages.info(
                    request,
                    _(
                        "Fast geschafft: Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen "
                        "Sie Ihre Idee mit dem Link darin; danach prüft die Redaktion sie."
                    ),
                )
            return redirect(f"{index.url}#main")
        else:
            status = 400
    return TemplateResponse(
        request, "ideas/submit.html", {"page": index, "form": form}, status=status
    )


def _public_idea(page_id):
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or page.specific_class is not IdeaPage:
        raise Http404
    page = page.specific
    if not rules.is_public(page):
        raise Http404
    return page


@require_http_methods(["GET", "POST"])
def support(request, page_id):
    page = _public_idea(page_id)
    if request.method == "GET":
        return redirect(f"{page.url}#support")
    form = SupportForm(request.POST, user=request.user)
    if not form.is_valid():
        request.ideas_support_form = form
        response = page.serve(request)
        response.status_code = 400
        return response
    if _too_many(request, "ideas.support"):
        return message_page(
            request,
            429,
            _("Zu viele Anfragen"),
            _("Sie haben in kurzer Zeit sehr viele Anfragen geschickt. Bitte warten Sie."),
            page,
        )
    signed_in = request.user.is_authenticated
    _support, created = rules.support_idea(
        page,
        user=request.user,
        email=form.cleaned_data.get("email", ""),
        notify=form.cleaned_data["notify"],
        language=get_language(),
    )
    if signed_in:
        if created:
            messages.success(request, _("Danke! Ihre Unterstützung zählt."))
        else:
            messages.info(request, _("Sie unterstützen diese Idee bereits."))
    else:
        # The same answer whether or not the address supports the idea already: the page
        # never tells who supports what.
        messages.info(
            request,
            _(
                "Bitte sehen Sie in Ihr Postfach: Ihre Unterstützung zählt, sobald Sie sie mit "
                "dem Link in unserer E-Mail bestätigt haben."
            ),
        )
    return redirect(f"{page.url}#support")


def _invalid_link(request):
    return message_page(
        request,
        400,
        _("Dieser Link ist ungültig"),
        _(
            "Der Link ist unvollständig oder wurde verändert. Bitte verwenden Sie den Link "
            "genau so, wie er in der E-Mail steht."
        ),
    )


def _expired_link(request):
    return message_page(
        request,
        400,
        _("Dieser Bestätigungslink ist abgelaufen"),
        _("Bestätigungslinks gelten nur wenige Tage. Bitte senden Sie das Formular erneut."),
    )


@require_http_methods(["GET", "POST"])
def confirm_submission(request, token):
    try:
        submission_id = submission_id_from_token(token)
    except ExpiredToken:
        return _expired_link(request)
    except BadToken:
        return _invalid_link(request)
    submission = IdeaSubmission.objects.filter(pk=submission_id).select_related("idea").first()
    if submission is None:
        return message_page(
            request, 404, _("Idee nicht gefunden"), _("Diese Idee gibt es nicht mehr.")
        )
    index = submission.idea.get_parent().specific
    index = localized(index, get_language())
    if submission.is_confirmed:
        messages.info(request, _("Diese Idee ist bereits bestätigt."))
        return redirect(index.url)
    if request.method == "POST":
        rules.confirm_submission(submission)
        messages.success(
            request,
            _(
                "Danke für die Bestätigung! Ihre Idee erscheint, sobald die Redaktion sie "
                "freigegeben hat."
            ),
        )
        return redirect(f"{index.url}#main")
    return TemplateResponse(
        request,
        "ideas/confirm.html",
        {
            "heading": _("Idee bestätigen"),
            "text": _("Sie haben diese Idee eingereicht:"),
            "idea_title": submission.idea.title,
            "button": _("Ja, Idee zur Prüfung einreichen"),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm_support(request, token):
    try:
        support_id = support_id_from_token(token)
    except ExpiredToken:
        return _expired_link(request)
    except BadToken:
        return _invalid_link(request)
    found = IdeaSupport.objects.filter(pk=support_id).select_related("idea").first()
    if found is None or not rules.is_public(found.idea):
        return message_page(
            request, 404, _("Idee nicht gefunden"), _("Diese Idee ist nicht (mehr) öffentlich.")
        )
    page = localized(found.idea, get_language())
    if found.confirmed_at is not None:
        messages.info(request, _("Ihre Unterstützung ist bereits bestätigt."))
        return redirect(f"{page.url}#support")
    if request.method == "POST":
        rules.confirm_support(found)
        messages.success(request, _("Danke! Ihre Unterstützung zählt."))
        return redirect(f"{page.url}#support")
    return TemplateResponse(
        request,
        "ideas/confirm.html",
        {
            "heading": _("Unterstützung bestätigen"),
            "text": _("Sie möchten diese Idee unterstützen:"),
            "idea_title": page.title,
            "button": _("Ja, Idee unterstützen"),
        },
    )
