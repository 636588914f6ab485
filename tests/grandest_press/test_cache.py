import environ
from django.core.cache.backends.redis import RedisCache as BuiltinRedisCache

from grandest_press.cache import RedisCache
from tests.tools import require_redis


def make_cache(url="redis://127.0.0.1:6379/15"):
    return RedisCache(url, {})


def test_it_is_djangos_builtin_redis_backend():
    assert issubclass(RedisCache, BuiltinRedisCache)


def test_one_redis_client_serves_every_operation():
    # Building a client opens no connection: no Redis server is needed here.
    cache = make_cache()

    assert cache._cache.get_client("a") is cache._cache.get_client("b", write=True)


def test_values_round_trip_through_a_real_redis():
    cache = make_cache(environ.Env.cache_url_config(require_redis())["LOCATION"])

    cache.set("test:cache:round-trip", {"titre": "Pacte Offensive Croissance Emploi"}, 10)
    try:
        assert cache.get("test:cache:round-trip") == {"titre": "Pacte Offensive Croissance Emploi"}
    finally:
        cache.delete("test:cache:round-trip")
