"""The portal's authentication backends load a signed-in person's club membership with the
user row, so that membership checks on every signed-in request cost no query of their own."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY

from portal.auth_backends import AuthenticationBackend, ModelBackend
from portal.membership import grant_membership, is_member, revoke_membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_portal_backends_are_the_configured_ones():
    assert settings.AUTHENTICATION_BACKENDS == [
        "portal.auth_backends.ModelBackend",
        "portal.auth_backends.AuthenticationBackend",
    ]


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_a_loaded_member_needs_no_query_for_membership(backend, django_assert_num_queries):
    member, other = UserFactory(), UserFactory()
    grant_membership(member)
    with django_assert_num_queries(2):  # one query per person, membership included
        loaded_member = backend().get_user(member.pk)
        loaded_other = backend().get_user(other.pk)
    with django_assert_num_queries(0):
        assert is_member(loaded_member) is True
        assert is_member(loaded_other) is False


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_a_revoked_membership_counts_on_the_next_load(backend):
    member = UserFactory()
    grant_membership(member)
    assert is_member(backend().get_user(member.pk)) is True
    revoke_membership(member)
    assert is_member(backend().get_user(member.pk)) is False


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_inactive_and_unknown_people_are_not_loaded(backend):
    inactive = UserFactory(is_active=False)
    assert backend().get_user(inactive.pk) is None
    assert backend().get_user(inactive.pk + 1000) is None


def test_a_member_signed_in_through_the_sign_in_page_is_a_member_without_a_query(
    client, club_member, django_assert_num_queries
):
    response = client.post(
        "/accounts/login/", {"login": club_member.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] in settings.AUTHENTICATION_BACKENDS
    assert client.session[SESSION_KEY] == str(club_member.pk)
    # A members-only check on the next request: session and user, nothing for membership.
    response = client.get("/de/konto/")
    assert response.status_code == 200
    request = response.wsgi_request
    with django_assert_num_queries(0):
        assert is_member(request.user) is True
