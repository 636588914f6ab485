"""A URLconf that mounts the site under /ailleurs/, for tests of URL reversing."""

from django.urls import include, path

urlpatterns = [path("ailleurs/", include("grandest_press.urls"))]
