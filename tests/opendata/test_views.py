import pytest
from django.urls import reverse

from opendata.datasets import DATASETS_BY_SLUG
from tests.factories import make_organisation, make_staff_user
from tests.html import normalise, page_text, soup

pytestmark = pytest.mark.django_db


def test_the_open_data_page_states_the_licence(client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    licence = soup(response).find("a", rel="license")
    assert normalise(licence.get_text()) == "Licence Ouverte / Etalab 2.0"
    assert licence["href"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def test_the_open_data_page_links_each_file_and_documents_its_columns(client):
    page = soup(client.get(reverse("opendata:index")))
    links = {a["href"] for a in page.find_all("a", download=True)}
    for dataset in ("communiques", "invitations", "pactes", "organisations", "personnalites"):
        for file_format in ("csv", "json"):
            assert (
                reverse("opendata:export", kwargs={"dataset": dataset, "file_format": file_format})
                in links
            )
    releases = page.find(id="communiques")
    headers = [code.get_text() for code in releases.select("table td:first-child code")]
    assert headers[:4] == ["id", "slug", "url", "titre"]


def test_the_open_data_page_documents_every_invitations_column(client):
    section = soup(client.get(reverse("opendata:index"))).find(id="invitations")
    assert normalise(section.find("h3").get_text()) == "Invitations presse"
    rows = {
        row.find("code").get_text(): normalise(row.find_all("td")[1].get_text())
        for row in section.select("table tbody tr")
    }
    assert list(rows) == [header for header, _, _ in DATASETS_BY_SLUG["invitations"].columns]
    assert rows["debut"].startswith("Début de l'événement, heure de Paris")
    assert "postponed (reporté)" in rows["etat_evenement"]
    assert section.find("code", string=reverse("opendata:api:invitations-list")) is not None


def test_the_footer_links_the_open_data_page(client):
    footer = soup(client.get(reverse("home"))).find("footer")
    link = footer.find("a", string="Données ouvertes")
    assert link["href"] == reverse("opendata:index")


def test_the_api_documentation_lists_every_operation_and_its_filters(client):
    response = client.get(reverse("opendata:api-documentation"))
    assert response.status_code == 200
    text = page_text(response)
    assert "GET /api/v1/communiques/" in text
    assert "GET /api/v1/pactes/{slug}/" in text
    filters = soup(response).find(id="opendata_api_release_list").find("table")
    names = [row.find("code").get_text() for row in filters.find("tbody").find_all("tr")]
    assert names == [
        "theme",
        "annee",
        "mois",
        "organisation",
        "pacte",
        "type",
        "personne",
        "q",
        "curseur",
        "limite",
    ]


def test_the_api_documentation_loads_nothing_from_another_site(client):
    page = soup(client.get(reverse("opendata:api-documentation")))
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in page.find_all(tag):
            address = element.get(attribute, "")
            assert not address.startswith(("http", "//")) or address.startswith(
                "http://testserver"
            ), address


def test_the_admin_shows_an_organisation_territory_codes(client):
    client.force_login(make_staff_user(superuser=True))
    organisation = make_organisation(kind="commune", insee_code="51108")
    response = client.get(reverse("admin:partners_organisation_change", args=[organisation.pk]))
    form = soup(response)
    assert form.find("input", attrs={"name": "insee_code"})["value"] == "51108"
    assert form.find("input", attrs={"name": "region_code"}) is not None
