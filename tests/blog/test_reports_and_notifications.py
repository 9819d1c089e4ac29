"""Readers report comments ("Beitrag melden"); authors who asked for it hear about replies
and can unsubscribe from every such e-mail."""

import re

import pytest
from django.core import mail

from blog import comments as rules
from blog.models import CommentReport, PortalComment
from blog.tokens import unsubscribe_token
from tests.blog.conftest import comment_url, make_comment, valid_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = PortalComment.Status


def report_url(comment, language="de"):
    return (
        f"/de/kommentare/{comment.pk}/melden/"
        if language == "de"
        else (f"/en/comments/{comment.pk}/report/")
    )


def report(comment, key, blog_settings):
    return rules.report_comment(comment, reporter_key=key, blog_settings=blog_settings)


def test_each_reader_counts_once(article, blog_settings):
    comment = make_comment(article)
    assert report(comment, "addr:a", blog_settings) == (True, False)
    assert report(comment, "addr:a", blog_settings) == (False, False)
    comment.refresh_from_db()
    assert comment.open_reports == 1
    assert comment.status == Status.PUBLISHED


def test_comment_is_hidden_after_three_reports_by_default(article, blog_settings):
    comment = make_comment(article)
    report(comment, "addr:a", blog_settings)
    report(comment, "addr:b", blog_settings)
    assert report(comment, "user:7", blog_settings) == (True, True)
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert comment.is_public is False


def test_editors_choose_how_many_reports_hide_a_comment(article, blog_settings):
    blog_settings.comment_report_threshold = 1
    blog_settings.save()
    comment = make_comment(article)
    assert report(comment, "addr:a", blog_settings) == (True, True)


def test_approval_settles_reports_and_shows_the_comment_again(article, blog_settings):
    editor = UserFactory(is_staff=True)
    comment = make_comment(article)
    for key in ("a", "b", "c"):
        report(comment, key, blog_settings)
    rules.approve_comment(comment, editor)
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.open_reports == 0
    assert comment.moderated_by == editor
    assert not CommentReport.objects.filter(resolved=False).exists()


def test_a_reader_can_report_again_after_an_editors_decision(article, blog_settings):
    comment = make_comment(article)
    report(comment, "a", blog_settings)
    rules.approve_comment(comment, None)
    assert report(comment, "a", blog_settings) == (True, False)


def test_report_page_works_without_javascript(client, article):
    comment = make_comment(article, text="Fragwürdig")
    page = client.get(report_url(comment))
    assert page.status_code == 200
    assert "Fragwürdig" in page.content.decode()
    response = client.post(report_url(comment), {"reason": "Beleidigend", "website": ""})
    assert response.status_code == 302
    assert CommentReport.objects.get().reason == "Beleidigend"
    assert "Danke für Ihre Meldung" in client.get(response["Location"]).content.decode()


def test_anonymous_reports_are_counted_by_address_without_storing_it(client, article):
    comment = make_comment(article)
    client.post(report_url(comment), {"website": ""}, REMOTE_ADDR="192.0.2.10")
    client.post(report_url(comment), {"website": ""}, REMOTE_ADDR="192.0.2.10")
    client.post(report_url(comment), {"website": ""}, REMOTE_ADDR="192.0.2.11")
    keys = list(CommentReport.objects.values_list("reporter_key", flat=True))
    assert len(keys) == 2
    assert all("192.0.2" not in key for key in keys)


def test_three_readers_reporting_through_the_site_hide_the_comment(client, article):
    comment = make_comment(article, text="Unsachlich")
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        client.post(report_url(comment), {"website": ""}, REMOTE_ADDR=address)
    html = client.get(article.url).content.decode()
    assert "Unsachlich" not in html
    assert "ist ausgeblendet" in html


def test_reporting_a_hidden_or_unknown_comment_is_404_in_english(client, article):
    hidden = make_comment(article, status=Status.HIDDEN)
    response = client.post(report_url(hidden, "en"), {"website": ""})
    assert response.status_code == 404
    assert "Comment not found" in response.content.decode()
    assert client.get("/en/comments/999999/report/").status_code == 404


def test_over_long_report_reason_is_a_form_error(client, article):
    comment = make_comment(article)
    response = client.post(report_url(comment), {"reason": "x" * 501, "website": ""})
    assert response.status_code == 400
    assert CommentReport.objects.count() == 0


