from django.urls import path

from communiques import feeds, views

app_name = "communiques"

urlpatterns = [
    path("", views.CommuniqueListView.as_view(), name="list"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("flux/<str:format>/", feeds.feed_view, name="feed"),
    path("flux/<str:scope>/<slug:slug>/<str:format>/", feeds.feed_view, name="scoped-feed"),
    path("contacts-presse/", views.PressContactListView.as_view(), name="contacts"),
    path("contacts-presse/service-presse.vcf", views.press_service_card, name="press-service-card"),
    path(
        "contacts-presse/service-presse.svg",
        views.press_service_card,
        {"as_qr": True},
        name="press-service-qr",
    ),
    path("contacts-presse/<int:pk>/carte.vcf", views.contact_card, name="contact-card"),
    path(
        "contacts-presse/<int:pk>/carte.svg",
        views.contact_card,
        {"as_qr": True},
        name="contact-qr",
    ),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("apercu/<str:token>/", views.preview, name="preview"),
    path("<slug:slug>/", views.CommuniqueDetailView.as_view(), name="detail"),
    path("<slug:slug>/kit-presse/", views.press_kit, name="kit"),
    path("<slug:slug>/pdf/", views.communique_pdf, name="pdf"),
    path("<slug:slug>/documents/<int:pk>/", views.attachment, name="attachment"),
]
