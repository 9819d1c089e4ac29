"""Membership is one group checked in one place; honeypot fields stop bots."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser

from portal.forms import HoneypotFormMixin
from portal.membership import grant_membership, is_member, members_group, revoke_membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_membership_is_granted_and_revoked():
    user = UserFactory()
    assert is_member(user) is False
    grant_membership(user)
    assert is_member(user) is True
    assert members_group().user_set.filter(pk=user.pk).exists()
    revoke_membership(user)
    assert is_member(user) is False


def test_anonymous_and_inactive_users_are_never_members():
    assert is_member(AnonymousUser()) is False
    user = UserFactory(is_active=False)
    grant_membership(user)
    assert is_member(type(user).objects.get(pk=user.pk)) is False


class ContactForm(HoneypotFormMixin, forms.Form):
    message = forms.CharField()


def test_honeypot_filled_in_makes_the_form_invalid():
    form = ContactForm(data={"message": "Hallo", "website": "http://spam.example"})
    assert not form.is_valid()
    assert "website" in form.errors


def test_honeypot_left_empty_is_fine():
    assert ContactForm(data={"message": "Hallo", "website": ""}).is_valid()
