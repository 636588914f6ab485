"""The DCAT-AP catalogue: valid JSON-LD (expanded offline by pyld, its context being
inline), with what DCAT-AP requires of a catalogue, its datasets and distributions."""

import datetime
import json

import pytest
from django.urls import reverse
from pyld import jsonld

from tests.factories import make_communique, make_invitation

pytestmark = pytest.mark.django_db

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def refuse_remote_documents(url, options=None):
    raise AssertionError(f"the catalogue must not need a remote document: {url}")


@pytest.fixture
def catalogue(client):
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def expanded(document):
    return jsonld.expand(document, {"documentLoader": refuse_remote_documents})


def nodes_of_type(graph, rdf_type):
    return [node for node in graph if DCAT + rdf_type in node.get("@type", [])]


def values(node, prop):
    return [item.get("@value", item.get("@id")) for item in node.get(prop, [])]


def flattened(document):
    return jsonld.flatten(document, None, {"documentLoader": refuse_remote_documents})


def test_the_catalogue_is_json_ld_with_an_inline_context(catalogue):
    assert catalogue["@context"]["dcat"] == DCAT
    assert catalogue["@type"] == "dcat:Catalog"
    [node] = expanded(catalogue)
    assert node["@type"] == [DCAT + "Catalog"]


def test_the_catalogue_has_what_dcat_ap_requires(catalogue):
    graph = flattened(catalogue)
    [catalog] = nodes_of_type(graph, "Catalog")
    for prop in ("title", "description", "publisher", "license"):
        assert values(catalog, DCT + prop), prop
    assert len(values(catalog, DCAT + "dataset")) == 7


def test_each_dataset_has_its_licence_publisher_frequency_and_three_distributions(catalogue):
    graph = flattened(catalogue)
    datasets = nodes_of_type(graph, "Dataset")
    distributions = {node["@id"]: node for node in nodes_of_type(graph, "Distribution")}
    assert {values(d, DCT + "identifier")[0] for d in datasets} == {
        "communiques",
        "invitations",
        "pactes",
        "organisations",
        "personnalites",
        "themes",
        "contacts-presse",
    }
    for dataset in datasets:
        for prop in ("title", "description", "publisher", "accrualPeriodicity"):
            assert values(dataset, DCT + prop), prop
        assert values(dataset, DCT + "license") == [LICENCE]
        parts = [distributions[ref] for ref in values(dataset, DCAT + "distribution")]
        media_types = sorted(values(part, DCAT + "mediaType")[0] for part in parts)
        assert [media.split("media-types/")[1] for media in media_types] == [
            "application/json", "application/json", "text/csv",
        ]  # fmt: skip
        assert [bool(values(part, DCAT + "accessURL")) for part in parts] == [True] * 3
        assert len([part for part in parts if values(part, DCAT + "downloadURL")]) == 2


@pytest.mark.parametrize(
    ("dataset", "make"), [("communiques", make_communique), ("invitations", make_invitation)]
)
def test_a_dataset_last_modification_is_its_latest_public_change(
    client, time_machine, dataset, make
):
    published = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(published, tick=False)
    make(published_at=published)
    time_machine.move_to(published + datetime.timedelta(days=1), tick=False)
    make(published=False)  # a draft changes nothing public
    make(published_at=published + datetime.timedelta(days=2))  # scheduled: not yet
    document = json.loads(client.get(reverse("opendata:catalogue")).content)
    [node] = [d for d in document["dcat:dataset"] if d["dct:identifier"] == dataset]
    assert datetime.datetime.fromisoformat(node["dct:modified"]) == published


@pytest.mark.parametrize("dataset", ["communiques", "invitations"])
def test_the_distributions_point_at_the_api_and_the_files(catalogue, client, dataset):
    [node] = [d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == dataset]
    assert (
        node["dcat:landingPage"] == "http://testserver" + reverse("opendata:index") + f"#{dataset}"
    )
    for distribution in node["dcat:distribution"]:
        path = distribution["dcat:accessURL"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200
