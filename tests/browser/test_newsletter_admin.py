"""A newsletter issue in the Wagtail admin, in the browser: a moderator (the group with
``subscriptions.send_newsletterissue``) writes an issue, sends it after the confirmation, and
only the confirmed newsletter subscribers of its language get it, each their own copy with
the one-click unsubscribe headers; a second send (the confirmation form submitted again from
another tab) is refused and sends nothing. An editor without the permission sees no send
button, and the send URL answers 403.

No axe here: the browser suite checks the portal's own pages, not Wagtail's admin."""

import json
import re
import uuid
from email import message_from_string
from email.header import decode_header, make_header

from tests.browser.conftest import JOURNEY_PASSWORD

ADMIN = "/admin/snippets/subscriptions/newsletterissue/"
MAIL_SEPARATOR = "\n" + "-" * 79 + "\n"

SETUP = """
import json
from django.contrib.auth.models import Group
from django.utils import timezone
from community.models import User
from subscriptions.models import NewsletterIssue, Subscription

def staff(email, group):
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password={password!r}, first_name="Nora", last_name="Redaktion"
    )
    user.groups.add(Group.objects.get(name=group))
    return user

staff({moderator!r}, "Moderators")
staff({editor!r}, "Editors")
now = timezone.now()
for email, language, newsletter, confirmed in {readers!r}:
    Subscription.objects.create(
        email=email, language=language, newsletter=newsletter,
        confirmed_at=now if confirmed else None,
    )
draft = NewsletterIssue.objects.create(
    subject={draft!r}, language="de", introduction="<p>Noch nicht fertig.</p>"
)
print(json.dumps({{
    "draft": draft.pk,
    "recipients": Subscription.objects.confirmed().filter(newsletter=True, language="de").count(),
}}))
"""


def messages(portal_server):
    """Every e-mail the portal has written so far, parsed (the file backend writes several
    to a file, each followed by a line of dashes)."""
    found = []
    for content in portal_server.mails():
        found += [
            message_from_string(part.lstrip("\n"))
            for part in content.split(MAIL_SEPARATOR)
            if part.strip()
        ]
    return found


def header(message, name):
    """The header ``name`` of ``message``, decoded and unfolded."""
    return " ".join(str(make_header(decode_header(message[name] or ""))).split())


def to(message, address):
    return address in header(message, "To")


def text_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def sign_in_to_admin(portal_server, page, email):
    page.goto(portal_server.url("/admin/login/"))
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(JOURNEY_PASSWORD)
    with page.expect_navigation():
        page.locator('form button[type="submit"]').click()
    assert "/admin/login/" not in page.url, "admin sign-in failed"


