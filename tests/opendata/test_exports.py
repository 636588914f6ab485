import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata.datasets import DATASETS_BY_SLUG
from tests.factories import (
    make_communique,
    make_invitation,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_theme,
)

pytestmark = pytest.mark.django_db

BOM = "\ufeff"


def export_url(dataset, file_format):
    return reverse("opendata:export", kwargs={"dataset": dataset, "file_format": file_format})


def download(client, dataset, file_format):
    response = client.get(export_url(dataset, file_format))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode("utf-8")


def spreadsheet_rows(text):
    """The file as a French spreadsheet reads it: BOM first, « ; » between columns."""
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))


def test_releases_csv_opens_with_the_documented_columns_and_accents(client):
    theme = make_theme(name="Économie")
    speaker = make_person(first_name="Éléonore")
    communique = make_communique(
        title="Châlons : l’agglomération signe", themes=[theme], body="<p>Été ; « bilan »</p>"
    )
    make_quote(communique=communique, speaker=speaker)
    response, text = download(client, "communiques", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = spreadsheet_rows(text)
    assert list(row) == [
        "id", "slug", "url", "titre", "chapeau", "texte", "publie_le", "modifie_le", "lieu",
        "date_evenement", "themes", "pactes", "organisations", "personnes_citees",
    ]  # fmt: skip
    assert row["titre"] == "Châlons : l’agglomération signe"
    # The body is stored with French typography (narrow no-break spaces).
    assert row["texte"] == "Été\u202f; «\u202fbilan\u202f»"
    assert row["themes"] == "Économie"
    assert row["personnes_citees"] == speaker.slug


def test_the_csv_names_its_licence_and_downloads_as_a_file(client):
    response, _ = download(client, "organisations", "csv")
    assert (
        response["Link"]
        == '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'
    )
    assert response["Content-Disposition"] == 'attachment; filename="organisations.csv"'


def test_organisations_csv_has_the_territory_codes(client):
    make_organisation(name="Région Grand Est", kind="region", siren="200052264", region_code="44")
    [row] = spreadsheet_rows(download(client, "organisations", "csv")[1])
    assert (row["siren"], row["code_region"], row["code_insee"]) == ("200052264", "44", "")


@pytest.mark.parametrize("dataset", DATASETS_BY_SLUG)
def test_each_json_export_states_its_licence_and_source(client, dataset):
    make_communique(themes=[make_theme()], pacts=[make_pact()])
    make_invitation(themes=[make_theme()])
    _, text = download(client, dataset, "json")
    document = json.loads(text)
    assert document["licence"] == {
        "nom": "Licence Ouverte / Etalab 2.0",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    }
    assert document["producteur"] == "Région Grand Est — service presse"
    assert document["source"] == "http://testserver" + export_url(dataset, "json")
    assert isinstance(document["donnees"], list)


def test_json_export_of_releases_is_the_api_record_of_each(client):
    make_communique(title="Pacte signé à Vitry-le-François")
    make_communique(title="Brouillon", published=False)
    _, text = download(client, "communiques", "json")
    [record] = json.loads(text)["donnees"]
    assert record["titre"] == "Pacte signé à Vitry-le-François"
    assert "citations" in record


def test_an_unknown_dataset_or_format_is_not_found(client):
    assert client.get(export_url("inconnu", "csv")).status_code == 404
    assert client.get(export_url("communiques", "xlsx")).status_code == 404


def test_the_export_query_count_does_not_grow_with_the_releases(
    client, django_assert_max_num_queries
):
    for _ in range(30):
        make_communique(themes=[make_theme()])
    with django_assert_max_num_queries(12):
        download(client, "communiques", "csv")


# Invitations ----------------------------------------------------------------------

INVITATION_COLUMNS = [
    "id", "slug", "url", "titre", "annonce", "debut", "fin", "etat_evenement", "debut_initial",
    "motif_etat", "lieu", "adresse", "programme", "themes", "territoires", "pacte",
    "intervenants", "accreditation_avant_le", "modalites_accreditation", "contacts_presse",
    "communique_lie", "communique_apres_evenement", "calendrier", "publie_le", "modifie_le",
]  # fmt: skip


def postponed_signing():
    """A postponed event, in September (UTC+2 in Paris), with everything a row shows."""
    speaker = make_person(first_name="Éléonore", last_name="Lévêque")
    mandate = make_mandate(
        person=speaker,
        organisation=make_organisation(name="Région Grand Est", kind="region"),
        title="Présidente",
    )
    invitation = make_invitation(
        title="Signature du pacte : l’agglomération « Cœur de Lorraine »",
        starts_at=datetime.datetime(2030, 9, 15, 9, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 9, 15, 10, 30, tzinfo=datetime.UTC),
        previous_starts_at=datetime.datetime(2030, 9, 8, 9, 0, tzinfo=datetime.UTC),
        event_status="postponed",
        event_status_note="Visite ministérielle déplacée.",
        place_name="Hôtel de Région",
        place_address="1 place Adrien-Zeller, 67000 Strasbourg",
        accreditation_deadline=datetime.datetime(2030, 9, 14, 16, 0, tzinfo=datetime.UTC),
        themes=[make_theme(name="Économie")],
        territories=[make_organisation(slug="coeur-de-lorraine")],
        pact=make_pact(),
        speakers=[speaker],
        contacts=[
            make_press_contact(
                name="Sandrine Poirier", email="presse@grandest.fr", phones=["0684801148"]
            )
        ],
        follow_up_release=make_communique(),
        related_release=make_communique(published=False),
    )
    return invitation, mandate


def test_invitations_csv_opens_with_the_documented_columns_and_accents(client):
    invitation, _ = postponed_signing()
    response, text = download(client, "invitations", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="invitations.csv"'
    [row] = spreadsheet_rows(text)
    assert list(row) == INVITATION_COLUMNS
    assert row["titre"] == "Signature du pacte : l’agglomération « Cœur de Lorraine »"
    assert row["url"] == "http://testserver" + invitation.get_absolute_url()
    assert row["calendrier"] == "http://testserver" + invitation.get_ics_url()


def test_the_invitations_csv_gives_the_event_at_paris_time_with_its_first_date(client):
    postponed_signing()
    [row] = spreadsheet_rows(download(client, "invitations", "csv")[1])
    assert (row["debut"], row["fin"]) == ("2030-09-15T11:00:00+02:00", "2030-09-15T12:30:00+02:00")
    assert row["etat_evenement"] == "postponed"
    assert row["debut_initial"] == "2030-09-08T11:00:00+02:00"
    assert row["motif_etat"] == "Visite ministérielle déplacée."
    assert row["accreditation_avant_le"] == "2030-09-14T18:00:00+02:00"


def test_the_invitations_csv_names_speakers_with_their_role_and_the_contacts(client):
    _, mandate = postponed_signing()
    [row] = spreadsheet_rows(download(client, "invitations", "csv")[1])
    assert row["intervenants"] == f"Éléonore Lévêque, {mandate.role_label}"
    assert row["contacts_presse"].startswith("Sandrine Poirier, ")
    assert row["contacts_presse"].endswith(", presse@grandest.fr, +33684801148")
    assert (row["themes"], row["territoires"]) == ("Économie", "coeur-de-lorraine")


def test_the_invitations_csv_links_the_pact_and_only_a_public_release(client):
    invitation, _ = postponed_signing()
    [row] = spreadsheet_rows(download(client, "invitations", "csv")[1])
    assert row["pacte"] == invitation.pact.slug
    follow_up = invitation.follow_up_release.get_absolute_url()
    assert row["communique_apres_evenement"] == "http://testserver" + follow_up
    assert row["communique_lie"] == ""  # a draft, never named


def test_the_invitations_exports_hold_published_invitations_only(client):
    make_invitation(title="Signature du POCE")
    make_invitation(title="Brouillon", published=False)
    make_invitation(title="En relecture", published=False, status="review")
    make_invitation(
        title="Sous embargo", published_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    )
    titles = [row["titre"] for row in spreadsheet_rows(download(client, "invitations", "csv")[1])]
    assert titles == ["Signature du POCE"]
    document = json.loads(download(client, "invitations", "json")[1])
    assert [record["titre"] for record in document["donnees"]] == ["Signature du POCE"]


def test_json_export_of_invitations_is_the_api_record_of_each(client):
    invitation, mandate = postponed_signing()
    document = json.loads(download(client, "invitations", "json")[1])
    assert document["api"] == "http://testserver" + reverse("opendata:api:invitations-list")
    [record] = document["donnees"]
    api = client.get(reverse("opendata:api:invitations-detail", args=[invitation.slug])).json()
    assert record.keys() == api.keys()
    assert record["intervenants"][0]["fonction"] == mandate.role_label
    assert record["programme"] == api["programme"]


def export_queries(client, dataset, file_format):
    with CaptureQueriesContext(connection) as queries:
        download(client, dataset, file_format)
    return len(queries)


def full_invitation():
    speaker = make_person()
    make_mandate(person=speaker)
    make_invitation(
        themes=[make_theme()],
        territories=[make_organisation()],
        speakers=[speaker],
        contacts=[make_press_contact(phones=["0684801148"])],
        pact=make_pact(),
        related_release=make_communique(),
        follow_up_release=make_communique(),
    )


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_invitations_export_query_count_does_not_grow(client, file_format):
    full_invitation()
    small = export_queries(client, "invitations", file_format)
    for _ in range(15):
        full_invitation()
    assert export_queries(client, "invitations", file_format) == small
