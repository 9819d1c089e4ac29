"""The library lists its resources newest first with facets (type, topic) and counts, a
search and pagination; members-only resources are listed for everyone with a "Für
Mitglieder" label and nothing of their content, and the resource itself is served by
Wagtail's privacy to members only, never through the shared page cache or a search."""

import datetime
import re

import pytest
from wagtail.models import BaseViewRestriction, PageViewRestriction

from library.models import ResourcePage
from portal.caching.pages import invalidate_page_cache
from tests.conftest import refreshed
from tests.factories import UserFactory
from tests.library.conftest import restrict_to_members
from tests.library.factories import WEBVTT, ResourcePageFactory, make_document
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db

SECRET = "Vertraulichkeitsvereinbarung"


def titles_listed(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def facet_count(html, facet, value):
    match = re.search(
        rf'name="{facet}" value="{value}"[^>]*>\s*<label[^>]*>[^<]*'
        r'<span class="facet__count">\((\d+)\)',
        html,
    )
    return int(match.group(1))


@pytest.fixture
def resources(make_resource, topics):
    return {
        "video": make_resource(
            title="Werkstatt Glasfaser",
            resource_type="video",
            video_url="https://www.youtube.com/watch?v=abc123",
            transcript="<p>Wir sprechen über Leerrohre und Tiefbau.</p>",
            summary="Aufzeichnung der Werkstatt.",
            date=datetime.date(2024, 5, 1),
            topics=[topics["energie"]],
        ),
        "slides": make_resource(
            title="Folien Wasserstoff",
            resource_type="folien",
            document=make_document("folien.pdf"),
            summary="Die Folien des Vortrags.",
            date=datetime.date(2023, 1, 1),
            topics=[topics["energie"], topics["mobilitaet"]],
        ),
        "link": make_resource(
            title="Datenportal Beispielhausen",
            resource_type="link",
            link_url="https://daten.example.org/",
            summary="Offene Daten.",
            date=datetime.date(2025, 2, 1),
            topics=[topics["wasser"]],
        ),
    }


@pytest.fixture
def members_interview(make_resource, topics):
    page = make_resource(
        title="Lenkungskreis intern",
        resource_type="interview",
        video_url="https://vimeo.com/12345",
        transcript=f"<p>Über die {SECRET} der Stadtwerke.</p>",
        summary="Streng vertrauliche Zusammenfassung.",
        contributors="Geheime Runde",
        date=datetime.date(2024, 12, 1),
        topics=[topics["wasser"]],
    )
    restrict_to_members(page)
    return page


def get(client, page, query=""):
    response = client.get(page.url + query)
    return response, response.content.decode()


def test_the_library_lists_resources_newest_first(client, resources, library):
    response, html = get(client, library)
    assert response.status_code == 200
    assert titles_listed(html) == [
        "Datenportal Beispielhausen",
        "Werkstatt Glasfaser",
        "Folien Wasserstoff",
    ]
    assert "3 Ressourcen" in html


def test_unpublished_resources_are_not_listed(client, resources, make_resource, library):
    make_resource(title="Entwurf", live=False)
    assert "Entwurf" not in titles_listed(get(client, library)[1])


def test_filter_by_type_and_topic_with_counts(client, resources, library):
    html = get(client, library, "?topic=energie")[1]
    assert titles_listed(html) == ["Werkstatt Glasfaser", "Folien Wasserstoff"]
    assert facet_count(html, "type", "video") == 1
    assert facet_count(html, "type", "link") == 0
    assert facet_count(html, "topic", "wasser") == 1
    html = get(client, library, "?topic=energie&type=folien&type=link")[1]
    assert titles_listed(html) == ["Folien Wasserstoff"]
    assert facet_count(html, "topic", "mobilitaet") == 1


def test_search_looks_into_transcripts(client, resources, library):
    html = get(client, library, "?q=Leerrohre")[1]
    assert titles_listed(html) == ["Werkstatt Glasfaser"]
    assert facet_count(html, "type", "folien") == 0


def test_unknown_filter_values_are_named_and_answered_with_400(client, resources, library):
    response, html = get(client, library, "?type=podcast&topic=atlantis")
    assert response.status_code == 400
    assert "Art: podcast" in html
    assert len(titles_listed(html)) == 3


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99999",
        "?page=-1",
        "?q=" + "x" * 5000,
        "?q=%00",
        "?q=%ff%fe",
        "?q=" + "+".join(["a"] * 50),
        "?q=%22unclosed",
        "?q=AND+OR+NOT",
        "?type=",
        "?type=%00",
        "?topic[]=wasser",
        "?type=video&type=video",
        "?q=%25_%5C",
        "?type=%3Cscript%3E",
    ],
)
def test_bad_query_strings_never_cause_an_error(
    client, resources, members_interview, library, query
):
    response = client.get(library.url + query)
    assert response.status_code in (200, 400)
    assert "<script>" not in response.content.decode()


