"""Template tags of the blog: the home page's latest articles, the comment section any
commentable page includes, and safe rendering of comment text."""

import functools
import hashlib
import re

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import Urlizer, escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext
from wagtail.models import Locale

from blog.comment_tree import comment_tree, flatten
from blog.comments import comments_open
from blog.forms import CommentForm
from blog.listing import prepare_cards
from blog.models import BlogPage, BlogSettings, PortalComment
from portal.caching.pages import cached_value, depends_on, model_signature
from portal.caching.registry import COMMENTS, object_scope

register = template.Library()


@register.inclusion_tag("blog/tags/latest_articles.html", takes_context=True)
def latest_articles(context, count=3):
    """The newest articles in the reader's language, looked up once per cache generation
    (a publish, a new comment or a moderation decision starts a new one)."""
    locale = Locale.get_active()
    count = max(0, int(count))

    def compute():
        articles = list(
            BlogPage.objects.live()
            .public()
            .filter(locale=locale)
            .defer_streamfields()
            .order_by("-date", "-pk")[:count]
        )
        prepare_cards(articles, locale)
        index = articles[0].get_parent() if articles else None
        return {"articles": articles, "index": index}

    found = cached_value(
        "latest-articles", locale.pk, count, model_signature(BlogPage), compute=compute
    )
    return {**found, "request": context.get("request")}


class CommentUrlizer(Urlizer):
    """Django's urlize with ``rel="nofollow ugc"`` on every link it creates."""

    def handle_word(self, word, **kwargs):
        html = super().handle_word(word, **kwargs)
        return html.replace(' rel="nofollow"', ' rel="nofollow ugc noopener"')


