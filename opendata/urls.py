from django.urls import path

from opendata import catalogue, exports, views
from opendata.api import api

app_name = "opendata"

urlpatterns = [
    path("api/v1/documentation/", views.api_documentation, name="api-documentation"),
    path("api/v1/", api.urls),
    path("donnees-ouvertes/", views.OpenDataView.as_view(), name="index"),
    path(
        "donnees-ouvertes/<slug:dataset>.<str:file_format>",
        exports.export,
        name="export",
    ),
    path("catalogue.jsonld", catalogue.catalogue, name="catalogue"),
]