# --- Members-only resources ---------------------------------------------------------------


def test_a_members_only_resource_is_listed_for_everyone_with_a_label(
    client, resources, members_interview, library
):
    html = get(client, library)[1]
    assert "Lenkungskreis intern" in titles_listed(html)
    card = html[html.index("Lenkungskreis intern") - 600 : html.index("Lenkungskreis intern") + 800]
    assert "Für Mitglieder" in card
    assert "Interview" in card
    for content in ("Streng vertrauliche Zusammenfassung", "Geheime Runde", SECRET):
        assert content not in html
    assert facet_count(html, "type", "interview") == 1


def test_members_see_the_same_listing(client, club_member, resources, members_interview, library):
    anonymous = get(client, library)[1]
    client.force_login(club_member)
    invalidate_page_cache()
    html = get(client, library)[1]
    assert titles_listed(html) == titles_listed(anonymous)
    assert "Streng vertrauliche Zusammenfassung" not in html


def test_the_listing_search_does_not_look_into_members_only_content(
    client, members_interview, resources, library
):
    assert titles_listed(get(client, library, f"?q={SECRET}")[1]) == []
    assert titles_listed(get(client, library, "?q=vertrauliche")[1]) == []
    # The title is public: it finds the resource.
    assert titles_listed(get(client, library, "?q=Lenkungskreis")[1]) == ["Lenkungskreis intern"]


def test_resources_behind_a_password_are_not_listed(client, resources, make_resource, library):
    page = make_resource(title="Passwortgeschützt")
    PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.PASSWORD, password="geheim"
    )
    html = get(client, library)[1]
    assert "Passwortgeschützt" not in html
    assert "3 Ressourcen" in html


