"""Model rules of the programme and registration tables."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Registration, SessionSpeaker
from tests.factories import PersonFactory, SessionFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_speaker_needs_exactly_one_of_member_or_person(forum):
    session = SessionFactory(page=forum)
    with pytest.raises(ValidationError):
        SessionSpeaker(session=session).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionSpeaker.objects.create(session=session)
    SessionSpeaker(session=session, person=PersonFactory()).clean()


def test_session_must_end_after_it_starts(forum):
    session = SessionFactory.build(page=forum, end=forum.start - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        session.clean()
    assert "end" in error.value.message_dict


def test_only_workshops_have_seats(forum):
    talk = SessionFactory.build(page=forum, capacity=10)
    with pytest.raises(ValidationError):
        talk.clean()
    WorkshopFactory.build(page=forum, capacity=10).clean()


def test_a_member_has_one_registration_row_per_event(forum):
    user = UserFactory()
    Registration.objects.create(event=forum, user=user, name="A", email=user.email)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=forum, user=user, name="A", email=user.email)


def test_an_email_address_without_account_registers_once_per_event(forum):
    Registration.objects.create(event=forum, name="A", email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=forum, name="B", email="a@example.org")


def test_sessions_take_the_locale_of_their_event(forum):
    assert SessionFactory(page=forum).locale_id == forum.locale_id


def test_listing_summary_and_date_fit_events(forum):
    assert forum.listing_summary == forum.theme  # no teaser given
    assert forum.listing_date == forum.start


def test_wagtail_localize_translates_the_programme_with_its_speakers(forum, home_en, locale_en):
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    from tests.conftest import refreshed

    index_source, _ = TranslationSource.get_or_create_from_instance(refreshed(forum.get_parent()))
    index_source.create_or_update_translation(locale_en, fallback=True)
    session = WorkshopFactory(page=forum, title="Mobilität", capacity=8)
    SessionSpeaker.objects.create(session=session, person=PersonFactory())
    source, _ = TranslationSource.get_or_create_from_instance(refreshed(forum))
    segment = StringSegment.objects.get(source=source, string__data="Mobilität")
    StringTranslation.objects.create(
        translation_of=segment.string, locale=locale_en, context=segment.context, data="Mobility"
    )
    english, _ = source.create_or_update_translation(locale_en, fallback=True)
    from events.models import Session

    english_session = Session.objects.get(page_id=english.pk)
    assert english_session.translation_key == session.translation_key
    assert english_session.title == "Mobility"
    assert english_session.capacity == 8
    assert english_session.speakers.count() == 1
