"""How comments appear: threads, order, placeholders, safe text, no e-mail addresses, and a
constant number of queries however long the discussion."""

import re
from html.parser import HTMLParser

import pytest

from blog.models import PortalComment
from tests.blog.conftest import make_comment

pytestmark = pytest.mark.django_db

Status = PortalComment.Status

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">klick</a>',
    "javascript:alert(1)",
    "<iframe src=//evil.example></iframe>",
    'http://example.org/"onmouseover="alert(1)',
    "www.example.org/<script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    "</textarea><script>alert(1)</script>",
]


class ActiveContent(HTMLParser):
    """Collects what a browser would execute or load: tags and event attributes."""

    DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "style", "object", "embed", "textarea"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript"):
                self.found.append(f"{tag}[{name}=javascript]")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def comment_html(html, comment):
    return html.split(f'id="c{comment.pk}"', 1)[1].split("</article>", 1)[0]


def test_replies_are_nested_below_their_comment(client, article):
    top = make_comment(article, text="Oben")
    reply = make_comment(article, parent=top, text="Darunter")
    html = client.get(article.url).content.decode()
    top_item = html.split(f'id="c{top.pk}"', 1)[1].split('<li class="comment-list__item">', 0)[0]
    assert f'id="c{reply.pk}"' in top_item
    assert html.index("Oben") < html.index("Darunter")
    assert re.search(
        rf'id="c{top.pk}".*?</article>\s*<ol class="comment-list">.*?id="c{reply.pk}"',
        html,
        re.DOTALL,
    )


def test_oldest_discussions_come_first_by_default(client, article):
    make_comment(article, text="Erste Diskussion")
    make_comment(article, text="Zweite Diskussion")
    html = client.get(article.url).content.decode()
    assert html.index("Erste Diskussion") < html.index("Zweite Diskussion")


def test_editors_can_show_newest_discussions_first(client, article, blog_settings):
    blog_settings.comment_order = "newest"
    blog_settings.save()
    first = make_comment(article, text="Erste Diskussion")
    make_comment(article, text="Zweite Diskussion")
    make_comment(article, parent=first, text="Antwort auf die erste")
    html = client.get(article.url).content.decode()
    assert html.index("Zweite Diskussion") < html.index("Erste Diskussion")
    assert html.index("Erste Diskussion") < html.index("Antwort auf die erste")


def test_unconfirmed_and_pending_comments_are_not_shown(client, article):
    make_comment(article, text="Unbestätigt", status=Status.AWAITING_CONFIRMATION)
    make_comment(article, text="Wartet", status=Status.AWAITING_MODERATION)
    html = client.get(article.url).content.decode()
    assert "Unbestätigt" not in html and "Wartet" not in html
    assert "0 Kommentare" in html


def test_hidden_comment_shows_a_note_instead_of_its_text(client, article):
    hidden = make_comment(article, text="Gemeldeter Text", status=Status.HIDDEN)
    html = client.get(article.url).content.decode()
    assert "Gemeldeter Text" not in html
    assert "ist ausgeblendet, bis die Redaktion ihn geprüft hat" in comment_html(html, hidden)


def test_removed_comment_with_replies_leaves_a_note_and_keeps_the_replies(client, article):
    removed = make_comment(article, text="Entfernter Text")
    make_comment(article, parent=removed, text="Antwort bleibt")
    PortalComment.objects.filter(pk=removed.pk).update(status=Status.REMOVED, is_removed=True)
    html = client.get(article.url).content.decode()
    assert "Entfernter Text" not in html
    assert "Antwort bleibt" in html
    assert "von der Redaktion entfernt" in comment_html(html, removed)


def test_removed_comment_without_replies_disappears(client, article):
    make_comment(article, text="Weg damit", status=Status.REMOVED)
    html = client.get(article.url).content.decode()
    assert "von der Redaktion entfernt" not in html


def test_comment_count_counts_published_comments_only(client, article):
    make_comment(article)
    make_comment(article)
    make_comment(article, status=Status.HIDDEN)
    make_comment(article, status=Status.AWAITING_CONFIRMATION)
    assert '<h2 id="comments-heading">2 Kommentare</h2>' in client.get(article.url).content.decode()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_in_a_comment_is_shown_as_text(client, article, payload):
    comment = make_comment(article, text=f"Vorher {payload} nachher", user_name=payload[:50])
    html = client.get(article.url).content.decode()
    shown = f'<article id="c{comment.pk}"' + comment_html(html, comment) + "</article>"
    assert active_content(shown) == []
    assert payload not in html or payload == "javascript:alert(1)"


def test_html_in_a_comment_is_shown_as_text_on_the_confirmation_page(client, article):
    from blog.tokens import confirmation_token

    comment = make_comment(
        article, text="<script>alert(1)</script>", status=Status.AWAITING_CONFIRMATION
    )
    html = client.get(f"/de/kommentare/bestaetigen/{confirmation_token(comment)}/").content
    assert b"<script>alert(1)" not in html
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_links_in_comments_are_marked_nofollow_ugc(client, article):
    comment = make_comment(
        article, text="Siehe https://www.example.org/bericht und www.example.com"
    )
    shown = comment_html(client.get(article.url).content.decode(), comment)
    assert '<a href="https://www.example.org/bericht" rel="nofollow ugc noopener">' in shown
    assert '<a href="http://www.example.com" rel="nofollow ugc noopener">' in shown


