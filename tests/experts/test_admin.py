"""Editors find expert profiles in the admin (Beraterdatenbank), filter them and export
them for the office; the labels are German."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db

INDEX = "/admin/expert_profiles/"


@pytest.fixture
def profiles(make_expert):
    return [
        make_expert(name="Anna Person", kind="person", regions=["hessen"], languages=["de"]),
        make_expert(
            name="=Formel GmbH",
            kind="firma",
            availability="ausgebucht",
            contact_email="buero@formel.example.org",
            regions=["bundesweit"],
        ),
    ]


def test_editors_see_the_expert_database_in_german(client, admin_user, profiles):
    client.force_login(admin_user)
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beraterdatenbank" in html
    assert "Anna Person" in html and "=Formel GmbH" in html
    assert "Verfügbarkeit" in html  # a filter


def test_editors_filter_experts_by_kind_and_availability(client, admin_user, profiles):
    client.force_login(admin_user)
    html = client.get(INDEX, {"kind": "firma"}).content.decode()
    assert "=Formel GmbH" in html and "Anna Person" not in html
    html = client.get(INDEX, {"availability": "verfuegbar"}).content.decode()
    assert "Anna Person" in html and "=Formel GmbH" not in html


def test_export_is_a_spreadsheet_for_german_excel(client, admin_user, profiles):
    client.force_login(admin_user)
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert "Verfügbarkeit" in header and "Regionen" in header and "Art" in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    firm = by_name["'=Formel GmbH"]  # no formula
    assert firm["Art"] == "Beratungsunternehmen"
    assert firm["Regionen"] == "Bundesweit"
    assert firm["Verfügbarkeit"] == "Derzeit ausgebucht"
    assert by_name["Anna Person"]["Veröffentlicht"] == "Ja"


def test_people_without_admin_access_cannot_open_the_listing(client, verified_user, profiles):
    client.force_login(verified_user)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)


def test_the_language_filter_offers_all_and_the_languages(client, admin_user, profiles):
    client.force_login(admin_user)
    field = client.get(INDEX).context["filters"].form.fields["locale"]
    assert [value for value, _label in field.choices] == [None, "de", "en"]
    assert "---------" not in [str(label) for _value, label in field.choices]
    assert client.get(INDEX, {"locale": "de"}).status_code == 200
