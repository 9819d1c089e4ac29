"""Newsletter issues: written by editors, previewed and tested, sent once by those with
``send_newsletterissue`` to the confirmed newsletter subscribers of the issue's language,
each with their own one-click unsubscribe."""

import re
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import close_old_connections, connection
from django.test import Client
from wagtail.rich_text import RichText

from portal.models import OutgoingEmail
from subscriptions.models import NewsletterIssue, Subscription
from subscriptions.newsletter import (
    AlreadySent,
    NewsletterError,
    html_to_text,
    recipients,
    send_issue,
    send_test,
)
from tests.factories import BlogPageFactory, UserFactory
from tests.subscriptions.conftest import make_subscription

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/subscriptions/newsletterissue/"


def make_issue(language="de", subject="Neues aus dem Portal", body=(), **fields):
    fields.setdefault("introduction", "<p>Liebe Leserinnen und Leser,</p>")
    return NewsletterIssue.objects.create(
        subject=subject, language=language, body=list(body), **fields
    )


def paragraph(html):
    return ("paragraph", RichText(html))


def article(page, title="", summary=""):
    return ("article", {"page": page, "title": title, "summary": summary})


def staff(group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return staff("Editors")


@pytest.fixture
def moderator(db):
    return staff("Moderators")


@pytest.fixture
def readers(db):
    """Who gets a German issue (two) and who does not."""
    return {
        "de1": make_subscription("de1@example.org", newsletter=True),
        "de2": make_subscription("de2@example.org", newsletter=True),
        "en": make_subscription("en@example.org", language="en", newsletter=True),
        "no_newsletter": make_subscription("digest@example.org", newsletter=False),
        "unconfirmed": make_subscription("offen@example.org", newsletter=True, confirmed=False),
    }


def unsubscribe_link(message):
    return re.search(r"https?://\S+/abmelden/\S+/", message.body).group(0)


# --- The rule ------------------------------------------------------------------------------


def test_only_confirmed_newsletter_subscribers_of_the_language_get_the_issue(
    readers, moderator, committed
):
    issue = make_issue()
    with committed():
        assert send_issue(issue, moderator) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "de1@example.org",
        "de2@example.org",
    ]
    issue.refresh_from_db()
    assert issue.is_sent and issue.recipients == 2 and issue.sent_by == moderator


def test_an_english_issue_goes_to_english_subscribers_with_english_links(
    readers, moderator, committed, home_en
):
    with committed():
        send_issue(make_issue(language="en", subject="News"), moderator)
    [message] = mail.outbox
    assert message.to == ["en@example.org"]
    assert message.subject == "News"
    assert "/en/subscribe/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "Manage your subscription:" in message.body


