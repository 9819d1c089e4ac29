"""Locales are looked up once per process, not on every call."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def test_second_lookup_of_a_locale_needs_no_query():
    Locale.objects.get_for_language("de")
    with CaptureQueriesContext(connection) as queries:
        assert Locale.get_active().language_code == "de"
        assert Locale.get_default().language_code == "de"
    assert len(queries) == 0


def test_removing_and_adding_a_locale_is_seen_at_once():
    english = Locale.objects.get_for_language("en")
    old_id = english.pk
    english.delete()
    with pytest.raises(Locale.DoesNotExist):
        Locale.objects.get_for_language("en")
    Locale.objects.create(language_code="en")
    assert Locale.objects.get_for_language("en").pk != old_id
