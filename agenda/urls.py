from django.urls import path

from agenda import feeds, views

app_name = "agenda"

urlpatterns = [
    path("", views.AgendaListView.as_view(), name="list"),
    path("flux/<str:format>/", feeds.feed_view, name="feed"),
    path("calendrier.ics", views.calendar_feed, name="calendar"),
    path("calendriers/<str:scope>/<slug:slug>.ics", views.calendar_feed, name="scoped-calendar"),
    path("<slug:slug>/", views.InvitationDetailView.as_view(), name="detail"),
    path("<slug:slug>/invitation.ics", views.invitation_ics, name="ics"),
    path("<slug:slug>/pdf/", views.invitation_pdf, name="pdf"),
]
