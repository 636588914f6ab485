import csv
import io
import json

import pytest
from django.urls import reverse

from tests.factories import (
    make_communique,
    make_organisation,
    make_pact,
    make_person,
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


@pytest.mark.parametrize(
    "dataset",
    ["communiques", "pactes", "organisations", "personnalites", "themes", "contacts-presse"],
)
def test_each_json_export_states_its_licence_and_source(client, dataset):
    make_communique(themes=[make_theme()], pacts=[make_pact()])
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
