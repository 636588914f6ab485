"""CORS, the per-client rate limit and problem details around every API answer, and
the page cache that keeps answers while still counting every request.

The rate limit counts in the default cache: tested on the local-memory cache and on
Redis (the production backend, where a hit is counted in its one round trip;
REDIS_URL, required when CI is set)."""

import datetime
import json

import pytest
from django.urls import reverse

from tests.factories import make_communique, make_staff_user
from tests.tools import require_redis
from tests.wsgi_client import WsgiClient

pytestmark = pytest.mark.django_db

WINDOW_START = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(params=["locmem", "redis"])
def counter_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "grandest_press.cache.RedisCache",
                "LOCATION": require_redis(),
                "KEY_PREFIX": "tests-api-rate",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def limit_of_two(settings):
    settings.API_RATE_LIMIT = 2
    settings.API_RATE_WINDOW = 60


def release_list():
    return reverse("opendata:api:release-list")


@pytest.mark.usefixtures("counter_cache", "limit_of_two")
class TestRateLimit:
    def test_past_the_limit_the_client_gets_a_429_with_retry_after(self, client, time_machine):
        time_machine.move_to(WINDOW_START + datetime.timedelta(seconds=15), tick=False)
        assert client.get(release_list()).status_code == 200
        assert client.get(release_list()).status_code == 200
        refused = client.get(release_list())
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert refused["Content-Type"] == "application/problem+json"
        assert refused.json()["detail"] == (
            "Trop de requêtes depuis votre adresse : réessayez dans 45 secondes."
        )
        assert refused["Access-Control-Allow-Origin"] == "*"

    def test_the_next_window_serves_the_client_again(self, client, time_machine):
        time_machine.move_to(WINDOW_START, tick=False)
        for _ in range(3):
            client.get(release_list())
        time_machine.move_to(WINDOW_START + datetime.timedelta(seconds=61), tick=False)
        assert client.get(release_list()).status_code == 200

    def test_each_client_address_has_its_own_count(self, client, time_machine):
        time_machine.move_to(WINDOW_START, tick=False)
        for _ in range(3):
            client.get(release_list(), REMOTE_ADDR="192.0.2.1")
        assert client.get(release_list(), REMOTE_ADDR="192.0.2.2").status_code == 200

    def test_behind_a_proxy_the_forwarded_address_is_counted(self, client, settings, time_machine):
        settings.TRUSTED_PROXY_COUNT = 1
        time_machine.move_to(WINDOW_START, tick=False)
        for _ in range(3):
            client.get(release_list(), headers={"x-forwarded-for": "198.51.100.7"})
        other = client.get(release_list(), headers={"x-forwarded-for": "198.51.100.8"})
        assert other.status_code == 200

    @pytest.mark.usefixtures("response_cache_on")
    def test_a_429_is_never_served_from_the_page_cache(self, time_machine):
        reader = WsgiClient()
        time_machine.move_to(WINDOW_START, tick=False)
        for _ in range(3):
            refused = reader.get(release_list())
        assert refused.status_code == 429
        time_machine.move_to(WINDOW_START + datetime.timedelta(seconds=61), tick=False)
        served = reader.get(release_list())
        assert served.status_code == 200
        assert served["Content-Type"].startswith("application/json")

    def test_pages_outside_the_api_are_not_counted(self, client, time_machine):
        time_machine.move_to(WINDOW_START, tick=False)
        for _ in range(3):
            client.get(reverse("communiques:list"))
        assert client.get(release_list()).status_code == 200


@pytest.mark.usefixtures("counter_cache", "limit_of_two", "response_cache_on")
class TestPageCache:
    """The page cache keeps the API's answers, and every request still counts, whether
    the WSGI front serves it from the cache or Django renders it."""

    def test_a_hit_is_counted_and_the_next_request_refused(
        self, time_machine, django_assert_num_queries
    ):
        time_machine.move_to(WINDOW_START + datetime.timedelta(seconds=15), tick=False)
        make_communique(title="Premier")
        reader = WsgiClient()
        first = reader.get(release_list())
        assert (first["X-Cache"], reader.handled_by_django) == ("MISS", 1)
        with django_assert_num_queries(0):
            hit = reader.get(release_list())
        assert (hit["X-Cache"], reader.handled_by_django) == ("HIT", 1)
        assert hit.content == first.content
        assert hit["Access-Control-Allow-Origin"] == "*"
        refused = reader.get(release_list())
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert refused["Cache-Control"] == "no-store"
        assert refused["Content-Type"] == "application/problem+json"
        assert refused["Access-Control-Allow-Origin"] == "*"
        assert "X-Cache" not in refused

    def test_misses_are_counted_once_each(self, time_machine):
        time_machine.move_to(WINDOW_START, tick=False)
        reader = WsgiClient()
        statuses = [reader.get(f"{release_list()}?limite={n}").status_code for n in (1, 2, 3)]
        assert statuses == [200, 200, 429]

    def test_the_middleware_counts_its_own_hits(self, client, time_machine):
        time_machine.move_to(WINDOW_START, tick=False)
        assert client.get(release_list())["X-Cache"] == "MISS"
        assert client.get(release_list())["X-Cache"] == "HIT"
        assert client.get(release_list()).status_code == 429

    def test_each_client_address_has_its_own_count_on_hits(self, time_machine):
        time_machine.move_to(WINDOW_START, tick=False)
        reader = WsgiClient()
        for _ in range(3):
            reader.get(release_list(), REMOTE_ADDR="192.0.2.1")
        other = reader.get(release_list(), REMOTE_ADDR="192.0.2.2")
        assert (other.status_code, other["X-Cache"]) == (200, "HIT")

    def test_a_forwarded_address_is_counted_on_hits(self, settings, time_machine):
        settings.TRUSTED_PROXY_COUNT = 1
        time_machine.move_to(WINDOW_START, tick=False)
        reader = WsgiClient()
        for _ in range(3):
            reader.get(release_list(), headers={"x-forwarded-for": "198.51.100.7, 10.0.0.1"})
        refused = reader.get(release_list(), headers={"x-forwarded-for": "198.51.100.7"})
        assert refused.status_code == 200  # the proxy's own address is not the client's
        refused = reader.get(release_list(), headers={"x-forwarded-for": "10.0.0.1"})
        assert refused.status_code == 429


