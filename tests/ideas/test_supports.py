"""Support: one per confirmed person (a signed-in member, or a guest who confirmed the
address), counted without showing who."""

import threading
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from ideas.models import IdeaSupport
from ideas.rules import confirm_support, support_count, support_idea
from tests.conftest import refreshed
from tests.factories import IdeaPageFactory, UserFactory
from tests.ideas.conftest import link_in, mails_to
from tests.portal.test_error_summary import assert_no_summary, error_summary

pytestmark = pytest.mark.django_db


def support_url(idea):
    return f"/de/idee/{idea.pk}/unterstuetzen/"


def test_a_member_supports_once_and_counts_at_once(client, idea, verified_user):
    client.force_login(verified_user)
    assert client.post(support_url(idea), {}).status_code == 302
    assert client.post(support_url(idea), {}).status_code == 302
    assert support_count(idea) == 1
    assert "Sie unterstützen diese Idee." in client.get(idea.url).text


def test_a_guest_support_counts_only_after_confirmation(
    client, idea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(support_url(idea), {"email": "Gast@Example.org", "notify": "on"})
    assert response.status_code == 302
    assert support_count(idea) == 0
    [message] = mails_to("gast@example.org")
    path = urlsplit(link_in(message, "/unterstuetzung-bestaetigen/")).path
    assert client.get(path).status_code == 200
    assert support_count(idea) == 0
    assert client.post(path).status_code == 302
    assert support_count(idea) == 1
    assert client.post(path).status_code == 302  # twice: still one
    assert support_count(idea) == 1


def test_the_count_is_shown_but_never_who_supports(client, idea, verified_user):
    support_idea(idea, user=verified_user)
    guest, _created = support_idea(idea, email="gast@example.org")
    confirm_support(guest)
    response = client.get(idea.url)
    assert "2 Personen unterstützen diese Idee." in response.text
    assert "gast@example.org" not in response.text
    assert verified_user.email not in response.text
    assert verified_user.last_name not in response.text


def test_a_guest_address_already_supporting_gets_the_same_answer_and_no_mail(
    client, idea, django_capture_on_commit_callbacks
):
    support, _created = support_idea(idea, email="gast@example.org")
    confirm_support(support)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(support_url(idea), {"email": "GAST@example.org"}, follow=True)
    assert "Bitte sehen Sie in Ihr Postfach" in response.text
    assert not mail.outbox
    assert IdeaSupport.objects.count() == 1


def test_a_member_and_a_guest_with_the_same_address_are_one_person(idea, verified_user):
    guest, _created = support_idea(idea, email=verified_user.email)
    confirm_support(guest)
    _support, created = support_idea(idea, user=verified_user)
    assert not created
    assert IdeaSupport.objects.count() == 1


def test_supporting_the_english_translation_supports_the_german_idea(
    client, idea, home_en, verified_user
):
    from wagtail.models import Locale

    ideas_index_en = refreshed(idea.get_parent()).copy_for_translation(
        Locale.objects.get(language_code="en")
    )
    ideas_index_en.save_revision().publish()
    english = idea.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    support_idea(english, user=verified_user)
    assert support_count(idea) == 1
    assert support_count(english) == 1


def test_the_database_refuses_a_second_support_of_one_address(idea):
    IdeaSupport.objects.create(idea=idea, email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(idea=idea, email="a@example.org")


def test_unpublished_or_unknown_ideas_cannot_be_supported(client, ideas_index):
    draft = IdeaPageFactory(parent=refreshed(ideas_index), live=False)
    assert client.post(support_url(draft), {"email": "a@example.org"}).status_code == 404
    assert client.post("/de/idee/999999/unterstuetzen/", {}).status_code == 404
    assert client.post(f"/de/idee/{ideas_index.pk}/unterstuetzen/", {}).status_code == 404
    assert not IdeaSupport.objects.exists()


@pytest.mark.parametrize(
    "data", [{}, {"email": "nope"}, {"email": "a@example.org", "website": "x"}]
)
def test_bad_support_forms_get_400_and_store_nothing(client, idea, data):
    response = client.post(support_url(idea), data)
    assert response.status_code == 400
    assert not IdeaSupport.objects.exists()


def test_a_bad_support_form_comes_back_with_the_error_summary(client, idea):
    response = client.post(support_url(idea), {"email": "nope"})
    assert response.status_code == 400
    targets, text = error_summary(response)
    assert targets == ["id_support_email"]  # not the comment form's "id_email"
    assert "E-Mail-Adresse:" in text
    assert '<h3 class="error-summary__title">' in response.text  # under "Unterstützen" (h2)


def test_the_support_form_brings_the_reader_back_to_it(client, idea, verified_user):
    # A guest's form with errors: the browser scrolls to the summary even without JavaScript.
    response = client.get(idea.url)
    assert f'action="{support_url(idea)}#error-summary"' in response.text
    assert_no_summary(response)
    # A support that counts: an explicit fragment, not the form's #error-summary.
    client.force_login(verified_user)
    assert client.post(support_url(idea), {})["Location"] == f"{idea.url}#support"


def test_a_get_on_the_support_address_goes_back_to_the_idea(client, idea):
    response = client.get(support_url(idea))
    assert response.status_code == 302
    assert response["Location"].endswith("#support")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_supports_of_one_person_count_once(ideas_index, topics):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL")
    idea = IdeaPageFactory(parent=refreshed(ideas_index))
    user = UserFactory()
    barrier = threading.Barrier(4)
    results = []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(support_idea(idea, user=user)[1])
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert IdeaSupport.objects.filter(idea=idea).count() == 1


def test_the_daily_command_deletes_expired_unconfirmed_supports_only(idea, verified_user):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    support_idea(idea, user=verified_user)
    support_idea(idea, email="gast@example.org")
    IdeaSupport.objects.update(created_at=timezone.now() - timedelta(days=30))
    out = io.StringIO()
    call_command("purge_unconfirmed_ideas", stdout=out)
    assert "unconfirmed supports: 1" in out.getvalue()
    assert list(IdeaSupport.objects.values_list("user", flat=True)) == [verified_user.pk]


def test_a_member_confirms_a_support_waiting_for_their_address_by_supporting(idea, verified_user):
    support_idea(idea, email=verified_user.email)
    assert support_count(idea) == 0
    _support, created = support_idea(idea, user=verified_user)
    assert created
    assert support_count(idea) == 1
    assert IdeaSupport.objects.get().user == verified_user
