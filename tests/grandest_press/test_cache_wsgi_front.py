"""The WSGI front of the page cache: hits answered before Django."""

import pytest
from django.urls import reverse

from tests.factories import make_communique, make_staff_user
from tests.html import page_text
from tests.wsgi_client import WsgiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


class TestWsgiFront:
    """The WSGI application answers hits itself; the rest reaches Django."""

    def test_a_hit_never_reaches_django_and_matches_the_middleware_hit(
        self, client, page_cache, django_assert_num_queries
    ):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        reader = WsgiClient()
        first = reader.get(url)
        assert (first["X-Cache"], reader.handled_by_django) == ("MISS", 1)
        with django_assert_num_queries(0):
            hit = reader.get(url, headers={"X-Request-ID": "lb-trace-7"})
        assert (hit["X-Cache"], reader.handled_by_django) == ("HIT", 1)
        assert hit.status_code == 200
        assert hit.content == first.content
        middleware_hit = client.get(url)
        assert middleware_hit["X-Cache"] == "HIT"
        assert hit.content == middleware_hit.content
        ignored = {"X-Request-ID"}
        assert {k: v for k, v in hit.items() if k not in ignored} == {
            k: v for k, v in middleware_hit.items() if k not in ignored
        }
        assert hit["X-Request-ID"] == "lb-trace-7"
        assert reader.get(url)["X-Request-ID"] not in {"lb-trace-7", first["X-Request-ID"]}

    def test_a_miss_is_looked_up_once_and_stored(self, page_cache, monkeypatch):
        from grandest_press import response_cache

        make_communique(title="Signature du POCE")
        lookups = []
        real_lookup = response_cache.AnonymousResponseCacheMiddleware.lookup
        monkeypatch.setattr(
            response_cache.AnonymousResponseCacheMiddleware,
            "lookup",
            staticmethod(lambda key, *counted: lookups.append(key) or real_lookup(key, *counted)),
        )
        reader = WsgiClient()
        assert reader.get(reverse("communiques:list"))["X-Cache"] == "MISS"
        assert len(lookups) == 1
        assert reader.get(reverse("communiques:list"))["X-Cache"] == "HIT"

    def test_not_found_pages_are_served_from_the_front_too(self, page_cache):
        reader = WsgiClient()
        assert reader.get("/communiques/inconnu/").status_code == 404
        again = reader.get("/communiques/inconnu/")
        assert (again.status_code, again["X-Cache"], reader.handled_by_django) == (404, "HIT", 1)

    def test_head_is_cached_apart_from_get(self, page_cache):
        make_communique(title="Signature du POCE")
        reader = WsgiClient()
        url = reverse("communiques:list")
        assert reader.get(url)["X-Cache"] == "MISS"
        assert reader.head(url)["X-Cache"] == "MISS"
        assert reader.head(url)["X-Cache"] == "HIT"
        assert reader.handled_by_django == 2

    def test_staff_reach_django_and_are_never_served_cached_pages(self, client, page_cache):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        WsgiClient().get(url)
        client.force_login(make_staff_user(group="Rédaction"))
        staff = WsgiClient(cookies={"sessionid": client.cookies["sessionid"].value})
        response = staff.get(url)
        assert "X-Cache" not in response
        assert staff.handled_by_django == 1

    def test_conditional_requests_get_their_304_from_django(self, page_cache):
        communique = make_communique()
        reader = WsgiClient()
        etag = reader.get(communique.get_absolute_url())["ETag"]
        response = reader.get(communique.get_absolute_url(), headers={"If-None-Match": etag})
        assert (response.status_code, reader.handled_by_django) == (304, 2)

    def test_a_host_not_allowed_gets_django_s_400(self, page_cache):
        reader = WsgiClient()
        for _ in range(2):
            response = reader.get(reverse("home"), headers={"Host": "pirate.example"})
            assert response.status_code == 400
        assert reader.handled_by_django == 2

    def test_switched_off_by_setting(self, page_cache, settings):
        settings.RESPONSE_CACHE_ENABLED = False
        reader = WsgiClient()
        reader.get(reverse("home"))
        assert "X-Cache" not in reader.get(reverse("home"))
        assert reader.handled_by_django == 2

    def test_a_broken_cache_is_tried_once_per_request(self, page_cache, monkeypatch, caplog):
        from grandest_press import response_cache

        make_communique(title="Toujours en ligne")
        attempts = []

        def broken(key, counted_request=None):
            attempts.append(key)
            raise ConnectionError("Redis est arrêté")

        monkeypatch.setattr(
            response_cache.AnonymousResponseCacheMiddleware, "lookup", staticmethod(broken)
        )
        response = WsgiClient().get(reverse("communiques:list"))
        assert response.status_code == 200
        assert "Toujours en ligne" in page_text(response)
        assert "X-Cache" not in response
        assert len(attempts) == 1
        assert [r.message for r in caplog.records] == ["Response cache unavailable"]
