from django.urls import path

from communiques import feeds, views

app_name = "communiques"

urlpatterns = [
    path("", views.CommuniqueListView.as_view(), name="list"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("flux/<str:format>/", feeds.feed_view, name="feed"),
    path("flux/<str:scope>/<slug:slug>/<str:format>/", feeds.feed_view, name="scoped-feed"),
    path("contacts-presse/", views.PressContactListView.as_view(), name="contacts"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("apercu/<str:token>/", views.preview, name="preview"),
    path("<slug:slug>/", views.CommuniqueDetailView.as_view(), name="detail"),
    path("<slug:slug>/kit-presse/", views.press_kit, name="kit"),
    path("<slug:slug>/documents/<int:pk>/", views.attachment, name="attachment"),
]
