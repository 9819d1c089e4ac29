"""The blog's part of the account page, the data export and account deletion."""

import pytest
from django.test import RequestFactory
from wagtail import hooks

from blog.account import account_comments_section, anonymise_comments, export_comments
from blog.models import PortalComment
from tests.blog.conftest import make_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = PortalComment.Status


def request_for(user):
    request = RequestFactory().get("/de/konto/")
    request.user = user
    return request


def test_hooks_are_registered_for_the_community_app():
    assert account_comments_section in hooks.get_hooks("portal_account_sections")
    assert export_comments in hooks.get_hooks("portal_export_user_data")
    assert anonymise_comments in hooks.get_hooks("portal_before_delete_user")


def test_account_section_lists_the_members_own_comments(article):
    user = UserFactory(email="maria@example.org")
    mine = make_comment(article, user=user, user_email=user.email, text="Von mir")
    anonymous_mine = make_comment(article, user_email="MARIA@example.org", text="Vorher anonym")
    make_comment(article, text="Von jemand anderem")
    section = account_comments_section(request_for(user))
    assert str(section["title"]) == "Meine Kommentare"
    assert section["template"] == "blog/account/comments.html"
    assert {c.pk for c in section["context"]["comments"]} == {mine.pk, anonymous_mine.pk}
    assert section["context"]["comments"][0].target_page.pk == article.pk


def test_account_section_template_renders_a_table(article):
    from django.template.loader import render_to_string

    user = UserFactory()
    make_comment(article, user=user, user_email=user.email, text="Tabellentext")
    section = account_comments_section(request_for(user))
    html = render_to_string(section["template"], section["context"])
    assert '<th scope="col">Kommentar</th>' in html
    assert "Tabellentext" in html and article.title in html


def test_account_section_is_empty_for_anonymous_readers():
    from django.contrib.auth.models import AnonymousUser

    assert account_comments_section(request_for(AnonymousUser())) is None


def test_export_contains_the_members_comments(article):
    user = UserFactory()
    make_comment(article, user=user, user_email=user.email, text="Exportiert")
    key, data = export_comments(user)
    assert key == "comments"
    assert data[0]["text"] == "Exportiert"
    assert data[0]["page"] == article.title
    assert data[0]["status"] == "published"
    import json

    json.dumps(data)  # serialisable


def test_deleting_an_account_keeps_the_text_but_not_the_person(article):
    user = UserFactory(first_name="Maria", last_name="Muster", email="maria@example.org")
    top = make_comment(
        article, user=user, user_name="Maria Muster", user_email=user.email, followup=True
    )
    reply = make_comment(article, parent=top, text="Antwort von anderen")
    anonymise_comments(user)
    top.refresh_from_db()
    assert top.user is None
    assert top.user_name == "" and top.user_email == ""
    assert top.followup is False
    assert top.comment == "Ein Kommentar."
    reply.refresh_from_db()
    assert reply.user_email == "erika@example.org"  # other people's comments stay as they are
    assert reply.parent_id == top.pk


def test_anonymised_comment_still_shows_in_its_thread(client, article):
    user = UserFactory(email="maria@example.org")
    top = make_comment(article, user=user, user_name="Maria Muster", user_email=user.email)
    make_comment(article, parent=top, text="Antwort bleibt stehen")
    anonymise_comments(user)
    html = client.get(article.url).content.decode()
    assert "Maria Muster" not in html
    assert "Anonym" in html and "Antwort bleibt stehen" in html
