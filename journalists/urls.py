from django.urls import path

from journalists import views

app_name = "journalists"

urlpatterns = [
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
