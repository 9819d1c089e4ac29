"""Editors find ideas in the admin (filters by status and topic, German labels, export);
readers find published ideas in the site search, never drafts; comments work on ideas;
a deleted account leaves no supports and no address behind."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ideas.models import IdeaSubmission, IdeaSupport
from ideas.rules import support_count, support_idea
from tests.conftest import refreshed
from tests.factories import IdeaPageFactory, UserFactory
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def two_ideas(ideas_index, topics):
    IdeaPageFactory(
        parent=refreshed(ideas_index),
        title="Zisternen für Schulen",
        topics=[topics["wasser"]],
        status="aufgegriffen",
        status_reason="Ja.",
    )
    IdeaPageFactory(parent=refreshed(ideas_index), title="Rufbus", topics=[topics["mobilitaet"]])


def test_the_admin_lists_ideas_with_german_filters_and_status(admin_client, two_ideas, topics):
    url = reverse("idea_listing:index")
    response = admin_client.get(url)
    assert response.status_code == 200
    text = response.text
    assert "Zisternen für Schulen" in text and "Rufbus" in text
    assert "Aufgegriffen" in text
    filtered = admin_client.get(url, {"status": "aufgegriffen"}).text
    assert "Zisternen für Schulen" in filtered and "Rufbus" not in filtered
    by_topic = admin_client.get(url, {"topics": topics["mobilitaet"].pk}).text
    assert "Rufbus" in by_topic and "Zisternen für Schulen" not in by_topic


def test_the_admin_exports_ideas_as_german_csv(admin_client, two_ideas):
    response = admin_client.get(reverse("idea_listing:index"), {"export": "csv"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    header = data.splitlines()[0]
    assert "Titel" in header and "Status" in header and "Begründung" in header
    assert "Zisternen für Schulen" in data


def test_the_idea_export_names_status_and_submitter_in_words(admin_client, two_ideas):
    response = admin_client.get(reverse("idea_listing:index"), {"export": "csv"})
    rows = csv.DictReader(
        io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
    )
    by_title = {row["Titel"]: row for row in rows}
    assert by_title["Zisternen für Schulen"]["Status"] == "Aufgegriffen"
    assert by_title["Rufbus"]["Status"] == "Eingereicht"
    assert by_title["Rufbus"]["Eingereicht von"] == "Bürgerin oder Bürger"
    assert "buerger" not in by_title["Rufbus"].values()


def test_the_admin_listing_is_for_editors_only(client, two_ideas, verified_user):
    client.force_login(verified_user)
    response = client.get(reverse("idea_listing:index"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("query", ["?status=erfunden", "?topics=abc", "?ordering=%00"])
def test_bad_admin_filters_are_no_500(admin_client, two_ideas, query):
    assert admin_client.get(reverse("idea_listing:index") + query).status_code < 500


def test_published_ideas_are_found_by_the_site_search_drafts_never(
    client, search_backend, ideas_index
):
    IdeaPageFactory(
        parent=refreshed(ideas_index), title="Quartiersgärten", description="Gemüsebeete."
    )
    IdeaPageFactory(
        parent=refreshed(ideas_index), title="Quartierskompost", description="Geheim.", live=False
    )
    search_backend.refresh()
    _response, outcome = search(client, "Quartiersgärten")
    assert titles(outcome) == ["Quartiersgärten"]
    [result] = outcome.page_obj.object_list
    assert result.type_label == "Idee"
    _response, outcome = search(client, "Quartierskompost")
    assert titles(outcome) == []


def test_readers_comment_on_a_published_idea(client, idea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/de/kommentare/{idea.pk}/",
            {"name": "Gast", "email": "gast@example.org", "comment": "Gute Idee!"},
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["gast@example.org"]]
    assert (
        'id="comment-form"' in client.get(idea.url).text or "comment" in client.get(idea.url).text
    )


def test_deleting_an_account_removes_its_supports_and_its_address(idea):
    user = UserFactory(email="weg@example.org")
    support_idea(idea, user=user)
    IdeaSubmission.objects.create(
        idea=idea, user=user, email=user.email, name="Weg", confirmed_at=timezone.now()
    )
    user.delete()
    assert support_count(idea) == 0
    assert not IdeaSupport.objects.exists()
    submission = IdeaSubmission.objects.get()
    assert (submission.user, submission.email, submission.name) == (None, "", "")


def test_my_data_lists_my_ideas_and_supports(client, idea, verified_user):
    from ideas.account import export_ideas

    support_idea(idea, user=verified_user)
    key, data = export_ideas(verified_user)
    assert key == "ideas"
    assert data["supported"] == [{"idea": idea.title, "confirmed": True, "status_emails": False}]


def test_the_account_page_lists_my_ideas_with_their_state(client, idea, verified_user):
    IdeaSubmission.objects.create(
        idea=idea, user=verified_user, email=verified_user.email, confirmed_at=timezone.now()
    )
    client.force_login(verified_user)
    text = client.get("/de/konto/").text
    assert "Meine Ideen" in text
    assert idea.title in text


def test_the_topic_filter_finds_ideas_linked_to_either_translation(
    admin_client, ideas_index, topics, locale_en
):
    german = topics["wasser"]
    english = german.copy_for_translation(locale_en)
    english.name = "Water"
    english.save()
    IdeaPageFactory(parent=refreshed(ideas_index), title="Zisternen", topics=[german])
    IdeaPageFactory(parent=refreshed(ideas_index), title="Regentonnen", topics=[english])
    IdeaPageFactory(parent=refreshed(ideas_index), title="Rufbus", topics=[topics["mobilitaet"]])
    url = reverse("idea_listing:index")
    field = admin_client.get(url).context["filters"].form.fields["topics"]
    labels = [str(label) for _value, label in field.choices]
    assert labels.count("Wasser") == 1 and "Water" not in labels
    by_topic = admin_client.get(url, {"topics": german.pk}).text
    assert "Zisternen" in by_topic and "Regentonnen" in by_topic
    assert "Rufbus" not in by_topic


def test_the_language_filter_offers_all_and_the_languages(admin_client, two_ideas):
    url = reverse("idea_listing:index")
    field = admin_client.get(url).context["filters"].form.fields["locale"]
    assert [value for value, _label in field.choices] == [None, "de", "en"]
    filtered = admin_client.get(url, {"locale": "de"}).text
    assert "Zisternen für Schulen" in filtered and "Rufbus" in filtered