def test_reports_are_rate_limited_per_address(client, article, settings):
    settings.BLOG_REPORT_RATE = "2/m"
    comments = [make_comment(article) for _ in range(3)]
    codes = [client.post(report_url(c), {"website": ""}).status_code for c in comments]
    assert codes == [302, 302, 429]
    assert CommentReport.objects.count() == 2


# --- Reply notifications ---------------------------------------------------------------


def test_reply_notifies_the_author_who_asked_for_it(send, client, article):
    parent = make_comment(article, followup=True, user_email="erika@example.org")
    client.force_login(UserFactory(first_name="Ben", last_name="Antwort"))
    send(comment_url(article), {"comment": "Meine Antwort", "reply_to": parent.pk, "website": ""})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"]
    assert "Neue Antwort auf Ihren Kommentar" in message.subject
    assert "Ben Antwort" in message.body and "Meine Antwort" in message.body
    assert "/de/kommentare/abmelden/" in message.body


def test_every_reply_email_carries_an_unsubscribe_header(send, client, article):
    parent = make_comment(article, followup=True)
    client.force_login(UserFactory())
    send(comment_url(article), {"comment": "Antwort", "reply_to": parent.pk, "website": ""})
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"].startswith("<http://testserver/de/kommentare/abmelden/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reply_email_is_in_the_language_the_author_wrote_in(send, client, article):
    parent = make_comment(article, followup=True, language="en")
    client.force_login(UserFactory())
    send(comment_url(article), {"comment": "Antwort", "reply_to": parent.pk, "website": ""})
    message = mail.outbox[0]
    assert "New reply to your comment" in message.subject
    assert "/en/comments/unsubscribe/" in message.body


def test_authors_further_up_the_thread_are_notified_once_each(send, client, article):
    top = make_comment(article, followup=True, user_email="oben@example.org")
    middle = make_comment(article, parent=top, followup=True, user_email="mitte@example.org")
    make_comment(article, parent=top, followup=True, user_email="daneben@example.org")
    client.force_login(UserFactory())
    send(comment_url(article), {"comment": "Tief", "reply_to": middle.pk, "website": ""})
    assert sorted(m.to[0] for m in mail.outbox) == ["mitte@example.org", "oben@example.org"]


def test_no_email_without_opt_in(send, client, article):
    parent = make_comment(article, followup=False)
    client.force_login(UserFactory())
    send(comment_url(article), {"comment": "Antwort", "reply_to": parent.pk, "website": ""})
    assert mail.outbox == []


def test_nobody_is_notified_of_their_own_reply(send, client, article):
    user = UserFactory(email="selbst@example.org")
    parent = make_comment(article, followup=True, user_email="selbst@example.org")
    client.force_login(user)
    send(comment_url(article), {"comment": "Nachtrag", "reply_to": parent.pk, "website": ""})
    assert mail.outbox == []


def test_anonymous_reply_notifies_only_once_confirmed(send, article):
    parent = make_comment(article, followup=True, user_email="erika@example.org")
    send(comment_url(article), valid_comment(email="ben@example.org", reply_to=parent.pk))
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]  # the confirmation request
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    send(link, {})
    assert [m.to for m in mail.outbox] == [["ben@example.org"], ["erika@example.org"]]


def test_unsubscribe_link_asks_then_stops_reply_emails(send, client, article):
    parent = make_comment(article, followup=True)
    other = make_comment(article, followup=True)  # same address, same page
    url = f"/de/kommentare/abmelden/{unsubscribe_token(parent)}/"
    assert "Keine E-Mails mehr" in client.get(url).content.decode()
    parent.refresh_from_db()
    assert parent.followup is True
    response = client.post(url)
    assert response.status_code == 200
    assert "Abgemeldet" in response.content.decode()
    assert PortalComment.objects.filter(pk__in=[parent.pk, other.pk], followup=True).count() == 0


def test_one_click_unsubscribe_works_without_a_csrf_token(article):
    from django.test import Client

    parent = make_comment(article, followup=True)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/de/kommentare/abmelden/{unsubscribe_token(parent)}/")
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.followup is False


def test_tampered_unsubscribe_link_is_refused(client, article):
    parent = make_comment(article, followup=True)
    response = client.post(f"/de/kommentare/abmelden/{unsubscribe_token(parent)}x/")
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.followup is True


def test_confirmation_token_cannot_be_used_to_unsubscribe(client, article):
    from blog.tokens import confirmation_token

    parent = make_comment(article, followup=True)
    response = client.post(f"/de/kommentare/abmelden/{confirmation_token(parent)}/")
    assert response.status_code == 400