def test_paragraphs_of_a_comment_are_kept(client, article):
    comment = make_comment(article, text="Erster Absatz\n\nZweiter Absatz\nmit Umbruch")
    shown = comment_html(client.get(article.url).content.decode(), comment)
    assert "<p>Erster Absatz</p>" in shown
    assert "<p>Zweiter Absatz<br>mit Umbruch</p>" in shown


def test_commenter_email_addresses_never_appear_on_the_page(client, article):
    from tests.factories import UserFactory

    make_comment(article, user_email="geheim@example.org")
    nameless = UserFactory(first_name="", last_name="", email="konto@example.org")
    make_comment(article, user=nameless, user_name="", user_email=nameless.email)
    html = client.get(article.url).content.decode()
    assert "geheim@example.org" not in html
    assert "konto@example.org" not in html
    assert "Anonym" in html


def test_reply_link_works_without_javascript(client, article):
    top = make_comment(article, user_name="Karl Kommentar")
    response = client.get(f"{article.url}?reply_to={top.pk}")
    html = response.content.decode()
    assert f'name="reply_to" value="{top.pk}"' in html
    assert "Sie antworten auf den Kommentar von Karl Kommentar." in html
    assert '<h3 id="comment-form-heading">Antwort schreiben</h3>' in html


@pytest.mark.parametrize("value", ["abc", "999999", "-3", ""])
def test_unknown_reply_parameter_shows_the_normal_form(client, article, value):
    response = client.get(f"{article.url}?reply_to={value}")
    assert response.status_code == 200
    assert "Kommentar schreiben" in response.content.decode()


def test_reply_script_is_a_deferred_static_file(client, article):
    html = client.get(article.url).content.decode()
    assert '<script src="/static/blog/js/comments.js" defer></script>' in html
    assert "<script>" not in html


def thread(article, count):
    """``count`` comments in threads of a comment and two levels of replies."""
    made = 0
    while made < count:
        top = make_comment(article, text=f"Kommentar {made}")
        made += 1
        if made < count:
            reply = make_comment(article, parent=top, text=f"Antwort {made}")
            made += 1
            if made < count:
                make_comment(article, parent=reply, text=f"Antwort auf Antwort {made}")
                made += 1


def count_queries(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm caches that are not per request (content types, site root paths)
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_long_discussion_renders_with_a_constant_number_of_queries(
    client, article, django_assert_max_num_queries
):
    thread(article, 10)
    small = count_queries(client, article.url, django_assert_max_num_queries, 40)
    thread(article, 190)
    large = count_queries(client, article.url, django_assert_max_num_queries, small)
    assert large == small
    assert (
        client.get(article.url).content.decode().count('class="comment comment--published"') == 200
    )


def test_cached_thread_shows_new_and_moderated_comments_at_once(client, article, blog_settings):
    """The thread is cached per cache generation; a new comment (its save) and the comment
    rules (which update rows directly) start a new one."""
    from blog.comments import report_comment

    blog_settings.comment_report_threshold = 1
    blog_settings.save()
    first = make_comment(article, text="Bleibt stehen")
    client.get(article.url)  # the thread is now cached
    make_comment(article, parent=first, text="Neu dazugekommen")
    assert "Neu dazugekommen" in client.get(article.url).content.decode()
    client.get(article.url)
    assert report_comment(first, reporter_key="reader", blog_settings=blog_settings)[1]
    html = client.get(article.url).content.decode()
    assert "Bleibt stehen" not in html
    assert "ist ausgeblendet" in html


def test_cached_thread_follows_anonymisation(client, article):
    from blog.comments import anonymise_comments_of
    from tests.factories import UserFactory

    user = UserFactory()
    make_comment(article, user=user, user_name="Maria Muster")
    client.get(article.url)
    anonymise_comments_of(user)
    assert "Maria Muster" not in client.get(article.url).content.decode()


def test_cached_thread_is_per_language(client, article):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.utils import translation

    make_comment(article)
    assert "Beitrag melden" in client.get(article.url).content.decode()  # cached in German
    request = RequestFactory().get(article.url)
    request.user = AnonymousUser()
    with translation.override("en"):
        html = Template("{% load blog_tags %}{% page_comments %}").render(
            Context({"request": request, "page": article})
        )
    assert "Report comment" in html and "Beitrag melden" not in html


def test_an_article_view_needs_no_queries_once_its_parts_are_cached(
    client, article, django_assert_num_queries
):
    """For an anonymous reader on a page-cache miss (the page cache is off in tests): the
    page, its comment thread, the header and the blank form come from the generation's
    cache; a new comment is shown at once."""
    article.save_revision().publish()  # as editors do: the article has a publication date
    make_comment(article, text="Erster Beitrag")
    client.get(article.url)
    with django_assert_num_queries(0):
        html = client.get(article.url).content.decode()
    assert "Erster Beitrag" in html and 'name="csrfmiddlewaretoken"' in html
    make_comment(article, text="Zweiter Beitrag")
    assert "Zweiter Beitrag" in client.get(article.url).content.decode()
