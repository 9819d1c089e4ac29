"""Editors see the number of subscribers per topic; only administrators export the list.
The list and the detail views speak German: frequencies and yes/no in words, Berlin time,
no "None", no secret key."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, Permission

from subscriptions.models import NewsletterIssue, Subscription
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


def cells(html):
    """The texts of the table cells of an admin listing."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def details(response):
    """The field list of an inspect view (the rest of the page is Wagtail's)."""
    html = response.content.decode()
    return html[html.index("<dl>") : html.index("</dl>")]


def test_the_subscriber_list_names_frequency_and_newsletter_in_words(client, admin_user):
    make_subscription("woche@example.org", newsletter=True)
    make_subscription("tag@example.org", newsletter=False, frequency="daily")
    client.force_login(admin_user)
    listed = cells(client.get(LIST).text)
    assert "Wöchentlich" in listed and "Täglich" in listed and "Ja" in listed
    assert "Nein" in listed
    assert not {"weekly", "daily", "True", "False"} & set(listed)


def test_a_subscription_in_detail_shows_berlin_time_and_names_not_the_key(client, admin_user):
    subscription = make_subscription(
        "detail@example.org", content_types=("articles", "events"), newsletter=True
    )
    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    )
    client.force_login(admin_user)
    response = client.get(f"{LIST}inspect/{subscription.pk}/")
    assert response.status_code == 200
    assert subscription.key not in response.text
    text = details(response)
    assert "02.03.2026 10:30" in text  # 9:30 UTC in Berlin (winter time)
    assert "Artikel, Veranstaltungen" in text and "[&#x27;articles&#x27;" not in text
    assert "None" not in text


def test_a_newsletter_issue_in_detail_shows_its_introduction_and_no_none(client, admin_user):
    issue = NewsletterIssue.objects.create(
        subject="Ausgabe März",
        language="de",
        introduction="<p>Liebe <b>Leserinnen</b>,</p>",
        created_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    )
    client.force_login(admin_user)
    response = client.get(f"/admin/snippets/subscriptions/newsletterissue/inspect/{issue.pk}/")
    assert response.status_code == 200
    text = details(response)
    assert "Liebe <b>Leserinnen</b>," in text and "&lt;p&gt;" not in text
    assert "02.03.2026 10:30" in text
    assert "None" not in text
