"""Writing a comment: confirmation by e-mail for anonymous readers, none for signed-in
members, optional moderation, and every bad input answered without storing anything."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from blog.models import PortalComment
from portal.membership import grant_membership
from tests.blog.conftest import comment_url, make_article, make_comment, valid_comment
from tests.factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = PortalComment.Status


def confirmation_link(message):
    return re.search(r"http://testserver(/\w\w/[^/]+/[^/]+/[^/\s]+/)", message.body).group(1)


def test_anonymous_comment_waits_for_confirmation(send, article):
    response = send(comment_url(article), valid_comment())
    assert response.status_code == 302
    comment = PortalComment.objects.get()
    assert comment.status == Status.AWAITING_CONFIRMATION
    assert comment.is_public is False


def test_anonymous_comment_is_not_shown_before_confirmation(client, send, article):
    send(comment_url(article), valid_comment(comment="Noch nicht bestätigt"))
    assert "Noch nicht bestätigt" not in client.get(article.url).content.decode()


def test_anonymous_author_gets_a_confirmation_email_in_german(send, article):
    send(comment_url(article), valid_comment())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"]
    assert "Bitte bestätigen Sie Ihren Kommentar" in message.subject
    assert "/de/kommentare/bestaetigen/" in message.body


def test_confirmation_email_is_in_the_language_of_the_page_the_reader_used(send, article):
    send(comment_url(article, "en"), valid_comment())
    message = mail.outbox[0]
    assert "Please confirm your comment" in message.subject
    assert "/en/comments/confirm/" in message.body
    assert PortalComment.objects.get().language == "en"


def test_opening_the_confirmation_link_asks_before_publishing(client, send, article):
    send(comment_url(article), valid_comment())
    response = client.get(confirmation_link(mail.outbox[0]))
    assert response.status_code == 200
    assert "Ja, Kommentar veröffentlichen" in response.content.decode()
    assert PortalComment.objects.get().status == Status.AWAITING_CONFIRMATION


def test_confirming_publishes_the_comment(client, send, article):
    send(comment_url(article), valid_comment(comment="Jetzt sichtbar"))
    comment = PortalComment.objects.get()
    response = send(confirmation_link(mail.outbox[0]), {})
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#c{comment.pk}"
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED and comment.is_public
    assert "Jetzt sichtbar" in client.get(article.url).content.decode()


def test_confirming_twice_changes_nothing(client, send, article):
    send(comment_url(article), valid_comment())
    link = confirmation_link(mail.outbox[0])
    send(link, {})
    response = send(link, {})
    assert response.status_code == 302
    assert PortalComment.objects.get().status == Status.PUBLISHED


def test_tampered_confirmation_link_is_refused_in_german(client, send, article):
    send(comment_url(article), valid_comment())
    link = confirmation_link(mail.outbox[0])
    response = client.post(link[:-3] + "xy/")
    assert response.status_code == 400
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert PortalComment.objects.get().status == Status.AWAITING_CONFIRMATION


def test_tampered_confirmation_link_is_refused_in_english(client):
    response = client.get("/en/comments/confirm/not-a-token/")
    assert response.status_code == 400
    assert "This link is invalid" in response.content.decode()


def test_expired_confirmation_link_is_refused_and_publishes_nothing(client, send, article):
    send(comment_url(article), valid_comment())
    link = confirmation_link(mail.outbox[0])
    with override_settings(BLOG_COMMENT_CONFIRMATION_MAX_AGE=-1):
        response = client.post(link)
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert PortalComment.objects.get().status == Status.AWAITING_CONFIRMATION


def test_signed_in_member_comment_is_published_at_once(client, send, article):
    member = UserFactory(first_name="Maria", last_name="Muster")
    grant_membership(member)
    client.force_login(member)
    response = send(comment_url(article), {"comment": "Von einem Mitglied", "website": ""})
    comment = PortalComment.objects.get()
    assert response["Location"] == f"{article.url}#c{comment.pk}"
    assert comment.status == Status.PUBLISHED
    assert comment.user == member
    assert comment.user_name == "Maria Muster"
    assert mail.outbox == []


def test_signed_in_form_asks_only_for_the_comment(client, article):
    client.force_login(UserFactory(first_name="Maria", last_name="Muster"))
    html = client.get(article.url).content.decode()
    assert 'name="comment"' in html
    assert 'name="email"' not in html and 'name="name"' not in html
    assert "Sie kommentieren als Maria Muster." in html


def test_moderation_holds_a_signed_in_comment_for_the_editors(client, send, article, blog_settings):
    blog_settings.comments_require_moderation = True
    blog_settings.save()
    client.force_login(UserFactory())
    response = send(comment_url(article), {"comment": "Bitte prüfen", "website": ""})
    assert response.status_code == 302
    assert PortalComment.objects.get().status == Status.AWAITING_MODERATION
    assert "Bitte prüfen" not in client.get(article.url).content.decode()


def test_moderation_holds_a_confirmed_anonymous_comment(send, article, blog_settings):
    blog_settings.comments_require_moderation = True
    blog_settings.save()
    send(comment_url(article), valid_comment())
    send(confirmation_link(mail.outbox[0]), {})
    assert PortalComment.objects.get().status == Status.AWAITING_MODERATION


@pytest.mark.parametrize("missing", ["name", "email", "comment"])
def test_missing_field_gives_a_form_error_and_stores_nothing(send, article, missing):
    response = send(comment_url(article), valid_comment(**{missing: ""}))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{missing}_error"' in html
    assert "Dieses Feld muss ausgefüllt werden." in html
    assert PortalComment.objects.count() == 0
    assert mail.outbox == []


def test_form_error_keeps_what_the_reader_wrote(send, article):
    response = send(comment_url(article), valid_comment(email="", comment="Mein langer Text"))
    assert "Mein langer Text</textarea>" in response.content.decode()


def test_malformed_email_gives_a_form_error(send, article):
    response = send(comment_url(article), valid_comment(email="erika-at-example"))
    assert response.status_code == 400
    assert "Bitte gültige E-Mail-Adresse eingeben." in response.content.decode()
    assert PortalComment.objects.count() == 0


def test_form_errors_appear_in_english_on_english_urls(send, article):
    response = send(comment_url(article, "en"), valid_comment(comment=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_over_long_comment_is_refused(send, article, settings):
    too_long = "a" * (settings.BLOG_COMMENT_MAX_LENGTH + 1)
    response = send(comment_url(article), valid_comment(comment=too_long))
    assert response.status_code == 400
    assert "höchstens 3000 Zeichen" in response.content.decode()
    assert PortalComment.objects.count() == 0


def test_over_long_name_is_refused(send, article):
    response = send(comment_url(article), valid_comment(name="N" * 51))
    assert response.status_code == 400
    assert PortalComment.objects.count() == 0


def test_filled_honeypot_is_refused(send, article):
    response = send(comment_url(article), valid_comment(website="http://spam.example"))
    assert response.status_code == 400
    assert PortalComment.objects.count() == 0
    assert mail.outbox == []


def test_comment_on_an_article_with_comments_closed_is_refused(send, article):
    article.comments_open = False
    article.save_revision().publish()
    response = send(comment_url(article), valid_comment())
    assert response.status_code == 403
    assert "keine Kommentare mehr" in response.content.decode()
    assert PortalComment.objects.count() == 0


def test_closed_article_shows_no_form_but_keeps_its_comments(client, article):
    make_comment(article, text="Alter Kommentar")
    article.comments_open = False
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "Alter Kommentar" in html
    assert 'name="comment"' not in html
    assert "Die Kommentare zu diesem Beitrag sind geschlossen." in html


def test_reply_to_a_comment_that_does_not_exist_is_refused(send, article):
    response = send(comment_url(article), valid_comment(reply_to="999999"))
    assert response.status_code == 400
    assert "gibt es auf dieser Seite nicht" in response.content.decode()
    assert PortalComment.objects.count() == 0


def test_reply_to_a_comment_of_another_article_is_refused(send, article, blog_index):
    other = make_comment(make_article(blog_index))
    response = send(comment_url(article), valid_comment(reply_to=str(other.pk)))
    assert response.status_code == 400
    assert PortalComment.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "-1", "1e5", "9" * 40])
def test_malformed_reply_to_is_refused(send, article, value):
    response = send(comment_url(article), valid_comment(reply_to=value))
    assert response.status_code == 400
    assert PortalComment.objects.count() == 0


def test_reply_to_a_hidden_comment_is_refused(send, article):
    hidden = make_comment(article, status=Status.HIDDEN)
    response = send(comment_url(article), valid_comment(reply_to=str(hidden.pk)))
    assert response.status_code == 400
    assert PortalComment.objects.count() == 1


def test_reply_is_stored_in_its_thread(send, article):
    parent = make_comment(article)
    send(comment_url(article), valid_comment(reply_to=str(parent.pk)))
    reply = PortalComment.objects.exclude(pk=parent.pk).get()
    assert reply.parent_id == parent.pk
    assert reply.thread_id == parent.thread_id
    assert reply.level == 1


def test_reply_deeper_than_the_allowed_depth_is_refused(send, article, blog_settings):
    blog_settings.comment_max_depth = 2
    blog_settings.save()
    top = make_comment(article)
    reply = make_comment(article, parent=top)
    response = send(comment_url(article), valid_comment(reply_to=str(reply.pk)))
    assert response.status_code == 400
    assert "nicht weiter geantwortet" in response.content.decode()
    assert PortalComment.objects.count() == 2


def test_depth_one_allows_no_replies_at_all(client, article, blog_settings):
    blog_settings.comment_max_depth = 1
    blog_settings.save()
    make_comment(article)
    assert "?reply_to=" not in client.get(article.url).content.decode()


def test_comments_from_one_address_are_rate_limited(send, article, settings):
    settings.BLOG_COMMENT_RATE = "2/m"
    for number in range(2):
        ok = send(comment_url(article), valid_comment(comment=f"Nummer {number}"))
        assert ok.status_code == 302
    response = send(comment_url(article), valid_comment(comment="Zu viel"))
    assert response.status_code == 429
    assert "Bitte warten Sie einige Minuten" in response.content.decode()
    assert PortalComment.objects.count() == 2


def test_one_email_address_from_changing_ip_addresses_is_rate_limited(client, send, article):
    with override_settings(BLOG_COMMENT_RATE="1/m"):
        first = client.post(comment_url(article), valid_comment(), REMOTE_ADDR="10.0.0.1")
        second = client.post(comment_url(article), valid_comment(), REMOTE_ADDR="10.0.0.2")
    assert first.status_code == 302
    assert second.status_code == 429
    assert PortalComment.objects.count() == 1


def test_comment_on_an_unknown_page_is_404(send, db):
    assert send("/de/kommentare/999999/", valid_comment()).status_code == 404


def test_comment_on_a_page_type_without_comments_is_404(send, home_de):
    page = StandardPageFactory(parent=home_de)
    assert send(comment_url(page), valid_comment()).status_code == 404
    assert PortalComment.objects.count() == 0


def test_opening_the_comment_url_leads_back_to_the_article(client, article):
    response = client.get(comment_url(article))
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-form"
    assert client.put(comment_url(article)).status_code == 405


def test_the_form_marks_required_fields_and_promises_privacy(client, article):
    html = client.get(article.url).content.decode()
    assert '<label for="id_name">Name <span class="required-marker" aria-hidden="true">*' in html
    assert '<label for="id_email">E-Mail-Adresse <span class="required-marker"' in html
    assert "Pflichtfelder sind mit * gekennzeichnet." in html
    assert "Ihre E-Mail-Adresse wird nie veröffentlicht." in html
    assert '<label for="id_followup">' in html
