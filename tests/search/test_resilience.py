"""When the search engine is down or hangs: the search page answers from the database and says
so, editors still publish, failed index updates wait in a queue until ``sync_search_index``
delivers them, ``/healthz`` reports the engine's state, and rebuilds never interrupt
searching. All against a real OpenSearch-compatible server and real dead or hanging sockets."""

import io
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.models import StandardPage
from search import content_types, fallback
from search.backends.base import clear_engine_down
from search.models import PendingIndexUpdate
from tests.factories import UserFactory
from tests.search.conftest import break_engine, engine_backend, repair_engine, search, titles
from tests.search.conftest import use_backends as configure_backends

pytestmark = [pytest.mark.django_db, pytest.mark.search_server]

NOTICE = "Die Suchmaschine ist gerade nicht erreichbar."


def engine_has(page):
    backend = fallback.get_backend("default")
    backend.refresh_indexes()
    return backend.es.exists(index=backend.get_index_for_model(Page).name, id=str(page.pk))


def test_search_answers_from_the_database_when_the_engine_is_down(
    client, engine, settings, make_page
):
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    break_engine(settings)

    response, outcome = search(client, "Fernwärme")

    assert response.status_code == 200
    assert outcome.degraded
    assert titles(outcome) == ["Kommunale Wärmeplanung"]
    assert NOTICE in response.content.decode()


def test_search_answers_from_the_database_when_the_engine_hangs(
    client, engine, settings, make_page, black_hole
):
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    break_engine(settings, black_hole.url, timeout=0.5)

    response, outcome = search(client, "Fernwärme")

    assert black_hole.connections, "the engine was asked first"
    assert outcome.degraded
    assert titles(outcome) == ["Kommunale Wärmeplanung"]


def test_search_answers_from_the_database_when_the_engine_refuses_one_of_its_searches(
    client, engine, make_page
):
    """A page's searches travel in one request; the engine answers it even when it refuses
    one of them (here: the documents' index is gone), and the page must not trust the rest."""
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    backend = fallback.get_backend("default")
    for index in backend.get_index_for_model(content_types.document_model()).aliased_indices():
        index.delete()

    response, outcome = search(client, "Fernwärme")

    assert response.status_code == 200
    assert outcome.degraded
    assert titles(outcome) == ["Kommunale Wärmeplanung"]


def test_after_a_failure_the_engine_is_left_alone_for_a_while(
    client, engine, settings, make_page, black_hole
):
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    break_engine(settings, black_hole.url, timeout=0.5)
    search(client, "Fernwärme")
    asked = len(black_hole.connections)

    _, outcome = search(client, "Wärmeplanung")

    assert outcome.degraded
    assert len(black_hole.connections) == asked


def test_search_uses_the_engine_again_once_it_is_back(client, engine, settings, make_page):
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    break_engine(settings)
    search(client, "Fernwärme")
    repair_engine(settings, engine)
    clear_engine_down("default")  # what SEARCH_ENGINE_RETRY_AFTER seconds would do

    _, outcome = search(client, "Fernwärme")

    assert not outcome.degraded
    assert titles(outcome) == ["Kommunale Wärmeplanung"]


def test_autocomplete_answers_from_the_database_when_the_engine_is_down(
    client, engine, settings, make_page
):
    make_page("Kommunale Wärmeplanung")
    engine.refresh()
    break_engine(settings)

    response = client.get("/de/suche/autocomplete/", {"q": "Kommunale Wä"})

    assert response.status_code == 200
    assert [s["label"] for s in response.json()["suggestions"]] == ["Kommunale Wärmeplanung"]


def test_editors_publish_pages_while_the_engine_is_down(client, engine, settings, home_de):
    editor = UserFactory(email="redaktion@example.org", is_staff=True, is_superuser=True)
    client.force_login(editor)
    break_engine(settings)
    add_url = f"/admin/pages/add/home/standardpage/{home_de.pk}/"
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data["title"] = "Glasfaser für alle Ortsteile"
    data["slug"] = "glasfaser"
    data["intro"] = "Der Ausbau beginnt im Frühjahr."
    data.update(nested_form_data({"body": streamfield([])}))  # rendered by JavaScript
    data["action-publish"] = "action-publish"

    response = client.post(add_url, data)

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="glasfaser")
    assert page.live
    assert PendingIndexUpdate.objects.filter(
        backend="default", object_id=str(page.pk), action="index"
    ).exists()
    client.logout()
    _, outcome = search(client, "Glasfaser")
    assert outcome.degraded
    assert titles(outcome) == ["Glasfaser für alle Ortsteile"]