def test_a_moderator_sends_an_issue_once_and_an_editor_cannot(portal_server, browser):
    tag = uuid.uuid4().hex[:8]
    moderator = f"moderatorin-{tag}@example.org"
    editor = f"redakteur-{tag}@example.org"
    reader = f"leserin-{tag}@example.org"
    unconfirmed = f"unbestaetigt-{tag}@example.org"
    digest_only = f"nur-digest-{tag}@example.org"
    english = f"reader-{tag}@example.org"
    subject = f"Neues aus der Geschäftsstelle {tag}"
    draft_subject = f"Entwurf {tag}"
    setup = json.loads(
        portal_server.shell(
            SETUP.format(
                password=JOURNEY_PASSWORD,
                moderator=moderator,
                editor=editor,
                readers=[
                    (reader, "de", True, True),
                    (unconfirmed, "de", True, False),
                    (digest_only, "de", False, True),
                    (english, "en", True, True),
                ],
                draft=draft_subject,
            )
        ).strip()
    )

    # The moderator writes the issue.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_to_admin(portal_server, page, moderator)
    page.goto(portal_server.url(f"{ADMIN}add/"))
    page.locator('input[name="subject"]').fill(subject)
    page.locator('select[name="language"]').select_option("de")
    # The introduction's rich text editor (Draftail) keeps its content in a hidden field,
    # written a moment after typing: wait for it before saving.
    introduction = page.locator('[data-contentpath="introduction"] [contenteditable="true"]')
    introduction.click()
    page.keyboard.type("Liebe Leserinnen und Leser, das ist neu.")
    page.wait_for_function(
        "() => document.querySelector('input[name=\"introduction\"]').value.includes('neu.')"
    )
    with page.expect_navigation():
        page.locator('form[data-edit-form] button[type="submit"]').first.click()
    assert page.url == portal_server.url(ADMIN), page.locator("main").inner_text()
    issue_pk = int(
        portal_server.shell(
            "from subscriptions.models import NewsletterIssue; "
            f"print(NewsletterIssue.objects.get(subject={subject!r}).pk)"
        ).strip()
    )
    send_url = portal_server.url(f"{ADMIN}send/{issue_pk}/")

    # From the e-mail's preview to the confirmation, which states the number of recipients.
    page.goto(portal_server.url(f"{ADMIN}preview-email/{issue_pk}/"))
    assert (
        "Liebe Leserinnen und Leser, das ist neu."
        in page.locator("[data-newsletter-text]").inner_text()
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Versenden …").click()
    assert page.url == send_url
    question = page.locator("[data-newsletter-question]").inner_text()
    assert f"An {setup['recipients']} " in question, question

    # A second tab with the same confirmation, submitted after the first: refused.
    second_tab = context.new_page()
    second_tab.goto(send_url)

    with page.expect_navigation():
        page.get_by_role("button", name="Ja, jetzt versenden").click()
    assert f"„{subject}“ geht an {setup['recipients']} " in page.locator("body").inner_text()
    sent = [message for message in messages(portal_server) if header(message, "Subject") == subject]

    with second_tab.expect_navigation():
        second_tab.get_by_role("button", name="Ja, jetzt versenden").click()
    assert "wurde bereits am" in second_tab.locator("body").inner_text()
    assert second_tab.url == portal_server.url(f"{ADMIN}inspect/{issue_pk}/")
    # Asking again leads to the issue, not to a confirmation; the listing offers no sending.
    page.goto(send_url)
    assert page.url == portal_server.url(f"{ADMIN}inspect/{issue_pk}/")
    assert "wurde bereits am" in page.locator("body").inner_text()
    page.goto(portal_server.url(ADMIN))
    assert f"{ADMIN}send/{issue_pk}/" not in page.content()
    assert f"{ADMIN}send/{setup['draft']}/" in page.content()
    context.close()

    # Once, to the confirmed German newsletter subscribers only.
    again = [
        message for message in messages(portal_server) if header(message, "Subject") == subject
    ]
    assert len(again) == len(sent) == setup["recipients"]
    (copy,) = [message for message in sent if to(message, reader)]
    for address in (unconfirmed, digest_only, english):
        assert not any(to(message, address) for message in messages(portal_server)), address

    # The reader's own copy: the one-click unsubscribe in the headers is the one in the text.
    unsubscribe = re.fullmatch(r"<(https?://\S+/abmelden/\S+/)>", header(copy, "List-Unsubscribe"))
    assert unsubscribe, header(copy, "List-Unsubscribe")
    assert header(copy, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    body = text_of(copy)
    assert "Liebe Leserinnen und Leser, das ist neu." in body
    assert unsubscribe.group(1) in body
    others = {header(message, "List-Unsubscribe") for message in sent}
    assert len(others) == len(sent), "every subscriber has their own unsubscribe link"

    # An editor without the permission: no button, and the send URL answers 403.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_to_admin(portal_server, page, editor)
    page.goto(portal_server.url(ADMIN))
    assert draft_subject in page.locator("main").inner_text()
    assert "/send/" not in page.content()
    page.goto(portal_server.url(f"{ADMIN}preview-email/{setup['draft']}/"))
    assert page.get_by_role("link", name="Versenden …").count() == 0
    draft_send_url = portal_server.url(f"{ADMIN}send/{setup['draft']}/")
    response = page.goto(draft_send_url)
    assert response.status == 403
    csrf_token = next(
        cookie["value"] for cookie in context.cookies() if cookie["name"] == "csrftoken"
    )
    response = page.request.post(
        draft_send_url,
        form={"csrfmiddlewaretoken": csrf_token},
        headers={"Referer": draft_send_url},
        max_redirects=0,
    )
    assert response.status == 403
    assert "wurde nicht versandt" in portal_server.shell(
        "from subscriptions.models import NewsletterIssue; "
        f"issue = NewsletterIssue.objects.get(pk={setup['draft']}); "
        "print('wurde versandt' if issue.is_sent else 'wurde nicht versandt')"
    )
    context.close()
