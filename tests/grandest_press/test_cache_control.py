"""The Cache-Control headers of cached and uncached pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communiques.models import PreviewLink
from tests.factories import make_communique, make_staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


def _cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


class TestCacheControl:
    """Every response says how long a browser or a CDN may keep it."""

    def test_public_pages_may_be_kept_briefly_by_browsers_and_cdns(
        self, reader, page_cache, settings
    ):
        settings.RESPONSE_CACHE_PUBLIC_MAX_AGE = 45
        communique = make_communique(title="Signature du POCE")
        for url in [reverse("home"), communique.get_absolute_url()]:
            first = reader.get(url)
            hit = reader.get(url)
            assert hit["X-Cache"] == "HIT"
            for response in [first, hit]:
                assert _cache_control(response) == {"public", "max-age=45", "s-maxage=45"}
                assert response["ETag"]
        assert reader.get(communique.get_absolute_url())["Last-Modified"]

    def test_public_pages_say_it_with_the_page_cache_switched_off(self, client, settings):
        settings.RESPONSE_CACHE_ENABLED = False
        response = client.get(reverse("communiques:list"))
        assert _cache_control(response) == {"public", "max-age=60", "s-maxage=60"}

    def test_pages_shown_to_staff_are_never_kept(self, client, page_cache):
        make_communique(title="Signature du POCE")
        client.force_login(make_staff_user(group="Rédaction"))
        for url in [reverse("home"), reverse("admin:index")]:
            assert {"private", "no-store"} <= _cache_control(client.get(url)), url

    def test_embargo_previews_are_never_kept(self, client, page_cache):
        communique = make_communique(
            published=True, published_at=timezone.now() + datetime.timedelta(days=1)
        )
        link = PreviewLink.objects.create(
            communique=communique, recipient_name="Claire", email="claire@lunion.fr"
        )
        response = client.get(link.get_absolute_url())
        assert response.status_code == 200
        assert {"private", "no-store"} <= _cache_control(response)

    def test_forms_and_the_login_page_are_never_kept(self, client, page_cache):
        login = client.get(reverse("admin:login"))
        assert {"private", "no-store"} <= _cache_control(login)
        posted = client.post(reverse("communiques:list"), {"q": "POCE"})
        assert posted.status_code == 405
        assert {"private", "no-store"} <= _cache_control(posted)
