"""Each dataset as a file: CSV for spreadsheets (UTF-8 with BOM, « ; »), or JSON with
its licence and source. Streamed: the releases' export grows with the years."""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from opendata.datasets import DATASETS_BY_SLUG, LICENCE_NAME, LICENCE_URL, PUBLISHER

CHUNK = 500
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


class Echo:
    """csv.writer's file: gives back what it is given."""

    def write(self, value):
        return value


def csv_rows(dataset, absolute):
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([header for header, _, _ in dataset.columns])
    for obj in dataset.queryset().iterator(chunk_size=CHUNK):
        record = dataset.record(obj, absolute)
        yield writer.writerow(
            ["" if (value := get(record)) is None else value for _, _, get in dataset.columns]
        )


def json_document(dataset, absolute, request):
    head = {
        "titre": dataset.title,
        "description": dataset.description,
        "producteur": PUBLISHER,
        "licence": {"nom": LICENCE_NAME, "url": LICENCE_URL},
        "source": absolute(request.get_full_path()),
        "api": absolute(reverse(dataset.api)),
        "genere_le": timezone.now().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "donnees": ['
    separator = "\n"
    for obj in dataset.queryset().iterator(chunk_size=CHUNK):
        yield separator + json.dumps(dataset.record(obj, absolute), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def export(request, dataset, file_format):
    """/donnees-ouvertes/<dataset>.csv or .json."""
    found = DATASETS_BY_SLUG.get(dataset)
    if found is None or file_format not in FORMATS:
        raise Http404
    absolute = request.build_absolute_uri
    if file_format == "csv":
        content = csv_rows(found, absolute)
    else:
        content = json_document(found, absolute, request)
    response = StreamingHttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.{file_format}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
