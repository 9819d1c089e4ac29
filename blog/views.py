"""Reader-facing views: the article index's listing, and the comment views (post, confirm,
unsubscribe, report).

Every bad input ends in a form error or a 4xx page in the reader's language (the URL's
language prefix), and nothing is stored.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from blog import comments as rules
from blog.filters import ArticleFilterSet
from blog.forms import CommentForm, ReportForm
from blog.listing import prepare_cards
from blog.models import BlogSettings, PortalComment
from blog.tokens import (
    BadToken,
    ExpiredToken,
    comment_id_from_confirmation_token,
    comment_id_from_unsubscribe_token,
)
from portal.client_ip import client_ip

Status = PortalComment.Status


def article_listing(request, index):
    """The article index's listing (``BlogIndexPage.listing_builder``): filters, one page
    of article cards and the topic of the feed links."""
    filterset = ArticleFilterSet(request.GET or None, queryset=index.articles(), index=index)
    paginator = Paginator(filterset.result(), settings.BLOG_ARTICLES_PER_PAGE)
    articles = paginator.get_page(request.GET.get("page"))
    prepare_cards(articles.object_list, index.locale)
    return {
        "filterset": filterset,
        "articles": articles,
        "feed_topic": filterset.active_topic(),
    }


def message_page(request, status, title, text, page=None):
    """A short page with a heading, an explanation and a link back: for every 4xx."""
    return TemplateResponse(
        request,
        "blog/comments/message.html",
        {"title": title, "text": text, "target_page": page},
        status=status,
    )


def commentable_page(page_id):
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not hasattr(page.specific_class or Page, "accepts_comments"):
        raise Http404
    return page.specific


def page_with_form(request, page, form, status):
    """The page again, with the submitted form and its errors where the reader left it."""
    request.blog_comment_form = form
    response = page.serve(request)
    response.status_code = status
    return response


@require_http_methods(["GET", "POST"])
def post_comment(request, page_id):
    page = commentable_page(page_id)
    if request.method == "GET":
        # Someone reloaded or bookmarked the address of a form with errors.
        return redirect(f"{page.url}#comment-form")
    if not rules.comments_open(page):
        return message_page(
            request,
            403,
            _("Kommentare geschlossen"),
            _("Zu diesem Beitrag nimmt die Redaktion keine Kommentare mehr an."),
            page,
        )
    blog_settings = BlogSettings.for_request(request)
    form = CommentForm(request.POST, page=page, user=request.user, blog_settings=blog_settings)
    too_many = _(
        "Von Ihnen sind in kurzer Zeit viele Kommentare gekommen. Bitte warten Sie einige "
        "Minuten und senden Sie dann erneut."
    )
    if is_ratelimited(
        request, group="blog.comment", key="ip", rate=settings.BLOG_COMMENT_RATE, increment=True
    ):
        form.is_valid()
        form.add_error(None, too_many)
        return page_with_form(request, page, form, 429)
    if not form.is_valid():
        return page_with_form(request, page, form, 400)
    signed_in = request.user.is_authenticated
    address = request.user.email if signed_in else form.cleaned_data["email"]
    if is_ratelimited(
        request,
        group="blog.comment.address",
        key=lambda group, request: address.casefold(),
        rate=settings.BLOG_COMMENT_RATE,
        increment=True,
    ):
        form.add_error(None, too_many)
        return page_with_form(request, page, form, 429)

    comment = rules.post_comment(
        page,
        text=form.cleaned_data["comment"],
        language=get_language(),
        user=request.user,
        name=form.cleaned_data.get("name", ""),
        email=form.cleaned_data.get("email", ""),
        followup=form.cleaned_data["followup"],
        parent=form.parent,
        blog_settings=blog_settings,
    )
    if comment.status == Status.PUBLISHED:
        messages.success(request, _("Vielen Dank, Ihr Kommentar ist veröffentlicht."))
        return redirect(f"{page.url}#c{comment.pk}")
    if comment.status == Status.AWAITING_MODERATION:
        messages.info(
            request,
            _("Vielen Dank! Ihr Kommentar erscheint, sobald die Redaktion ihn freigegeben hat."),
        )
    else:
        messages.info(
            request,
            _(
                "Fast geschafft: Wir haben Ihnen eine E-Mail geschickt. Ihr Kommentar erscheint, "
                "sobald Sie ihn mit dem Link darin bestätigt haben."
            ),
        )
    # The message sits at the top of the page: an explicit fragment, or the browser would
    # keep the form's (#error-summary).
    return redirect(f"{page.url}#main")


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


@require_http_methods(["GET", "POST"])
def confirm_comment(request, token):
    try:
        comment_id = comment_id_from_confirmation_token(token)
    except ExpiredToken:
        return message_page(
            request,
            400,
            _("Dieser Bestätigungslink ist abgelaufen"),
            _(
                "Bestätigungslinks gelten nur wenige Tage. Ihr Kommentar wurde nicht "
                "veröffentlicht; bitte schreiben Sie ihn erneut."
            ),
        )
    except BadToken:
        return _invalid_link(request)
    comment = PortalComment.objects.filter(pk=comment_id).first()
    page = comment.page.specific if comment is not None and comment.page else None
    if page is None:
        return message_page(
            request,
            404,
            _("Kommentar nicht gefunden"),
            _("Diesen Kommentar gibt es nicht mehr."),
        )
    if comment.status != Status.AWAITING_CONFIRMATION:
        messages.info(request, _("Dieser Kommentar ist bereits bestätigt."))
        return redirect(f"{page.url}#c{comment.pk}" if comment.is_visible else page.url)
    if request.method == "POST":
        comment = rules.confirm_comment(comment)
        if comment.status == Status.PUBLISHED:
            messages.success(request, _("Danke für die Bestätigung! Ihr Kommentar ist online."))
            return redirect(f"{page.url}#c{comment.pk}")
        messages.info(
            request,
            _(
                "Danke für die Bestätigung! Ihr Kommentar erscheint, sobald die Redaktion ihn "
                "freigegeben hat."
            ),
        )
        return redirect(page.url)
    return TemplateResponse(
        request, "blog/comments/confirm.html", {"comment": comment, "target_page": page}
    )


@csrf_exempt  # the signed token is the proof; mail clients post here for one-click unsubscribe
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        comment_id = comment_id_from_unsubscribe_token(token)
    except BadToken:
        return _invalid_link(request)
    comment = PortalComment.objects.filter(pk=comment_id).first()
    page = comment.page if comment is not None else None
    if page is None:
        return message_page(
            request,
            404,
            _("Kommentar nicht gefunden"),
            _("Diesen Kommentar gibt es nicht mehr; Sie bekommen keine E-Mails dazu."),
        )
    if request.method == "POST":
        rules.unsubscribe(comment)
        return message_page(
            request,
            200,
            _("Abgemeldet"),
            _(
                "Sie bekommen keine E-Mails mehr über Antworten auf Ihre Kommentare auf dieser "
                "Seite."
            ),
            page,
        )
    return TemplateResponse(
        request, "blog/comments/unsubscribe.html", {"target_page": page.specific}
    )


def reporter_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "addr:" + salted_hmac("blog.report", client_ip(request)).hexdigest()[:40]


@require_http_methods(["GET", "POST"])
def report_comment(request, comment_id):
    comment = PortalComment.objects.filter(pk=comment_id, status=Status.PUBLISHED).first()
    page = comment.page if comment is not None else None
    if page is None or not page.live:
        return message_page(
            request,
            404,
            _("Kommentar nicht gefunden"),
            _("Diesen Kommentar gibt es nicht oder er wird bereits von der Redaktion geprüft."),
        )
    page = page.specific
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if is_ratelimited(
            request, group="blog.report", key="ip", rate=settings.BLOG_REPORT_RATE, increment=True
        ):
            return message_page(
                request,
                429,
                _("Zu viele Meldungen"),
                _("Sie haben in kurzer Zeit sehr viele Meldungen geschickt. Bitte warten Sie."),
                page,
            )
        if form.is_valid():
            counted, hidden = rules.report_comment(
                comment,
                reporter_key=reporter_key(request),
                user=request.user,
                reason=form.cleaned_data["reason"],
                blog_settings=BlogSettings.for_request(request),
            )
            if counted:
                messages.success(
                    request, _("Danke für Ihre Meldung. Die Redaktion sieht sich den Beitrag an.")
                )
            else:
                messages.info(request, _("Sie haben diesen Beitrag bereits gemeldet."))
            return redirect(f"{page.url}#c{comment.pk}" if not hidden else f"{page.url}#comments")
    return TemplateResponse(
        request,
        "blog/comments/report.html",
        {"comment": comment, "target_page": page, "form": form},
        status=400 if form.is_bound else 200,
    )