_urlize = CommentUrlizer()
_many_newlines = re.compile(r"\n{3,}")
# What urlize can turn into a link: a scheme, "www.", an e-mail or a bare gTLD domain.
_maybe_link = re.compile(r"://|www\.|@|\.(com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


@register.filter
def comment_text(text):
    """Comment text as HTML: everything escaped, paragraphs kept, bare http(s) links
    clickable with ``rel="nofollow ugc"``."""
    text = _many_newlines.sub("\n\n", (text or "").replace("\r\n", "\n").strip())
    if _maybe_link.search(text):
        linked = _urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    else:
        linked = escape(text)  # nothing urlize would link: skip its word-by-word work
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 - escaped by urlize


def blank_form_html(page, user, blog_settings, initial):
    """The fields of a comment form nobody has filled in yet, rendered once per language,
    kind of reader (signed in or not) and reply target in each cache generation: the same
    for every reader (no personal data; the CSRF token is outside). The form itself is only
    built when the fields are not in the cache. A submitted form with values or errors is
    rendered fresh by the template."""

    def render():
        form = CommentForm(initial=initial, page=page, user=user, blog_settings=blog_settings)
        return str(render_to_string("components/form_fields.html", {"form": form}))

    html = cached_value(
        "comment-form-fields",
        get_language(),
        user.is_authenticated,
        initial.get("reply_to", ""),
        settings.BLOG_COMMENT_MAX_LENGTH,
        compute=render,
    )
    return mark_safe(html)  # noqa: S308 - rendered (and escaped) by the template above


@register.inclusion_tag("blog/comments/section.html", takes_context=True)
def page_comments(context, page=None):
    """The comments of a page and the form to write one. Constant number of queries for
    any number of comments."""
    request = context["request"]
    page = page or context["page"]
    if page.pk is None:  # preview of a page not saved yet: nothing to show or post to
        return {"preview_of_new_page": True}
    blog_settings = BlogSettings.for_request(request)
    is_open = comments_open(page)
    tree = cached_comment_tree(
        page,
        newest_first=blog_settings.newest_first,
        max_depth=blog_settings.comment_max_depth,
        accept_replies=is_open,
    )
    form = getattr(request, "blog_comment_form", None)  # posted, with errors
    reply_to = None
    form_html = None
    if form is None and is_open:
        initial = {}
        reply_param = request.GET.get("reply_to", "")
        if reply_param.isdigit() and len(reply_param) < 12:
            reply_to = _find(tree, int(reply_param))
            if reply_to is not None and reply_to.can_reply:
                initial["reply_to"] = reply_to.comment.pk
            else:
                reply_to = None
        form_html = blank_form_html(page, request.user, blog_settings, initial)
    elif form is not None and form.parent is not None:
        reply_to = _find(tree, form.parent.pk)
    return {
        "request": request,
        "page": page,
        "tree": tree,
        "thread_html": cached_thread_html(tree, page, blog_settings, is_open),
        "comment_count": _count_published(tree),
        "form": form if is_open else None,
        "form_html": form_html,
        "comments_open": is_open,
        "reply_to": reply_to,
        "signed_in_name": _signed_in_name(request.user),
    }


def cached_comment_tree(page, **options):
    """``comment_tree()`` once per cache generation: every new or changed comment starts a
    new one (its ``post_save``, or the comment rules in ``blog.comments`` where they update
    rows directly), so readers see each change at once."""
    return cached_value(
        "comment-tree",
        page.pk,
        model_signature(PortalComment),
        *sorted(options.items()),
        compute=lambda: comment_tree(page, **options),
    )


def cached_thread_html(tree, page, blog_settings, is_open):
    """``thread_html()`` once per cache generation (it hashes every comment to find its
    longer-lived entry; within a generation the comments cannot change)."""
    return cached_value(
        "comment-thread-html",
        page.pk,
        get_language(),
        timezone.get_current_timezone_name(),
        blog_settings.newest_first,
        blog_settings.comment_max_depth,
        is_open,
        compute=lambda: thread_html(tree, page),
    )


THREAD_CACHE_SECONDS = 3600
THREAD_TEMPLATE = "blog/comments/thread.html"


@functools.cache
def template_signature(name):
    """A digest of a template's source (per process): a deployment that changes the
    template gives its cached renderings new keys, with no version number to bump."""
    source = get_template(name).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def thread_html(tree, page):
    """The rendered thread, cached under a digest of everything it shows (so any new,
    edited, moderated or anonymised comment gives a new key and nothing needs invalidating).
    Rendering hundreds of comments costs far more than hashing them."""
    depends_on(object_scope(COMMENTS, page.pk))
    comments = flatten(tree)
    if not comments:
        return ""
    digest = hashlib.sha256(
        f"{template_signature(THREAD_TEMPLATE)}|{page.pk}|{page.url}|{get_language()}|"
        f"{timezone.get_current_timezone_name()}".encode()
    )
    for node in comments:
        comment = node.comment
        digest.update(
            f"|{comment.pk}|{comment.status}|{comment.user_name}|{comment.submit_date}|"
            f"{node.can_reply}|{bool(node.children)}|{len(node.closes)}|{len(comment.comment)}|".encode()
        )
        digest.update(comment.comment.encode())
    key = f"blog:thread:{digest.hexdigest()}"
    html = cache.get(key)
    if html is None:
        # One reverse() for all report links instead of one per comment.
        report_url = reverse("blog:comment_report", kwargs={"comment_id": 0})
        for node in comments:
            node.report_url = report_url.replace("/0/", f"/{node.comment.pk}/", 1)
        html = render_to_string(
            THREAD_TEMPLATE,
            {"comments": comments, "page": page, "labels": comment_labels()},
        )
        cache.set(key, html, THREAD_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescape


def comment_labels():
    """Texts repeated on every comment, translated once per page."""
    return {
        "anonymous": gettext("Anonym"),
        "reply": gettext("Antworten"),
        "reply_to": pgettext("reply to a person", "an"),
        "report": gettext("Beitrag melden"),
        "hidden": gettext(
            "Dieser Beitrag wurde von Leserinnen und Lesern gemeldet und ist ausgeblendet, bis "
            "die Redaktion ihn geprüft hat."
        ),
        "removed": gettext("Dieser Beitrag wurde von der Redaktion entfernt."),
    }


def _find(nodes, comment_id):
    for node in nodes:
        if node.comment.pk == comment_id:
            return node
        found = _find(node.children, comment_id)
        if found is not None:
            return found
    return None


def _count_published(nodes):
    return sum(
        (node.comment.status == PortalComment.Status.PUBLISHED) + _count_published(node.children)
        for node in nodes
    )


def _signed_in_name(user):
    if not user.is_authenticated:
        return ""
    return user.get_full_name().strip()
