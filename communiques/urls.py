from django.urls import path

from communiques import views

app_name = "communiques"

urlpatterns = [
    path("", views.CommuniqueListView.as_view(), name="list"),
    path("contacts-presse/", views.PressContactListView.as_view(), name="contacts"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("apercu/<str:token>/", views.preview, name="preview"),
    path("<slug:slug>/", views.CommuniqueDetailView.as_view(), name="detail"),
]
