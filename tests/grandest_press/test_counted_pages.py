"""Counted pages (the API): on Redis, counting a request and looking its page up are one
round trip; with the cache down, readers are served, never refused."""

import pytest
from django.urls import reverse

from grandest_press import counted_pages
from tests.factories import make_communique
from tests.tools import require_redis
from tests.wsgi_client import WsgiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "grandest_press.cache.RedisCache",
            "LOCATION": require_redis(),
            "KEY_PREFIX": "tests-counted-pages",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_a_hit_on_redis_is_one_script_call_and_nothing_else(redis_cache, monkeypatch):
    from django.core.cache import caches

    make_communique()
    url = reverse("opendata:api:release-list")
    reader = WsgiClient()
    reader.get(url)
    calls = []
    script = counted_pages._script()

    monkeypatch.setattr(
        counted_pages,
        "_script",
        lambda: lambda keys, args: calls.append(keys) or script(keys, args),
    )
    backend = caches["default"]
    for name in ("get", "get_many", "incr", "add", "set"):
        monkeypatch.setattr(backend, name, lambda *args, name=name: calls.append(name))
    hit = reader.get(url)
    assert hit["X-Cache"] == "HIT"
    # The count and the content state: the page itself is this process's copy.
    ((count_key, *read),) = calls
    assert count_key.startswith(backend.make_key("api-rate:127.0.0.1:"))
    assert read == [backend.make_key("response-cache:state")]


def test_the_count_is_the_one_django_s_cache_reads(redis_cache, settings):
    settings.API_RATE_LIMIT = 5
    url = reverse("opendata:api:release-list")
    reader = WsgiClient()
    for _ in range(3):
        reader.get(url)
    import redis

    (key,) = redis.Redis.from_url(require_redis()).keys("tests-counted-pages:*:api-rate:*")
    assert redis_cache.get(key.decode().split(":", 2)[2]) == 3


def test_with_the_cache_down_a_counted_page_is_served_uncached(broken_cache, caplog):
    make_communique(title="Toujours en ligne")
    response = WsgiClient().get(reverse("opendata:api:release-list"))
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert [r.message for r in caplog.records] == ["Response cache unavailable"]


@pytest.mark.usefixtures("own_redis")
def test_a_redis_that_does_not_know_the_script_is_taught_it(settings):
    """A fresh or restarted Redis has no scripts: the first count loads it."""
    settings.API_RATE_LIMIT = 2
    url = reverse("opendata:api:release-list")
    reader = WsgiClient()
    statuses = [reader.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
