from django.shortcuts import render
from django.views.generic import TemplateView

from opendata.api import api
from opendata.datasets import DATASETS, LICENCE_NAME, LICENCE_URL


class OpenDataView(TemplateView):
    """« Données ouvertes »: the datasets, their files and columns, the API, the licence."""

    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            datasets=DATASETS, licence_name=LICENCE_NAME, licence_url=LICENCE_URL, **kwargs
        )


def operations(schema):
    """(path, method, operation) of the OpenAPI schema, in its order."""
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def api_documentation(request):
    """The API's reference, written on the server from its OpenAPI schema: nothing is
    loaded from another site (the CSP forbids it)."""
    schema = api.get_openapi_schema()
    return render(
        request,
        "opendata/api_documentation.html",
        {
            "schema": schema,
            "operations": list(operations(schema)),
            "components": schema["components"]["schemas"],
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
        },
    )
