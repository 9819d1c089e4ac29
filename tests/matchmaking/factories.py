"""Factories of the matchmaking tests."""

import factory

from tests.factories import UserFactory


class MatchRequestFactory(factory.django.DjangoModelFactory):
    requester = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Bedarf {n}")
    problem = "Wir suchen Unterstützung bei der Digitalisierung des Parkraums."
    municipality_size = "mittel"
    time_frame = "6_monate"
    organisation_name = "Stadt Musterstadt"

    class Meta:
        model = "matchmaking.MatchRequest"