def test_sync_delivers_pending_updates_once_the_engine_is_back(client, engine, settings, make_page):
    break_engine(settings)
    page = make_page("Glasfaser für alle Ortsteile", intro="Der Ausbau beginnt im Frühjahr.")
    repair_engine(settings, engine)
    clear_engine_down("default")
    assert not engine_has(page)

    output = io.StringIO()
    call_command("sync_search_index", stdout=output)

    assert engine_has(page)
    assert not PendingIndexUpdate.objects.exists()
    assert "1 done, 0 still pending" in output.getvalue()
    _, outcome = search(client, "Glasfaser")
    assert not outcome.degraded
    assert titles(outcome) == ["Glasfaser für alle Ortsteile"]


def test_sync_keeps_updates_pending_while_the_engine_is_still_down(engine, settings, make_page):
    break_engine(settings)
    make_page("Glasfaser für alle Ortsteile")
    entry = PendingIndexUpdate.objects.get()

    with pytest.raises(CommandError, match="1 search index update"):
        call_command("sync_search_index", stdout=io.StringIO())

    retried = PendingIndexUpdate.objects.get()
    assert retried.attempts == entry.attempts + 1
    assert retried.last_error


def test_deletions_while_the_engine_is_down_are_retried(engine, settings, make_page):
    page = make_page("Veraltete Seite")
    assert engine_has(page)
    break_engine(settings)
    Page.objects.get(pk=page.pk).delete()
    assert PendingIndexUpdate.objects.filter(action="delete").exists()
    repair_engine(settings, engine)

    call_command("sync_search_index", stdout=io.StringIO())

    assert not engine_has(page)
    assert not PendingIndexUpdate.objects.exists()


def test_healthz_reports_a_working_engine(client, engine):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["search"] == "ok"


def test_healthz_reports_an_engine_that_is_down(client, engine, settings):
    break_engine(settings)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "ok", "search": "error"}


def test_healthz_reports_an_engine_that_hangs(client, engine, settings, black_hole):
    break_engine(settings, black_hole.url, timeout=0.5)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["search"] == "error"


def test_healthz_reports_a_missing_index(client, settings, site, osmem_clone):
    configure_backends(settings, {"default": engine_backend(osmem_clone.url)})

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["search"] == "error"


def test_rebuild_serves_the_old_index_until_the_new_one_is_complete(client, engine, make_page):
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    backend = fallback.get_backend("default")
    alias = backend.get_index_for_model(Page)
    old_indices = [index.name for index in alias.aliased_indices()]
    rebuilder = backend.rebuilder_class(alias)
    new_index = rebuilder.start()
    page_models = [*content_types.searchable_page_models(), Page]
    for model in page_models:
        new_index.add_model(model)

    _, during = search(client, "Fernwärme")
    for model in page_models:
        new_index.add_items(model, list(model.get_indexed_objects()))
    rebuilder.finish()
    _, after = search(client, "Fernwärme")

    assert titles(during) == ["Kommunale Wärmeplanung"] and not during.degraded
    assert titles(after) == ["Kommunale Wärmeplanung"] and not after.degraded
    assert [index.name for index in alias.aliased_indices()] == [new_index.name]
    assert new_index.name not in old_indices


def test_update_index_keeps_answering_while_it_rebuilds(engine, make_page):
    for number in range(30):
        make_page(f"Wärmeplanung Teil {number}", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    backend = fallback.get_backend("default")
    alias = backend.get_index_for_model(Page).name
    reader = type(backend.es)(hosts=[engine.url])  # a second client, as another process
    match = {"match": {"_all_text": "Fernwärme"}}
    if engine.kind == "elasticsearch":
        count_kwargs = {"index": alias, "query": match}
    else:
        count_kwargs = {"index": alias, "body": {"query": match}}
    answers, errors = [], []
    stop = threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(reader.count(**count_kwargs)["count"])
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        for _ in range(3):
            call_command("update_index", backend_name="default", verbosity=0)
    finally:
        stop.set()
        thread.join(timeout=10)

    assert errors == []
    assert len(answers) > 10
    assert min(answers) >= 30
