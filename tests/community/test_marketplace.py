"""The solution marketplace: faceted filter with counts, contact requests to providers,
and providers proposing and editing their solutions through the moderation workflow."""

import re

import pytest
from django.core import mail
from wagtail.models import Page

from community.contact import ContactNotAllowed, send_solution_request
from community.models import ContactRequest, SolutionPage, SolutionReference
from portal.caching.pages import invalidate_page_cache
from tests.conftest import refreshed
from tests.factories import OrganisationFactory, SolutionPageFactory, live_child_pages

pytestmark = pytest.mark.django_db


def titles_listed(html):
    return set(re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html))


def facet_count(html, facet, value):
    match = re.search(
        rf'name="{facet}" value="{value}"[^>]*>\s*<label[^>]*>[^<]*'
        r'<span class="facet__count">\((\d+)\)',
        html,
    )
    return int(match.group(1))


@pytest.fixture
def solutions(marketplace, topics):
    startup = OrganisationFactory(name="ParkPilot GmbH", organisation_type="startup")
    provider = OrganisationFactory(name="DataKommune GmbH", organisation_type="loesungsanbieter")
    parking = SolutionPageFactory(
        parent=refreshed(marketplace),
        title="Parkleitsystem",
        provider=startup,
        maturity="regelbetrieb",
        for_small_towns=True,
        topics=[topics["mobilitaet"]],
    )
    SolutionReference.objects.create(solution=parking, name="Beispielhausen", state="hessen")
    sensors = SolutionPageFactory(
        parent=refreshed(marketplace),
        title="Pegelsensoren",
        provider=startup,
        maturity="pilotbetrieb",
        for_small_towns=True,
        for_districts=True,
        topics=[topics["wasser"]],
    )
    SolutionReference.objects.create(solution=sensors, name="Beispieltal", state="bayern")
    SolutionReference.objects.create(solution=sensors, name="Seeberg", state="bayern")
    platform = SolutionPageFactory(
        parent=refreshed(marketplace),
        title="Datenplattform",
        provider=provider,
        maturity="regelbetrieb",
        for_large_cities=True,
        topics=[topics["mobilitaet"], topics["energie"]],
    )
    return {"parking": parking, "sensors": sensors, "platform": platform}


def test_marketplace_filters_by_maturity_with_counts(client, solutions, marketplace):
    html = client.get(marketplace.url, {"maturity": "regelbetrieb"}).content.decode()
    assert titles_listed(html) == {"Parkleitsystem", "Datenplattform"}
    assert facet_count(html, "maturity", "pilotbetrieb") == 1
    assert facet_count(html, "maturity", "idee") == 0


def test_marketplace_filters_by_municipality_size(client, solutions, marketplace):
    html = client.get(marketplace.url, {"size": "klein"}).content.decode()
    assert titles_listed(html) == {"Parkleitsystem", "Pegelsensoren"}
    assert facet_count(html, "size", "landkreis") == 1
    assert facet_count(html, "size", "gross") == 1


def test_marketplace_filters_by_state_of_the_references(client, solutions, marketplace):
    html = client.get(marketplace.url, {"reference_state": "bayern"}).content.decode()
    assert titles_listed(html) == {"Pegelsensoren"}
    # Two references in Bavaria still count the solution once.
    assert facet_count(html, "reference_state", "bayern") == 1
    assert facet_count(html, "reference_state", "hessen") == 1


def test_marketplace_filters_by_provider_type_and_topic_combined(client, solutions, marketplace):
    html = client.get(
        marketplace.url + "?provider_type=startup&topic=mobilitaet&topic=wasser"
    ).content.decode()
    assert titles_listed(html) == {"Parkleitsystem", "Pegelsensoren"}
    assert facet_count(html, "provider_type", "loesungsanbieter") == 1
    assert facet_count(html, "topic", "energie") == 0


def test_marketplace_filter_works_as_a_plain_get_form(client, solutions, marketplace):
    html = client.get(marketplace.url).content.decode()
    assert '<form class="facets" method="get" action=""' in html
    assert "<script" not in html.split('<form class="facets"', 1)[1].split("</form>", 1)[0]


