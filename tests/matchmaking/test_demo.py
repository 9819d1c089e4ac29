"""The demo portal has matchmaking requests in different states, with proposals and logs."""

import pytest
from django.core.management import call_command

from matchmaking.models import CaseStatus, MatchRequest, ProposalState

pytestmark = pytest.mark.django_db


def test_the_demo_has_requests_in_different_states(demo_content, client):
    requests = MatchRequest.objects.all()
    assert requests.count() == 4
    assert {
        CaseStatus.NEW,
        CaseStatus.IN_REVIEW,
        CaseStatus.PROPOSED,
        CaseStatus.INTRODUCED,
    } <= set(requests.values_list("status", flat=True))
    introduced = requests.get(status=CaseStatus.INTRODUCED)
    assert introduced.proposals.filter(state=ProposalState.INTRODUCED).exists()
    assert introduced.events.count() >= 5
    client.force_login(introduced.requester)
    page = client.get(f"/de/konto/bedarfsmeldungen/{introduced.pk}/")
    assert page.status_code == 200
    assert "Beide Seiten per E-Mail vorgestellt" in page.text
    english = client.get(f"/en/account/matchmaking/{introduced.pk}/")
    assert "Both sides introduced by e-mail" in english.text


def test_loading_the_demo_twice_adds_no_requests(demo_content):
    call_command("load_demo_content")
    assert MatchRequest.objects.count() == 4
