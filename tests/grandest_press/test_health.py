import logging
import threading
import time

import environ
import pytest
from django.urls import reverse

from tests.tools import require_redis

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connections are refused at once, as with a Redis that is down.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_health_answers_ok_for_database_and_cache(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_is_never_cached(client):
    response = client.get(reverse("health"))

    assert "no-store" in response["Cache-Control"]


def test_health_answers_200_degraded_naming_the_cache_when_redis_is_unreachable(client, settings):
    # Pages are then rendered uncached: the balancer must keep the server.
    settings.CACHES = UNREACHABLE_REDIS

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "dégradé",
        "database": "ok",
        "cache": "error",
        "reasons": ["cache injoignable : pages servies sans cache"],
    }


def test_health_failure_reason_goes_to_the_log_not_the_response(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("grandest_press.health")
    logger.addHandler(handler)
    try:
        response = client.get(reverse("health"))
    finally:
        logger.removeHandler(handler)

    assert b"refused" not in response.content.lower()
    [record] = records
    assert record.getMessage() == "Health check failed: cache"
    assert record.exc_info[0].__name__ == "ConnectionError"


def test_health_is_reachable_over_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("home")).status_code == 301


def test_health_refuses_post(client):
    assert client.post(reverse("health")).status_code == 405


def test_health_answers_ok_with_a_real_redis(client, settings):
    settings.CACHES = {"default": environ.Env.cache_url_config(require_redis())}

    response = client.get(reverse("health"))

    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_says_cache_error_at_once_when_redis_hangs(client, own_redis):
    own_redis.hang()
    # However long a client would wait, the server answers again after 5 s.
    watchdog = threading.Timer(5, own_redis.wake)
    watchdog.start()
    try:
        started = time.monotonic()
        response = client.get(reverse("health"))
        elapsed = time.monotonic() - started
    finally:
        watchdog.cancel()
    assert response.status_code == 200
    assert response.json()["cache"] == "error"
    assert elapsed < 1