def test_unknown_marketplace_filter_values_get_a_clear_message(client, solutions, marketplace):
    response = client.get(marketplace.url + "?maturity=marsmission&size=riesig")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Reifegrad: marsmission" in html
    assert "Größe der Kommune: riesig" in html
    assert len(titles_listed(html)) == 3


def test_marketplace_needs_the_same_number_of_queries_for_few_and_many_solutions(
    client, marketplace, topics, django_assert_max_num_queries
):
    provider = OrganisationFactory(organisation_type="startup")

    def add(start, count):
        ids = live_child_pages(
            marketplace,
            SolutionPage,
            [
                {
                    "title": f"L {n}",
                    "slug": f"l-{n}",
                    "teaser": "t",
                    "provider_id": provider.pk,
                    "maturity": "pilotbetrieb",
                    "for_small_towns": True,
                }
                for n in range(start, start + count)
            ],
        )
        SolutionPage.topics.through.objects.bulk_create(
            [SolutionPage.topics.through(solutionpage_id=i, topic=topics["wasser"]) for i in ids]
        )
        SolutionReference.objects.bulk_create(
            [SolutionReference(solution_id=i, name="Ort", state="hessen") for i in ids]
        )

    url = marketplace.url + (
        "?topic=wasser&maturity=pilotbetrieb&size=klein&reference_state=hessen"
        "&provider_type=startup"
    )

    def make_listing_cold():
        """The next view renders the listing afresh (it is kept per cache generation): the bulk
        inserts
        above send no signals, so start a new generation as a publish would; then warm the
        per-generation lookups (site, settings, menus) on another address."""
        invalidate_page_cache()
        client.get(marketplace.url + "?page=1")

    add(0, 2)
    make_listing_cold()
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    add(2, 100)
    make_listing_cold()
    with django_assert_max_num_queries(30) as many:
        html = client.get(url).content.decode()
    assert "102 Lösungen" in html
    assert len(many) == len(few)
    with django_assert_max_num_queries(0):
        assert client.get(url).content.decode() == html  # the listing is cached now


# Contact requests


def test_member_sends_a_contact_request_and_both_sides_get_an_email(
    client, solutions, club_member, django_capture_on_commit_callbacks
):
    solution = solutions["parking"]
    client.force_login(club_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            solution.url + "contact/",
            {
                "subject": "Parkleitsystem für 8.000 Einwohner",
                "message": "Was kostet das?",
                "allow_reply": "on",
                "website": "",
            },
        )
    assert response.status_code == 302
    provider_mail, copy = mail.outbox
    assert provider_mail.to == [solution.provider.contact_email]
    assert provider_mail.reply_to == [club_member.email]
    assert "Was kostet das?" in provider_mail.body
    assert copy.to == [club_member.email]
    # The sender's copy does not reveal the provider's address.
    assert solution.provider.contact_email not in copy.body + copy.subject
    assert ContactRequest.objects.get().solution_id == solution.pk


def test_sender_can_keep_the_own_address_from_the_provider(
    client, solutions, club_member, django_capture_on_commit_callbacks
):
    client.force_login(club_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            solutions["parking"].url + "contact/",
            {"subject": "Frage", "message": "Bitte rufen Sie an: 0123 45678"},
        )
    provider_mail = mail.outbox[0]
    assert provider_mail.reply_to == []
    assert club_member.email not in provider_mail.body


def test_solution_page_never_shows_the_providers_email_address(client, solutions):
    html = client.get(solutions["parking"].url).content.decode()
    assert solutions["parking"].provider.contact_email not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_contact_request_to_an_unpublished_solution_is_refused(client, solutions, club_member):
    solution = solutions["parking"]
    solution.unpublish()
    client.force_login(club_member)
    response = client.post(
        f"/de/marktplatz/{solution.slug}/contact/", {"subject": "Frage", "message": "Hallo"}
    )
    assert response.status_code == 404
    assert ContactRequest.objects.count() == 0
    with pytest.raises(ContactNotAllowed):
        send_solution_request(club_member, solution, "Frage", "Hallo", True)
    assert ContactRequest.objects.count() == 0


