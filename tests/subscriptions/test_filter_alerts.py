"""Saved searches of the marketplace and the library: saving (signed-in only, normalised,
once, at most 20), the account section, deleting, and the daily alert e-mail of what is new
(once, only what matches and what the owner may open, one-click unsubscribe)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from portal.models import OutgoingEmail
from subscriptions.filter_alerts import save_filter, send_filter_alerts
from subscriptions.models import MAX_SAVED_FILTERS, SavedFilter
from subscriptions.tokens import (
    make_saved_filter_unsubscribe_token,
    make_unsubscribe_token,
    saved_filter_from_unsubscribe_token,
)
from tests.conftest import refreshed
from tests.factories import SolutionPageFactory, UserFactory
from tests.library.conftest import restrict_to_members
from tests.library.factories import LibraryIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

SAVE = "/de/abonnieren/suche-speichern/"


def publish(parent, factory, title, *, days_ago=1, **fields):
    """A live page below ``parent``, first published ``days_ago`` days ago."""
    page = factory(parent=refreshed(parent), title=title, **fields)
    first = timezone.now() - timedelta(days=days_ago)
    type(page).objects.filter(pk=page.pk).update(first_published_at=first)
    return page


def saved_days_ago(user, page, query, days=2):
    saved, _created = save_filter(user, page, query, now=timezone.now() - timedelta(days=days))
    return saved


def alerts_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def library(home_de):
    return LibraryIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def signed_in(client, verified_user):
    client.force_login(verified_user)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Saving -------------------------------------------------------------------------------


def test_saving_a_marketplace_filter_stores_it_normalised_with_a_description(
    signed_in, verified_user, marketplace, topics
):
    query = "page=3&maturity=pilotbetrieb&topic=wasser&topic=energie&colour=blue"
    response = signed_in.post(SAVE, {"page": marketplace.pk, "query": query})
    saved = SavedFilter.objects.get(user=verified_user)
    # Facets in their order (topic, then maturity), values in their choices' order; no
    # page, nothing unknown.
    assert saved.query == "topic=energie&topic=wasser&maturity=pilotbetrieb"
    assert saved.description == "Thema: Energie, Wasser · Reifegrad: Pilotbetrieb"
    assert saved.language == "de"
    assert saved.page_id == marketplace.pk
    assert response.status_code == 302
    assert response["Location"] == f"{marketplace.url}?{saved.query}"
    listing = signed_in.get(response["Location"])
    assert "ist gespeichert" in listing.content.decode()


def test_unknown_filter_values_and_a_search_term_are_normalised(
    signed_in, verified_user, marketplace, topics
):
    signed_in.post(
        SAVE, {"page": marketplace.pk, "query": "q=++Glasfaser+++Netz&maturity=marsmission"}
    )
    saved = SavedFilter.objects.get(user=verified_user)
    assert saved.query == "q=Glasfaser+Netz"
    assert saved.description == "Suchbegriff: „Glasfaser Netz“"


def test_saving_the_same_filter_twice_keeps_one(signed_in, verified_user, marketplace, topics):
    signed_in.post(SAVE, {"page": marketplace.pk, "query": "topic=wasser&maturity=idee"})
    response = signed_in.post(
        SAVE, {"page": marketplace.pk, "query": "maturity=idee&page=2&topic=wasser"}
    )
    assert SavedFilter.objects.filter(user=verified_user).count() == 1
    assert "bereits gespeichert" in signed_in.get(response["Location"]).content.decode()


def test_an_unfiltered_library_search_can_be_saved(signed_in, verified_user, library):
    signed_in.post(SAVE, {"page": library.pk, "query": ""})
    saved = SavedFilter.objects.get(user=verified_user)
    assert (saved.query, saved.description) == ("", "Alle Einträge")


def test_more_than_twenty_saved_searches_are_refused_with_a_message(
    signed_in, verified_user, library, topics
):
    for number in range(MAX_SAVED_FILTERS):
        save_filter(verified_user, refreshed(library), f"q=wort{number}")
    response = signed_in.post(SAVE, {"page": library.pk, "query": "topic=wasser"}, follow=True)
    assert SavedFilter.objects.filter(user=verified_user).count() == MAX_SAVED_FILTERS
    html = response.content.decode()
    assert "bereits 20 Suchen gespeichert" in html
    assert 'class="message message--error"' in html


def test_a_guest_is_sent_to_sign_in_and_saves_nothing(client, marketplace, topics):
    response = client.post(SAVE, {"page": marketplace.pk, "query": "topic=wasser"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert parse_qs(location.query)["next"] == [f"{marketplace.url}?topic=wasser"]
    assert not SavedFilter.objects.exists()


def test_a_guest_sees_a_sign_in_link_and_the_subscription_on_the_listing(client, marketplace):
    html = client.get(marketplace.url + "?maturity=idee").content.decode()
    assert 'id="save-search"' in html
    assert "/accounts/login/?lang=de&amp;next=/de/marktplatz/%3Fmaturity%3Didee" in html
    assert 'href="/de/abonnieren/"' in html
    assert 'action="/de/abonnieren/suche-speichern/"' not in html


def test_a_signed_in_reader_gets_the_button_with_the_query_on_both_listings(
    signed_in, marketplace, library, topics
):
    for page in (marketplace, library):
        html = signed_in.get(page.url + "?topic=wasser").content.decode()
        assert 'action="/de/abonnieren/suche-speichern/"' in html
        assert f'name="page" value="{page.pk}"' in html
        assert 'name="query" value="topic=wasser"' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert '<button type="submit" class="button">Suche speichern</button>' in html


def test_hostile_query_strings_are_saved_harmless(signed_in, verified_user, marketplace):
    query = "q=%00%0d%0aSet-Cookie%3A+x+%3Cscript%3E&topic=%3Cscript%3E&" + "x=1&" * 300
    response = signed_in.post(SAVE, {"page": marketplace.pk, "query": query[:2000]})
    assert response.status_code == 302
    assert "\n" not in response["Location"] and "\r" not in response["Location"]
    saved = SavedFilter.objects.get(user=verified_user)
    assert saved.query == "q=Set-Cookie%3A+x+%3Cscript%3E"
    html = signed_in.get("/de/konto/").content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_saving_needs_a_post(signed_in, marketplace):
    assert signed_in.get(SAVE, {"page": marketplace.pk}).status_code == 405


def test_saving_needs_a_csrf_token(verified_user, marketplace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(verified_user)
    assert client.post(SAVE, {"page": marketplace.pk, "query": ""}).status_code == 403
    assert not SavedFilter.objects.exists()


def test_only_the_marketplace_and_the_library_take_saved_searches(signed_in, home_de):
    assert signed_in.post(SAVE, {"page": home_de.pk, "query": ""}).status_code == 404
    assert signed_in.post(SAVE, {"page": "kaputt", "query": ""}).status_code == 404
    assert not SavedFilter.objects.exists()


def test_the_listing_needs_no_more_queries_for_the_signed_in_readers_button(
    signed_in, marketplace, django_assert_max_num_queries
):
    signed_in.get(marketplace.url)  # the listing is cached now
    with django_assert_max_num_queries(12) as queries:
        signed_in.get(marketplace.url)
    assert not any(
        "subscriptions_savedfilter" in query["sql"] for query in queries.captured_queries
    )


# --- Account page -------------------------------------------------------------------------


def test_account_page_lists_the_saved_searches_with_links_and_delete_buttons(
    signed_in, verified_user, marketplace, library, topics
):
    save_filter(verified_user, refreshed(marketplace), "topic=wasser")
    save_filter(verified_user, refreshed(library), "type=link")
    other = UserFactory()
    save_filter(other, refreshed(marketplace), "maturity=idee")
    html = signed_in.get("/de/konto/").content.decode()
    assert "Gespeicherte Suchen" in html
    assert f'href="{marketplace.url}?topic=wasser"' in html
    assert "Marktplatz: Thema: Wasser" in html
    assert f'href="{library.url}?type=link"' in html
    assert "Reifegrad: Idee" not in html
    for saved in SavedFilter.objects.filter(user=verified_user):
        assert f'action="/de/abonnieren/suche-loeschen/{saved.pk}/"' in html


def test_the_owner_deletes_a_saved_search(signed_in, verified_user, marketplace, topics):
    saved, _created = save_filter(verified_user, refreshed(marketplace), "topic=wasser")
    response = signed_in.post(f"/de/abonnieren/suche-loeschen/{saved.pk}/", follow=True)
    assert not SavedFilter.objects.exists()
    assert "ist gelöscht" in response.content.decode()


def test_nobody_else_may_delete_a_saved_search(client, verified_user, marketplace, topics):
    saved, _created = save_filter(verified_user, refreshed(marketplace), "topic=wasser")
    client.force_login(UserFactory())
    assert client.post(f"/de/abonnieren/suche-loeschen/{saved.pk}/").status_code == 404
    assert client.get(f"/de/abonnieren/suche-loeschen/{saved.pk}/").status_code == 405
    client.logout()
    response = client.post(f"/de/abonnieren/suche-loeschen/{saved.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_deleting_the_account_deletes_its_saved_searches(verified_user, marketplace):
    save_filter(verified_user, refreshed(marketplace), "")
    verified_user.delete()
    assert not SavedFilter.objects.exists()


def test_data_export_lists_the_saved_searches(verified_user, marketplace, topics):
    from community.accounts import export_user_data

    save_filter(verified_user, refreshed(marketplace), "topic=wasser")
    (exported,) = export_user_data(verified_user)["saved_searches"]
    assert exported["description"] == "Thema: Wasser"
    assert exported["url"] == f"{marketplace.url}?topic=wasser"


# --- Alerts -------------------------------------------------------------------------------


def test_a_new_match_is_sent_once_and_a_second_run_sends_nothing(
    verified_user, marketplace, topics, committed
):
    saved = saved_days_ago(verified_user, marketplace, "topic=wasser")
    solution = publish(
        marketplace, SolutionPageFactory, "Wasserzähler digital", topics=[topics["wasser"]]
    )
    with committed():
        assert send_filter_alerts() == (1, 0)
    (alert,) = alerts_to(verified_user.email)
    assert "Wasserzähler digital" in alert.body
    assert "Thema: Wasser" in alert.subject
    assert f"http://testserver{solution.url}" in alert.body
    assert f"http://testserver{marketplace.url}?topic=wasser" in alert.body
    assert "http://testserver/de/konto/#saved-searches" in alert.body
    saved.refresh_from_db()
    assert saved.since > timezone.now() - timedelta(minutes=1)
    mail.outbox.clear()
    with committed():
        assert send_filter_alerts() == (0, 1)
    assert not mail.outbox
    assert OutgoingEmail.objects.count() == 1


def test_nothing_new_sends_nothing(verified_user, marketplace, topics, committed):
    saved_days_ago(verified_user, marketplace, "topic=wasser")
    publish(marketplace, SolutionPageFactory, "Alte Lösung", topics=[topics["wasser"]], days_ago=5)
    with committed():
        assert send_filter_alerts() == (0, 1)
    assert not mail.outbox
    assert not OutgoingEmail.objects.exists()


def test_a_page_that_does_not_match_the_filter_is_not_sent(
    verified_user, marketplace, topics, committed
):
    saved_days_ago(verified_user, marketplace, "topic=wasser&maturity=regelbetrieb")
    publish(
        marketplace,
        SolutionPageFactory,
        "Wasser im Pilotbetrieb",
        topics=[topics["wasser"]],
        maturity="pilotbetrieb",
    )
    publish(
        marketplace,
        SolutionPageFactory,
        "Busse im Regelbetrieb",
        topics=[topics["mobilitaet"]],
        maturity="regelbetrieb",
    )
    publish(
        marketplace,
        SolutionPageFactory,
        "Wasser im Regelbetrieb",
        topics=[topics["wasser"]],
        maturity="regelbetrieb",
    )
    with committed():
        send_filter_alerts()
    (alert,) = alerts_to(verified_user.email)
    assert "Wasser im Regelbetrieb" in alert.body
    assert "Pilotbetrieb" not in alert.body
    assert "Busse" not in alert.body


def test_a_members_only_resource_reaches_members_only(
    verified_user, club_member, library, topics, committed
):
    outsider = UserFactory(email="aussen@example.org")
    saved_days_ago(outsider, library, "topic=wasser")
    saved_days_ago(club_member, library, "topic=wasser")
    secret = publish(
        library, ResourcePageFactory, "Lenkungskreis intern", topics=[topics["wasser"]]
    )
    restrict_to_members(secret)
    publish(library, ResourcePageFactory, "Offene Wasserdaten", topics=[topics["wasser"]])
    with committed():
        send_filter_alerts()
    (to_outsider,) = alerts_to("aussen@example.org")
    assert "Offene Wasserdaten" in to_outsider.body
    assert "Lenkungskreis intern" not in to_outsider.body
    (to_member,) = alerts_to(club_member.email)
    assert "Lenkungskreis intern" in to_member.body and "Offene Wasserdaten" in to_member.body


def test_a_members_only_resource_alone_sends_a_non_member_nothing(
    verified_user, library, topics, committed
):
    saved_days_ago(verified_user, library, "")
    restrict_to_members(publish(library, ResourcePageFactory, "Intern"))
    with committed():
        assert send_filter_alerts() == (0, 1)
    assert not mail.outbox


def test_the_alert_carries_one_click_unsubscribe_headers(
    verified_user, marketplace, topics, committed
):
    saved = saved_days_ago(verified_user, marketplace, "")
    publish(marketplace, SolutionPageFactory, "Neu im Markt")
    with committed():
        send_filter_alerts()
    (alert,) = alerts_to(verified_user.email)
    header = alert.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/de/abonnieren/suche-abbestellen/")
    assert header.endswith("/>")
    url = header[1:-1]
    assert url in alert.body
    assert saved_filter_from_unsubscribe_token(url.rstrip("/").rsplit("/", 1)[1]) == saved
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_post_deletes_just_that_saved_search(verified_user, marketplace, topics):
    saved = saved_days_ago(verified_user, marketplace, "topic=wasser")
    kept = saved_days_ago(verified_user, marketplace, "topic=energie")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/de/abonnieren/suche-abbestellen/{make_saved_filter_unsubscribe_token(saved)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert list(SavedFilter.objects.all()) == [kept]


def test_the_unsubscribe_link_asks_on_get_before_it_deletes(client, verified_user, marketplace):
    saved = saved_days_ago(verified_user, marketplace, "")
    path = f"/de/abonnieren/suche-abbestellen/{make_saved_filter_unsubscribe_token(saved)}/"
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<button" in html and "Marktplatz" in html
    assert SavedFilter.objects.exists()
    client.post(path)
    assert not SavedFilter.objects.exists()
    assert client.post(path).status_code == 200  # twice: still gone, no error


def test_forged_and_other_tokens_do_not_delete_saved_searches(client, verified_user, marketplace):
    from tests.subscriptions.conftest import make_subscription

    saved = saved_days_ago(verified_user, marketplace, "")
    subscription_token = make_unsubscribe_token(make_subscription())
    for token in ("kaputt", subscription_token):
        assert client.post(f"/de/abonnieren/suche-abbestellen/{token}/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_command_runs_the_job(verified_user, marketplace, topics, committed):
    saved_days_ago(verified_user, marketplace, "")
    publish(marketplace, SolutionPageFactory, "Per Befehl")
    with committed():
        call_command("send_filter_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(alerts_to(verified_user.email)) == 1


def test_the_job_is_a_daily_periodic_job(settings):
    assert ("send_filter_alerts", 24 * 60 * 60) in settings.PORTAL_PERIODIC_JOBS


def test_the_job_needs_no_queries_per_page(
    verified_user, marketplace, topics, committed, django_assert_max_num_queries
):
    saved_days_ago(verified_user, marketplace, "topic=wasser")
    saved_days_ago(UserFactory(), marketplace, "topic=wasser")

    def add(count, start):
        for number in range(start, start + count):
            publish(marketplace, SolutionPageFactory, f"Lösung {number}", topics=[topics["wasser"]])

    add(1, 0)
    send_filter_alerts()  # what is read once per process (content types, the site's paths)
    SavedFilter.objects.update(since=timezone.now() - timedelta(days=2))
    add(2, 1)
    with committed(), django_assert_max_num_queries(20) as few:
        send_filter_alerts()
    SavedFilter.objects.update(since=timezone.now() - timedelta(days=2))
    add(25, 3)
    with committed(), django_assert_max_num_queries(20) as many:
        send_filter_alerts()
    assert len(many) == len(few)


# --- English ------------------------------------------------------------------------------


@pytest.fixture
def english_marketplace(marketplace, home_en, locale_en):
    page = refreshed(marketplace).copy_for_translation(locale_en)
    page.title, page.slug = "Marketplace", "marketplace"
    page.save_revision().publish()
    return refreshed(page)


def test_saving_on_the_english_listing_is_in_english(client, verified_user, english_marketplace):
    client.force_login(verified_user)
    html = client.get(english_marketplace.url + "?maturity=idee").content.decode()
    assert 'action="/en/subscribe/save-search/"' in html
    assert "Save this search" in html
    response = client.post(
        "/en/subscribe/save-search/",
        {"page": english_marketplace.pk, "query": "maturity=idee"},
        follow=True,
    )
    saved = SavedFilter.objects.get(user=verified_user)
    assert saved.language == "en"
    assert saved.description == "Maturity: Idea"
    assert "is saved" in response.content.decode()
    account = client.get("/en/account/").content.decode()
    assert "Saved searches" in account
    assert f'action="/en/subscribe/delete-search/{saved.pk}/"' in account


def test_an_english_alert_is_in_english_with_the_english_page(
    verified_user, marketplace, english_marketplace, locale_en, committed
):
    saved_days_ago(verified_user, english_marketplace, "")
    solution = publish(marketplace, SolutionPageFactory, "Neue Lösung")
    english = refreshed(solution).copy_for_translation(locale_en)
    english.title = "New solution"
    english.save_revision().publish()
    with committed():
        send_filter_alerts()
    (alert,) = alerts_to(verified_user.email)
    assert "New solution" in alert.body and "Neue Lösung" not in alert.body
    assert "Marketplace" in alert.subject
    assert "/en/subscribe/unsubscribe-search/" in alert.extra_headers["List-Unsubscribe"]
    assert "http://testserver/en/account/#saved-searches" in alert.body


def test_the_english_unsubscribe_page_is_in_english(client, verified_user, english_marketplace):
    saved = saved_days_ago(verified_user, english_marketplace, "")
    token = make_saved_filter_unsubscribe_token(saved)
    html = client.get(f"/en/subscribe/unsubscribe-search/{token}/").content.decode()
    assert "Delete saved search" in html