@pytest.mark.usefixtures("counter_cache", "response_cache_on")
class TestKeptAnswers:
    def test_a_published_release_is_in_the_next_answer(self):
        reader = WsgiClient()
        make_communique(title="Premier")
        reader.get(release_list())
        assert reader.get(release_list())["X-Cache"] == "HIT"
        make_communique(title="Second communiqué")
        served = reader.get(release_list())
        assert served["X-Cache"] == "MISS"
        titles = [found["titre"] for found in json.loads(served.content)["resultats"]]
        assert titles == ["Second communiqué", "Premier"]

    def test_an_invalid_query_is_refused_even_once_a_valid_one_is_kept(self):
        reader = WsgiClient()
        assert reader.get(f"{release_list()}?limite=5").status_code == 200
        for _ in range(2):
            refused = reader.get(f"{release_list()}?limite=cinq")
            assert refused.status_code == 400
            assert refused["Content-Type"] == "application/problem+json"
            assert "no-store" in refused["Cache-Control"]
            assert "X-Cache" not in refused

    def test_each_query_string_is_kept_apart(self):
        reader = WsgiClient()
        for title in ("Premier", "Second"):
            make_communique(title=title)
        reader.get(f"{release_list()}?limite=1")
        for limit in (2, 1):
            served = reader.get(f"{release_list()}?limite={limit}")
            assert len(json.loads(served.content)["resultats"]) == limit

    def test_a_304_from_the_cache_keeps_the_cors_headers(self):
        reader = WsgiClient()
        make_communique()
        etag = reader.get(release_list())["ETag"]
        not_modified = reader.get(release_list(), headers={"if-none-match": etag})
        assert not_modified.status_code == 304
        assert not_modified["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in not_modified["Access-Control-Expose-Headers"]

    def test_head_is_served_from_the_cache_without_the_body(self):
        reader = WsgiClient()
        make_communique()
        got = reader.get(release_list())
        reader.head(release_list())
        head = reader.head(release_list())
        assert (head.status_code, head["X-Cache"], head.content) == (200, "HIT", b"")
        assert head["Content-Length"] == str(len(got.content))

    def test_staff_get_the_answer_anyone_gets(self, client):
        make_communique()
        reader = WsgiClient()
        anonymous = reader.get(release_list())
        client.force_login(make_staff_user())
        staff = WsgiClient(cookies={"sessionid": client.cookies["sessionid"].value})
        served = staff.get(release_list())
        assert (served["X-Cache"], served.content) == ("HIT", anonymous.content)
        assert "Set-Cookie" not in served

    def test_a_preflight_request_is_answered_by_django(self):
        reader = WsgiClient()
        response = reader.get(
            release_list(),
            method="OPTIONS",
            headers={"origin": "https://exemple.fr", "access-control-request-method": "GET"},
        )
        assert (response.status_code, reader.handled_by_django) == (204, 1)
        assert response["Access-Control-Allow-Origin"] == "*"


def test_answers_may_be_kept_as_briefly_as_public_pages(client, settings):
    settings.RESPONSE_CACHE_PUBLIC_MAX_AGE = 45
    make_communique()
    response = client.get(release_list())
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=45", "s-maxage=45"}


def test_a_problem_is_never_kept(client):
    response = client.get(reverse("opendata:api:release-detail", args=["inconnu"]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_any_site_may_read_the_api_without_credentials(client):
    response = client.get(release_list(), headers={"origin": "https://exemple.fr"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_request_is_answered(client):
    response = client.options(
        release_list(),
        headers={"origin": "https://exemple.fr", "access-control-request-method": "GET"},
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_a_write_is_refused_as_a_problem(client):
    response = client.post(release_list(), {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("L’API est en lecture seule")


def test_a_head_request_gets_the_headers_of_the_get_without_the_body(client):
    make_communique()
    got = client.get(release_list())
    head = client.head(release_list())
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))