def test_non_members_cannot_send_contact_requests(client, solutions, verified_user):
    client.force_login(verified_user)
    response = client.post(
        solutions["parking"].url + "contact/", {"subject": "Frage", "message": "Hallo"}
    )
    assert response.status_code == 403
    assert "nur Mitglieder" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_anonymous_readers_are_asked_to_sign_in_before_contacting(client, solutions):
    response = client.get(solutions["parking"].url + "contact/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_contact_requests_are_rate_limited(client, solutions, club_member, settings):
    settings.COMMUNITY_CONTACT_RATE = "2/h"
    client.force_login(club_member)
    data = {"subject": "Frage", "message": "Hallo"}
    url = solutions["parking"].url + "contact/"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert ContactRequest.objects.count() == 2


def test_contact_form_errors_are_shown_with_the_fields(client, solutions, club_member):
    client.force_login(club_member)
    response = client.post(solutions["parking"].url + "contact/", {"subject": "", "message": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_subject_error"' in html and 'id="id_message_error"' in html
    assert ContactRequest.objects.count() == 0


def test_honeypot_filled_in_sends_nothing(client, solutions, club_member):
    client.force_login(club_member)
    client.post(
        solutions["parking"].url + "contact/",
        {"subject": "Frage", "message": "Hallo", "website": "http://spam.example"},
    )
    assert ContactRequest.objects.count() == 0


# Providers propose and edit solutions


@pytest.fixture
def provider_user(solutions, verified_user):
    verified_user.represented_organisations.add(solutions["parking"].provider)
    return verified_user


def solution_form_data(provider, **changes):
    return {
        "title": "Smarte Parkbank",
        "provider": provider.pk,
        "teaser": "Eine Bank mit Solarladegerät und Sensoren.",
        "description": "Erster Absatz.\n\nZweiter Absatz mit <b>Tags</b>.",
        "maturity": "prototyp",
        "sizes": ["klein", "mittel"],
        "price_model": "lizenz",
        **changes,
    }


def test_provider_proposes_a_solution_that_waits_for_approval(
    client, provider_user, solutions, marketplace
):
    provider = solutions["parking"].provider
    client.force_login(provider_user)
    response = client.post("/de/konto/loesungen/neu/", solution_form_data(provider))
    assert response.status_code == 302
    page = SolutionPage.objects.get(title="Smarte Parkbank")
    assert not page.live
    assert page.owner == provider_user
    assert page.for_small_towns and page.for_medium_towns and not page.for_large_cities
    assert (
        page.description
        == "<p>Erster Absatz.</p><p>Zweiter Absatz mit &lt;b&gt;Tags&lt;/b&gt;.</p>"
    )
    assert page.current_workflow_state is not None
    assert "Smarte Parkbank" not in client.get(marketplace.url).content.decode()


def test_approving_the_proposal_publishes_it(
    client, provider_user, solutions, marketplace, admin_user
):
    client.force_login(provider_user)
    client.post("/de/konto/loesungen/neu/", solution_form_data(solutions["parking"].provider))
    page = SolutionPage.objects.get(title="Smarte Parkbank")
    task_state = page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, admin_user, "approve")
    assert SolutionPage.objects.get(pk=page.pk).live
    assert "Smarte Parkbank" in client.get(marketplace.url).content.decode()


def test_provider_edits_their_solution_and_the_live_version_stays_until_approval(
    client, provider_user, solutions
):
    solution = solutions["parking"]
    client.force_login(provider_user)
    form = client.get(f"/de/konto/loesungen/{solution.pk}/")
    assert form.status_code == 200
    response = client.post(
        f"/de/konto/loesungen/{solution.pk}/",
        solution_form_data(solution.provider, title="Parkleitsystem 2.0"),
    )
    assert response.status_code == 302
    live = SolutionPage.objects.get(pk=solution.pk)
    assert live.title == "Parkleitsystem"
    assert live.get_latest_revision_as_object().title == "Parkleitsystem 2.0"
    assert live.has_unpublished_changes


def test_editing_someone_elses_solution_is_forbidden(client, provider_user, solutions):
    client.force_login(provider_user)
    platform = solutions["platform"]  # offered by another provider
    assert client.get(f"/de/konto/loesungen/{platform.pk}/").status_code == 403
    assert client.get(platform.url + "edit/").status_code == 403
    response = client.post(
        f"/de/konto/loesungen/{platform.pk}/",
        solution_form_data(platform.provider, title="Gekapert"),
    )
    assert response.status_code == 403
    assert not SolutionPage.objects.get(pk=platform.pk).has_unpublished_changes


def test_proposing_needs_an_organisation_to_act_for(client, verified_user, solutions):
    client.force_login(verified_user)
    response = client.get("/de/konto/loesungen/neu/")
    assert response.status_code == 403
    assert "Geschäftsstelle" in response.content.decode()


def test_provider_cannot_propose_for_an_organisation_they_do_not_represent(
    client, provider_user, solutions
):
    client.force_login(provider_user)
    other = solutions["platform"].provider
    response = client.post("/de/konto/loesungen/neu/", solution_form_data(other))
    assert response.status_code == 200
    assert 'id="id_provider_error"' in response.content.decode()
    assert not SolutionPage.objects.filter(title="Smarte Parkbank").exists()


def test_unknown_solution_id_is_a_404(client, provider_user):
    client.force_login(provider_user)
    assert client.get("/de/konto/loesungen/999999/").status_code == 404
    other_page = Page.objects.get(depth=2)  # the home page: not a solution
    assert client.get(f"/de/konto/loesungen/{other_page.pk}/").status_code == 404


def test_solution_page_lists_references_in_a_table_with_headers(client, solutions):
    html = client.get(solutions["sensors"].url).content.decode()
    assert '<th scope="col">Kommune</th>' in html
    assert '<th scope="row">Beispieltal</th>' in html


def test_solution_page_links_the_providers_organisation_page(client, solutions, member_directory):
    solution = solutions["parking"]
    html = client.get(solution.url).content.decode()
    organisation_url = f"{member_directory.url}organisation/{solution.provider.slug}/"
    assert f'<a href="{organisation_url}">ParkPilot GmbH</a>' in html
    assert client.get(organisation_url).status_code == 200


def test_solution_page_without_a_directory_names_the_provider_without_a_link(client, solutions):
    html = client.get(solutions["parking"].url).content.decode()
    assert "ParkPilot GmbH" in html
    assert "/organisation/" not in html


def test_non_members_learn_how_to_reach_the_provider_through_its_website(
    client, solutions, verified_user
):
    provider = solutions["parking"].provider
    type(provider).objects.filter(pk=provider.pk).update(website="https://parkpilot.example.org")
    invalidate_page_cache()
    for signed_in in (False, True):
        if signed_in:
            client.force_login(verified_user)
        html = client.get(solutions["parking"].url).content.decode()
        assert "Ihre Kommune ist (noch) nicht Mitglied?" in html
        assert '<a href="https://parkpilot.example.org">' in html
        assert "leitet der Club nur von Mitgliedern weiter" in html  # why not via the portal


def test_non_members_are_told_when_a_provider_has_no_public_website(client, solutions):
    html = client.get(solutions["platform"].url).content.decode()
    assert "DataKommune GmbH hat keine öffentliche Website angegeben" in html


def test_members_who_may_write_see_no_non_member_hint(client, solutions, club_member):
    client.force_login(club_member)
    html = client.get(solutions["parking"].url).content.decode()
    assert "Kontaktanfrage senden" in html
    assert "nicht Mitglied?" not in html


def test_non_member_hint_is_english_on_english_pages(client, solutions, home_en, locale_en):
    english = refreshed(solutions["platform"]).copy_for_translation(locale_en, copy_parents=True)
    english.save_revision().publish()
    html = client.get(english.url).content.decode()
    assert "Is your municipality not (yet) a member?" in html
    assert "has not given a public website" in html
