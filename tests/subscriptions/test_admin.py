"""Editors see the number of subscribers per topic; only administrators export the list."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory
from tests.subscriptions.conftest import make_subscription

pytestmark = pytest.mark.django_db

LIST = "/admin/subscriptions/"
EXPORT = "/admin/subscriptions/?export=csv"
REPORT = "/admin/reports/subscribers/"


@pytest.fixture
def editor(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def subscribers(topics):
    make_subscription("wasser1@example.org", topics=[topics["wasser"]])
    make_subscription("wasser2@example.org", topics=[topics["wasser"], topics["energie"]])
    make_subscription("offen@example.org", confirmed=False, topics=[topics["wasser"]])


def test_editors_see_subscribers_per_topic(client, editor, subscribers):
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    rows = response.content.decode()
    assert "<td>Wasser</td><td>2</td>" in rows
    assert "<td>Energie</td><td>1</td>" in rows
    assert "wasser1@example.org" not in rows


def test_plain_editors_cannot_list_or_export_subscribers(client, editor, subscribers):
    client.force_login(editor)
    for url in (LIST, EXPORT):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"wasser1@example.org" not in response.content


def test_administrators_export_the_subscriber_list(client, admin_user, subscribers):
    client.force_login(admin_user)
    response = client.get(EXPORT)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "wasser1@example.org" in content
    assert "offen@example.org" in content


def test_viewing_the_list_is_not_enough_to_export_it(client, editor, subscribers):
    editor.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    client.force_login(editor)
    assert client.get(LIST).status_code == 200
    response = client.get(EXPORT)
    assert response.status_code in (302, 403)  # Wagtail sends refusals back to the dashboard
    assert "text/csv" not in response.get("Content-Type", "")
    assert b"wasser1@example.org" not in response.content


def test_the_export_permission_lets_an_office_export(client, editor, subscribers):
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_subscription", "export_subscription"])
    )
    client.force_login(editor)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert "wasser2@example.org" in b"".join(response.streaming_content).decode("utf-8-sig")