def test_guests_are_sent_to_the_sign_in_page(client, members_interview):
    response = client.get(members_interview.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert SECRET not in response.content.decode()


def test_signed_in_non_members_are_refused(client, verified_user, members_interview):
    client.force_login(verified_user)
    response = client.get(members_interview.url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_members_see_the_resource_and_its_transcript(client, club_member, members_interview):
    client.force_login(club_member)
    response = client.get(members_interview.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html
    assert "Für Mitglieder" in html


def test_a_members_view_never_reaches_the_shared_cache(client, club_member, members_interview):
    client.force_login(club_member)
    assert SECRET in client.get(members_interview.url).content.decode()
    client.logout()
    response = client.get(members_interview.url)
    assert response.status_code == 302
    assert SECRET not in response.content.decode()


def test_the_site_search_finds_members_only_content_for_members_only(
    client,
    search_backend,
    members_interview,
    club_member,
):
    search_backend.refresh()
    for reader in (None, UserFactory(email="gast@example.org")):
        if reader is not None:
            client.force_login(reader)
        _response, outcome = search(client, SECRET)
        assert titles(outcome) == []
    client.force_login(club_member)
    _response, outcome = search(client, SECRET)
    assert titles(outcome) == ["Lenkungskreis intern"]


# --- The resource page ------------------------------------------------------------------


def test_an_embedded_video_loads_nothing_before_the_reader_asks(client, resources):
    response = client.get(resources["video"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<iframe" not in html
    assert 'data-player-url="https://www.youtube-nocookie.com/embed/abc123"' in html
    assert "Transkript" in html and "Leerrohre" in html


def test_an_uploaded_video_has_its_captions_track(client, make_resource):
    page = make_resource(
        title="Hochgeladenes Video",
        resource_type="video",
        video_file=make_document("film.mp4", b"\x00\x00\x00\x18ftypmp42"),
        captions=make_document("film.vtt", WEBVTT),
        transcript="<p>Guten Tag.</p>",
    )
    html = client.get(page.url).content.decode()
    assert "<video controls" in html
    assert 'type="video/mp4"' in html
    track = re.search(r"<track [^>]+>", html).group(0)
    assert 'kind="captions"' in track
    assert f'src="{page.captions.url}"' in track
    assert 'srclang="de"' in track
    # Wagtail's document view sends it as WebVTT (the test storage cannot serve files).
    assert page.captions.content_type == "text/vtt"


def test_slides_and_links_are_offered(client, resources):
    html = client.get(resources["slides"].url).content.decode()
    assert resources["slides"].document.url in html
    html = client.get(resources["link"].url).content.decode()
    assert 'href="https://daten.example.org/"' in html


def test_the_resource_page_needs_a_constant_number_of_queries(
    client, make_resource, topics, django_assert_max_num_queries
):
    page = make_resource(title="Viele Themen", topics=list(topics.values()))
    client.get(page.url)
    invalidate_page_cache()
    with django_assert_max_num_queries(30):
        assert client.get(page.url).status_code == 200


# --- Volume and languages -----------------------------------------------------------------


def test_listing_needs_the_same_number_of_queries_for_few_and_many_resources(
    client, library, topics, django_assert_max_num_queries
):
    def add(start, count):
        for n in range(start, start + count):
            page = ResourcePageFactory(
                parent=refreshed(library),
                title=f"R {n}",
                slug=f"r-{n}",
                topics=[topics["wasser"]],
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            )
            if n % 3 == 0:
                restrict_to_members(page)

    url = library.url + "?topic=wasser&type=link"
    add(0, 3)
    client.get(url)
    invalidate_page_cache()
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add(3, 30)
    invalidate_page_cache()
    with django_assert_max_num_queries(40) as many:
        html = client.get(url).content.decode()
    assert "33 Ressourcen" in html
    assert html.count("Für Mitglieder") >= 6
    assert len(many) == len(few)


def test_english_listing_shows_the_english_resource_or_marks_the_german_one(
    client, resources, library, home_en, locale_en
):
    index_en = refreshed(library).copy_for_translation(locale_en)
    index_en.title, index_en.slug = "Knowledge library", "knowledge-library"
    index_en.save_revision().publish()
    link_en = refreshed(resources["link"]).copy_for_translation(locale_en)
    link_en.title = "Open data portal"
    link_en.save_revision().publish()
    invalidate_page_cache()
    html = client.get("/en/knowledge-library/").content.decode()
    assert "Open data portal" in titles_listed(html)
    assert 'lang="de">Folien Wasserstoff</a>' in html
    assert "3 resources" in html


def test_only_public_resource_bodies_are_kept_in_the_shared_fragment_cache(
    client, club_member, resources, members_interview
):
    """A change that starts no new cache generation shows where a body was stored: the
    public resource keeps its cached body, the members-only one is rendered afresh."""
    client.force_login(club_member)
    public = resources["video"]
    for page in (public, members_interview):
        assert client.get(page.url).status_code == 200
        ResourcePage.objects.filter(pk=page.pk).update(
            transcript="<p>Neu geschriebenes Transkript.</p>"
        )
    assert "Leerrohre" in client.get(public.url).content.decode()
    html = client.get(members_interview.url).content.decode()
    assert "Neu geschriebenes Transkript." in html
    assert SECRET not in html
