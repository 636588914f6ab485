"""The data catalogue in DCAT-AP (JSON-LD), as open data portals harvest it: each
dataset with its distributions (the API, CSV and JSON files), licence, publisher,
update frequency and last modification."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from opendata.datasets import (
    DATASETS,
    LICENCE_NAME,
    LICENCE_URL,
    PUBLISHER,
    last_modified,
)

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:license": {"@type": "@id"},
    "dct:accrualPeriodicity": {"@type": "@id"},
    "dct:language": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:endpointURL": {"@type": "@id"},
    "dcat:endpointDescription": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dcat:mediaType": {"@type": "@id"},
    "dct:format": {"@type": "@id"},
    "foaf:homepage": {"@type": "@id"},
    "vcard:hasEmail": {"@type": "@id"},
}
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
FRENCH = "http://publications.europa.eu/resource/authority/language/FRA"


def publisher(absolute):
    return {
        "@id": absolute(reverse("home")) + "#producteur",
        "@type": "foaf:Agent",
        "foaf:name": PUBLISHER,
        "foaf:homepage": absolute(reverse("home")),
    }


def licence():
    return {"@id": LICENCE_URL, "@type": "dct:LicenseDocument", "dct:title": LICENCE_NAME}


def distribution(dataset, absolute, *, kind, url, title, media_type, file_type):
    node = {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": url,
        "dcat:mediaType": MEDIA_TYPE + media_type,
        "dct:format": FILE_TYPE + file_type,
        "dct:license": LICENCE_URL,
    }
    if kind == "file":
        node["dcat:downloadURL"] = url
    return node


def dataset_node(dataset, absolute, modified):
    page = absolute(reverse("opendata:index")) + f"#{dataset.slug}"
    api = absolute(reverse(dataset.api))
    files = {
        file_format: absolute(
            reverse("opendata:export", kwargs={"dataset": dataset.slug, "file_format": file_format})
        )
        for file_format in ("csv", "json")
    }
    node = {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dct:publisher": {"@id": publisher(absolute)["@id"]},
        "dct:license": LICENCE_URL,
        "dct:language": FRENCH,
        "dct:accrualPeriodicity": FREQUENCY + dataset.frequency,
        "dcat:landingPage": page,
        "dcat:keyword": ["Région Grand Est", "presse", dataset.title],
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": PUBLISHER,
            "vcard:hasURL": absolute(reverse("communiques:contacts")),
        },
        "dcat:distribution": [
            distribution(
                dataset,
                absolute,
                kind="api",
                url=api,
                title=f"{dataset.title} : API JSON",
                media_type="application/json",
                file_type="JSON",
            ),
            distribution(
                dataset,
                absolute,
                kind="file",
                url=files["csv"],
                title=f"{dataset.title} : fichier CSV",
                media_type="text/csv",
                file_type="CSV",
            ),
            distribution(
                dataset,
                absolute,
                kind="file",
                url=files["json"],
                title=f"{dataset.title} : fichier JSON",
                media_type="application/json",
                file_type="JSON",
            ),
        ],
    }
    if modified:
        node["dct:modified"] = modified.isoformat()
    return node


def build(absolute) -> dict:
    modified = last_modified()
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Données ouvertes de l’espace presse de la Région Grand Est",
        "dct:description": (
            "Communiqués de presse, invitations presse, pactes territoriaux, organisations, "
            "personnalités, thèmes et contacts presse, sous Licence Ouverte / Etalab 2.0."
        ),
        "dct:publisher": publisher(absolute),
        "dct:license": licence(),
        "dct:language": FRENCH,
        "dct:modified": timezone.now().isoformat(),
        "foaf:homepage": absolute(reverse("opendata:index")),
        "dcat:service": {
            "@id": absolute(reverse("opendata:api:openapi-json")),
            "@type": "dcat:DataService",
            "dct:title": "API des données ouvertes (OpenAPI 3.1)",
            "dcat:endpointURL": absolute(reverse("opendata:api:api-root")),
            "dcat:endpointDescription": absolute(reverse("opendata:api:openapi-json")),
            "dct:license": LICENCE_URL,
        },
        "dcat:dataset": [
            dataset_node(dataset, absolute, modified.get(dataset.slug)) for dataset in DATASETS
        ],
    }


def catalogue(request):
    document = build(request.build_absolute_uri)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