def test_each_e_mail_has_its_own_one_click_unsubscribe_that_works(readers, moderator, committed):
    with committed():
        send_issue(make_issue(), moderator)
    links = {}
    for message in mail.outbox:
        link = unsubscribe_link(message)
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.search(r"https?://\S+/verwalten/\S+/", message.body)
        [(html, _type)] = message.alternatives
        assert f'href="{link}"' in html
        links[message.to[0]] = link
    assert len(set(links.values())) == 2
    response = Client(enforce_csrf_checks=True).post(
        re.sub(r"^https?://[^/]+", "", links["de1@example.org"]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(email="de1@example.org").exists()
    assert Subscription.objects.filter(email="de2@example.org").exists()


def test_sending_twice_sends_nothing_the_second_time(readers, moderator, committed):
    issue = make_issue()
    with committed():
        send_issue(issue, moderator)
    with committed(), pytest.raises(AlreadySent, match="bereits am"):
        send_issue(NewsletterIssue.objects.get(pk=issue.pk), moderator)
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.count() == 2


def test_with_nobody_to_send_to_the_issue_stays_unsent(moderator):
    make_subscription("en@example.org", language="en", newsletter=True)
    issue = make_issue()
    with pytest.raises(NewsletterError, match="Niemand"):
        send_issue(issue, moderator)
    assert not issue.is_sent
    assert not NewsletterIssue.objects.get(pk=issue.pk).is_sent
    assert not OutgoingEmail.objects.exists()


def test_the_e_mail_holds_the_text_and_the_chosen_live_pages(
    readers, moderator, committed, blog_index
):
    live = BlogPageFactory(parent=blog_index, title="Smarte Laternen", slug="laternen")
    draft = BlogPageFactory(parent=blog_index, title="Entwurf", slug="entwurf", live=False)
    issue = make_issue(
        body=[
            paragraph(f'<p>Lesen Sie <a linktype="page" id="{live.pk}">hier</a> weiter.</p>'),
            article(live, summary="Wie Musterstadt spart."),
            article(draft, title="Geheim"),
        ]
    )
    with committed():
        send_issue(issue, moderator)
    message = mail.outbox[0]
    url = live.full_url
    assert url.startswith("http") and "/laternen/" in url
    assert "Liebe Leserinnen und Leser," in message.body
    assert f"Lesen Sie hier ({url}) weiter." in message.body
    assert f"* Smarte Laternen\n  Wie Musterstadt spart.\n  {url}" in message.body
    assert "Geheim" not in message.body and "Entwurf" not in message.body
    [(html, _type)] = message.alternatives
    assert f'<a href="{url}"' in html


def test_sending_to_many_takes_no_queries_per_subscriber(
    moderator, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for n in range(50):
        make_subscription(f"leser{n}@example.org", newsletter=True)
    issue = make_issue()
    # Claim, re-read, the recipients, one INSERT, the count, and the savepoint and its release.
    with django_assert_max_num_queries(7), django_capture_on_commit_callbacks(execute=False):
        assert send_issue(issue, moderator) == 50
    assert OutgoingEmail.objects.count() == 50


def test_html_to_text_keeps_paragraphs_lists_and_links():
    text = html_to_text(
        "<p>Eins <b>fett</b></p><ul><li>a</li><li>b</li></ul><ol><li>x</li></ol>"
        '<p><a href="https://portal.example.org/x/">Link</a></p>'
    )
    assert text == "Eins fett\n\n* a\n* b\n\n1. x\n\nLink (https://portal.example.org/x/)"


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: row locks and one real connection per thread",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sends_send_the_issue_once(site):
    for n in range(20):
        make_subscription(f"p{n}@example.org", newsletter=True)
    user = UserFactory()
    issue = make_issue()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        close_old_connections()
        try:
            barrier.wait()
            results.append(send_issue(NewsletterIssue.objects.get(pk=issue.pk), user))
        except AlreadySent as error:
            results.append(error)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sorted(results, key=str)[0] == 20
    assert sum(isinstance(result, AlreadySent) for result in results) == 1
    assert OutgoingEmail.objects.count() == 20
    assert NewsletterIssue.objects.get(pk=issue.pk).recipients == 20


# --- The admin -----------------------------------------------------------------------------


def test_editors_write_issues(client, editor):
    client.force_login(editor)
    assert client.get(ADMIN).status_code == 200
    response = client.post(
        f"{ADMIN}add/",
        {
            "subject": "Ausgabe Mai",
            "language": "de",
            "introduction": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Hallo", '
            '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "body-count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = NewsletterIssue.objects.get()
    assert issue.created_by == editor
    assert not issue.is_sent


def test_a_sent_issue_is_not_editable(client, moderator, readers, committed):
    issue = make_issue()
    with committed():
        send_issue(issue, moderator)
    client.force_login(moderator)
    inspect = f"{ADMIN}inspect/{issue.pk}/"
    response = client.get(f"{ADMIN}edit/{issue.pk}/")
    assert response.status_code == 302 and response["Location"] == inspect
    response = client.post(
        f"{ADMIN}edit/{issue.pk}/", {"subject": "Geändert", "language": "de", "body-count": "0"}
    )
    assert response.status_code == 302 and response["Location"] == inspect
    assert NewsletterIssue.objects.get(pk=issue.pk).subject == "Neues aus dem Portal"
    assert client.get(inspect).status_code == 200


def test_editors_without_the_send_permission_get_403(client, editor, readers):
    issue = make_issue()
    client.force_login(editor)
    assert client.get(f"{ADMIN}send/{issue.pk}/").status_code == 403
    assert client.post(f"{ADMIN}send/{issue.pk}/").status_code == 403
    assert client.post(f"{ADMIN}send-test/{issue.pk}/").status_code == 403
    assert not NewsletterIssue.objects.get(pk=issue.pk).is_sent
    assert not OutgoingEmail.objects.exists()


def test_an_editor_given_the_send_permission_may_send(client, editor, readers, committed):
    editor.user_permissions.add(Permission.objects.get(codename="send_newsletterissue"))
    issue = make_issue()
    client.force_login(editor)
    with committed():
        response = client.post(f"{ADMIN}send/{issue.pk}/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_the_confirmation_states_the_number_of_recipients_and_get_sends_nothing(client, moderator):
    Subscription.objects.bulk_create(
        Subscription(
            email=f"l{n}@example.org",
            language="de",
            newsletter=True,
            confirmed_at="2026-01-01T00:00Z",
        )
        for n in range(1234)
    )
    issue = make_issue()
    client.force_login(moderator)
    response = client.get(f"{ADMIN}send/{issue.pk}/")
    assert response.status_code == 200
    assert "An 1.234 Abonnentinnen und Abonnenten senden?" in response.content.decode()
    assert not NewsletterIssue.objects.get(pk=issue.pk).is_sent
    assert not OutgoingEmail.objects.exists()


def test_a_moderator_sends_after_confirming(client, moderator, readers, committed):
    issue = make_issue()
    client.force_login(moderator)
    with committed():
        response = client.post(f"{ADMIN}send/{issue.pk}/")
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert len(mail.outbox) == 2
    messages = client.get(ADMIN).content.decode()
    assert "geht an 2 Abonnentinnen und Abonnenten" in messages
    # Asked again: refused, nothing sent.
    with committed():
        response = client.post(f"{ADMIN}send/{issue.pk}/", follow=True)
    assert "bereits am" in response.content.decode()
    assert len(mail.outbox) == 2
    assert client.get(f"{ADMIN}send/{issue.pk}/").status_code == 302


def test_a_test_goes_only_to_the_editor(client, moderator, readers, committed):
    issue = make_issue()
    client.force_login(moderator)
    with committed():
        response = client.post(f"{ADMIN}send-test/{issue.pk}/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [moderator.email]
    assert message.subject == "[Test] Neues aus dem Portal"
    assert "List-Unsubscribe" not in message.extra_headers
    assert not NewsletterIssue.objects.get(pk=issue.pk).is_sent
    # GET does not send a test either.
    assert client.get(f"{ADMIN}send-test/{issue.pk}/").status_code == 405
    assert len(mail.outbox) == 1


def test_send_test_needs_an_address(moderator):
    moderator.email = ""
    with pytest.raises(NewsletterError):
        send_test(make_issue(), moderator)


def test_the_admin_preview_shows_text_and_html(client, editor, home_de):
    issue = make_issue(body=[paragraph("<p>Ein Absatz mit <i>Inhalt</i>.</p>")])
    client.force_login(editor)
    response = client.get(f"{ADMIN}preview-email/{issue.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Neues aus dem Portal" in page
    assert "Ein Absatz mit Inhalt." in page  # the text part
    assert f"{ADMIN}preview-email/{issue.pk}/html/" in page
    assert "send-test" not in page  # editors may not send, not even a test
    html = client.get(f"{ADMIN}preview-email/{issue.pk}/html/")
    assert html.status_code == 200
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert "<i>Inhalt</i>" in html.content.decode()


def test_the_recipients_are_the_confirmed_newsletter_subscribers(readers):
    assert set(recipients(make_issue())) == {readers["de1"], readers["de2"]}
    assert set(recipients(make_issue(language="en"))) == {readers["en"]}
