"""German compounds are found by their parts ("Leerstand" finds "Leerstandsbörse",
"Planung" finds "Wärmeplanung") on every backend: pages index the known parts of their
compounds (``search.compounds``, ``BasePage.search_compound_parts``)."""

import pytest

from home.models.base import COMPOUND_PARTS_FIELD
from search import content_types
from search.compounds import compound_parts
from tests.search.conftest import search, titles


def test_compounds_yield_their_known_parts():
    assert compound_parts(["Digitale Leerstandsbörse"]) == ["leerstand", "börse"]
    assert compound_parts(["Kommunale Wärmeplanung"]) == ["wärme", "planung"]
    assert compound_parts(["<p>Umweltsensoren am <b>Parkleitsystem</b></p>"]) == [
        "umwelt",
        "sensor",
        "leitsystem",
        "system",
    ]


def test_inflections_short_words_and_unknown_parts_yield_nothing():
    # "digitale" is "digital" inflected, "stadtwerke" "stadtwerk": the stemmers' work.
    assert compound_parts(["Digitale Stadtwerke"]) == ["stadt"]
    assert compound_parts(["Daten", "Netz", "Beispielhausen"]) == []
    assert compound_parts([""]) == []


def test_each_part_is_named_once_in_order_of_appearance():
    assert compound_parts(["Wärmeplanung", "Wärmenetze und Wasserzähler"]) == [
        "wärme",
        "planung",
        "netz",
        "wasser",
        "zähler",
    ]


def test_every_searchable_page_type_indexes_its_compound_parts():
    missing = [
        model.__name__
        for model in content_types.searchable_page_models()
        if COMPOUND_PARTS_FIELD not in {field.field_name for field in model.search_fields}
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_page_indexes_the_parts_of_all_its_searched_texts(make_page):
    page = make_page("Digitale Leerstandsbörse", intro="Kommunale Wärmeplanung im Quartier.")

    assert page.search_compound_parts().split() == ["leerstand", "börse", "wärme", "planung"]


@pytest.mark.django_db
def test_the_parts_of_a_compound_find_it_on_every_backend(client, search_backend, make_page):
    make_page("Digitale Leerstandsbörse", intro="Kommunale Wärmeplanung im Quartier.")
    make_page("Wasser und Forst", intro="Ein Bericht aus dem Wald.")
    search_backend.refresh()

    for query in ["Leerstand", "Börse", "Planung", "Wärme"]:
        _, outcome = search(client, query)
        assert titles(outcome) == ["Digitale Leerstandsbörse"], query


@pytest.mark.django_db
def test_a_whole_compound_still_asks_for_itself(client, search_backend, make_page):
    make_page("Digitale Leerstandsbörse", intro="Freie Läden auf einen Blick.")
    make_page("Leerstand in der Innenstadt", intro="Was Städte tun können.")
    search_backend.refresh()

    _, outcome = search(client, "Leerstandsbörse")

    assert titles(outcome) == ["Digitale Leerstandsbörse"]
