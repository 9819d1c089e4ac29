"""The events demo content: bilingual index in the menu, past forums with programmes, an
upcoming forum open for registration with parallel workshops, an online fair, a regional
meeting; idempotent; ``seed_bulk`` adds volume."""

import io
import re

import pytest
from django.core.management import call_command

from demo.events import seed_bulk
from events.models import EventIndexPage, EventPage, Registration, Session, SessionSpeaker
from events.registration import registration_refusal
from home.models import NavigationSettings
from portal.membership import grant_membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events_demo(demo_content):
    return EventIndexPage.objects.get(slug="veranstaltungen")


def test_demo_index_is_in_the_main_menu_in_both_languages(client, events_demo, locale_en):
    nav = NavigationSettings.for_site(events_demo.get_site())
    assert events_demo.pk in [block.value.pk for block in nav.main_menu]
    assert events_demo.get_translation(locale_en).title == "Events"
    html = client.get("/en/").content.decode()
    assert 'href="/en/events/"' in html


def test_demo_has_past_forums_up_to_the_22nd_with_theme_and_programme(events_demo):
    past = [
        forum
        for forum in EventPage.objects.filter(locale__language_code="de", event_type="forum")
        if forum.is_past
    ]
    assert max(forum.edition for forum in past) == 22
    assert len(past) >= 3
    for forum in past:
        assert forum.theme
        assert forum.documents  # the slides
        assert forum.sessions.filter(kind=Session.Kind.WORKSHOP).count() >= 2


def test_demo_upcoming_forum_is_open_with_parallel_limited_workshops(events_demo):
    forum = EventPage.objects.get(slug="deutschlandforum-23", locale__language_code="de")
    member = UserFactory()
    grant_membership(member)
    assert registration_refusal(forum, member) is None
    workshops = list(forum.workshop_sessions())
    assert len(workshops) >= 2
    assert all(w.capacity for w in workshops)
    assert workshops[0].overlaps(workshops[1])


def test_demo_has_an_online_fair_and_a_regional_meeting(events_demo):
    fair = EventPage.objects.get(
        slug="virtuelle-messe-wasser-forst-klimaschutz", locale__language_code="de"
    )
    assert fair.event_type == "online" and fair.is_online and fair.audience == "public"
    assert EventPage.objects.filter(event_type="regional").exists()


def test_demo_pages_render_in_both_languages(client, events_demo):
    for page in EventPage.objects.live():
        assert client.get(page.url).status_code == 200, page.url
        assert client.get(f"{page.url}calendar.ics").status_code == 200
    html = client.get("/de/veranstaltungen/deutschlandforum-22/").content.decode()
    assert "Folien der Vorträge (PDF)" in html


def test_demo_english_forum_has_english_workshop_titles(client, events_demo):
    html = client.get("/en/events/deutschlandforum-23/").content.decode()
    assert "Buying together: joint procurement of software" in html


def test_demo_english_event_pages_name_rooms_in_english(client, events_demo, locale_en):
    english = EventPage.objects.live().filter(locale=locale_en)
    assert english.exists()
    rooms = set(Session.objects.filter(page__in=english).values_list("room", flat=True))
    assert "Main hall" in rooms
    for room in rooms:
        assert not re.search("Saal|Raum", room), room


def test_demo_has_guest_registrations_one_awaiting_confirmation(events_demo):
    fair = EventPage.objects.get(
        slug="virtuelle-messe-wasser-forst-klimaschutz", locale__language_code="de"
    )
    guests = Registration.objects.filter(event=fair, user__isnull=True).order_by("email")
    assert [(guest.email, guest.status) for guest in guests] == [
        ("ines.unbestaetigt@example.org", Registration.Status.PENDING),
        ("tobias.gastmann@example.org", Registration.Status.CONFIRMED),
    ]
    assert guests[0].seat_held and guests[0].hold_expires_at is not None


def test_loading_the_demo_twice_adds_nothing(events_demo):
    counts = (EventPage.objects.count(), Session.objects.count(), Registration.objects.count())
    call_command("load_demo_content", stdout=io.StringIO())
    assert (
        EventPage.objects.count(),
        Session.objects.count(),
        Registration.objects.count(),
    ) == counts


def test_seed_bulk_adds_events_and_registrations(events_demo):
    before = EventPage.objects.count()
    seed_bulk(scale=0.1)
    assert EventPage.objects.count() == before + 5
    bulk = EventPage.objects.filter(slug__startswith="bulk-event-")
    assert Registration.objects.filter(event__in=bulk).count() == 5 * 40
    assert Session.objects.filter(page__in=bulk).count() == 15


def test_demo_has_no_speaker_twice_in_a_session(events_demo):
    from django.db.models import Count

    speakers = SessionSpeaker.objects.all()
    assert speakers.filter(member__isnull=False).exists()  # members speak too
    for field in ("member", "person"):
        twice = (
            speakers.filter(**{f"{field}__isnull": False})
            .values("session", field)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert list(twice) == []


def test_demo_forum_panels_have_each_speaker_once(client, events_demo):
    html = client.get("/de/veranstaltungen/deutschlandforum-23/").content.decode()
    (panel,) = re.findall(r'programme__item--panel">.*?</li>', html, re.S)
    names = re.findall(r'programme__speakers">(.*?)</p>', panel, re.S)[0]
    names = [re.sub(r"<[^>]+>|\s*\(.*", "", part).strip() for part in names.split(";")]
    assert len(names) == len(set(names)) >= 2
