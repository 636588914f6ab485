"""Fixtures of the page-cache tests.

`page_cache` runs each test on the local-memory cache and on Redis (the production
backend); Redis needs REDIS_URL (set by .ci/run), and is required when CI is set.
"""

import pytest

from tests.tools import require_redis
from tests.wsgi_client import WsgiClient


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "grandest_press.cache.RedisCache",
                "LOCATION": require_redis(),
                "KEY_PREFIX": "tests-response-cache",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture(params=["test-client", "wsgi"])
def reader(request, client):
    """An anonymous reader through Django's test client, or through the WSGI application
    gunicorn serves, whose front answers cache hits before Django."""
    return client if request.param == "test-client" else WsgiClient()


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
