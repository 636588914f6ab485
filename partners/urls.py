from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("pactes/", views.PactListView.as_view(), name="pact-list"),
    path("pactes/<slug:slug>/", views.PactDetailView.as_view(), name="pact-detail"),
    path(
        "pactes/<slug:slug>/documents/<int:pk>/",
        views.pact_attachment,
        name="pact-attachment",
    ),
    path("personnalites/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
]
