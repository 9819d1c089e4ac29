"""Editors moderate comments in the Wagtail admin without leaving it."""

import pytest
from django.contrib.auth.models import Group, Permission

from blog.models import PortalComment
from tests.blog.conftest import make_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = PortalComment.Status
INDEX = "/admin/blog_comments/"


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def comments(article):
    return {
        "awaiting": make_comment(
            article, text="Wartet auf Bestätigung", status=Status.AWAITING_CONFIRMATION
        ),
        "pending": make_comment(
            article, text="Wartet auf Freigabe", status=Status.AWAITING_MODERATION
        ),
        "reported": make_comment(article, text="Gemeldet und versteckt", status=Status.HIDDEN),
        "published": make_comment(article, text="Ganz normal veröffentlicht"),
        "removed": make_comment(article, text="Schon entfernt", status=Status.REMOVED),
    }


def listed(client, query=""):
    response = client.get(f"{INDEX}{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_every_comment_with_its_article(client, editor, comments, article):
    html = listed(client)
    for comment in comments.values():
        assert str(comment) in html
    assert f'href="/admin/pages/{article.pk}/edit/"' in html


@pytest.mark.parametrize(
    ("state", "shown", "not_shown"),
    [
        ("awaiting", ["awaiting", "pending"], ["reported", "published", "removed"]),
        ("reported", ["reported"], ["awaiting", "pending", "published", "removed"]),
        ("published", ["published"], ["awaiting", "pending", "reported", "removed"]),
        ("removed", ["removed"], ["awaiting", "pending", "reported", "published"]),
    ],
)
def test_the_list_filters_by_state(client, editor, comments, state, shown, not_shown):
    html = listed(client, f"?state={state}")
    for key in shown:
        assert str(comments[key]) in html
    for key in not_shown:
        assert str(comments[key]) not in html


def test_reported_filter_includes_published_comments_with_open_reports(client, editor, article):
    comment = make_comment(article, text="Einmal gemeldet")
    PortalComment.objects.filter(pk=comment.pk).update(open_reports=1)
    assert "Einmal gemeldet" in listed(client, "?state=reported")


def test_unknown_filter_value_does_not_break_the_list(client, editor, comments):
    assert client.get(f"{INDEX}?state=bogus&p=999").status_code == 200


def test_approving_asks_then_publishes(client, editor, comments, article):
    comment = comments["pending"]
    url = f"{INDEX}approve/{comment.pk}/"
    assert "Ja, freigeben" in client.get(url).content.decode()
    response = client.post(url, {"next": INDEX})
    assert response.status_code == 302 and response["Location"] == INDEX
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.moderated_by == editor
    assert "Wartet auf Freigabe" in client.get(article.url).content.decode()


def test_removing_hides_the_comment_on_the_site(client, editor, comments, article):
    comment = comments["published"]
    client.post(f"{INDEX}remove/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.status == Status.REMOVED and comment.is_removed
    assert "Ganz normal veröffentlicht" not in client.get(article.url).content.decode()


def test_approve_redirects_only_to_local_addresses(client, editor, comments):
    response = client.post(
        f"{INDEX}approve/{comments['pending'].pk}/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == INDEX


def test_the_detail_view_shows_the_comment_its_reports_and_the_article(
    client, editor, comments, article
):
    comment = comments["reported"]
    comment.reports.create(reporter_key="a", reason="Beleidigung")
    html = client.get(f"{INDEX}inspect/{comment.pk}/").content.decode()
    assert "Gemeldet und versteckt" in html
    assert "Beleidigung" in html
    assert f"/admin/pages/{article.pk}/edit/" in html
    assert f"{INDEX}approve/{comment.pk}/" in html


def test_comments_cannot_be_added_or_edited_in_the_admin(client, editor, comments):
    # Unknown admin URLs end in the site's 404 page (after the language redirect).
    assert client.get(f"{INDEX}new/", follow=True).status_code == 404
    assert client.get(f"{INDEX}edit/{comments['published'].pk}/", follow=True).status_code == 404


def test_decisions_on_unknown_comments_are_404(client, editor):
    assert client.post(f"{INDEX}approve/999999/", follow=True).status_code == 404


def test_editors_without_the_permission_cannot_decide(client, comments):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name="Nur Admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    response = client.post(f"{INDEX}remove/{comments['published'].pk}/")
    # Wagtail's answer to a missing permission: back to the dashboard, with a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    comments["published"].refresh_from_db()
    assert comments["published"].status == Status.PUBLISHED


def test_moderators_group_with_change_permission_can_decide(client, comments):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name="Moderation")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_portalcomment"),
    )
    user.groups.add(group)
    client.force_login(user)
    client.post(f"{INDEX}remove/{comments['published'].pk}/")
    comments["published"].refresh_from_db()
    assert comments["published"].status == Status.REMOVED


def test_the_list_needs_a_constant_number_of_queries(
    client, editor, article, django_assert_max_num_queries
):
    for number in range(5):
        make_comment(article, text=f"K {number}")
    client.get(INDEX)
    with django_assert_max_num_queries(60) as few:
        client.get(INDEX)
    few_queries = len(few)
    for number in range(40):
        make_comment(article, text=f"M {number}")
    with django_assert_max_num_queries(few_queries):
        client.get(INDEX)


def test_the_list_exports_a_spreadsheet_without_email_addresses(client, editor, comments):
    response = client.get(f"{INDEX}?export=csv")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    assert "Ganz normal veröffentlicht" in content
    assert "erika@example.org" not in content


def test_the_list_can_be_searched(client, editor, comments):
    html = listed(client, "?q=normal")
    assert "Ganz normal veröffentlicht" in html
    assert "Schon entfernt" not in html
