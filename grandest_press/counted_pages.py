"""Pages the page cache keeps but counts: every request for a path in
RESPONSE_CACHE_COUNTED_PATHS (the API) counts against its client's rate limit
(grandest_press.rate_limit.ClientWindow), hit or miss.

Counting must not cost a hit more than the lookup itself. On Redis, both are one round
trip: a Lua script adds one to the client's count (the first request of a window sets
its expiry) and, unless that is over the limit, returns the content state and, when
this process holds no copy of the page (response_cache.LocalPages), the stored page.
On any other cache (local memory in development and tests) the count and the lookup
are the cache's usual calls, with the same outcome.

Why a redis-py client of our own: Django's cache has no public way to run a script.
One built with redis-py's `from_url()` from the cache's LOCATION and OPTIONS is public
API on both sides, and reads and writes exactly what Django's RedisCache does: keys
from `cache.make_key()`, integers stored as such (so `cache.incr()` and the script
update the same count), anything else pickled (RedisSerializer).
"""

import functools
import hashlib
import re
import threading

import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import NoScriptError

from grandest_press.cache import DEFAULT_OPTIONS
from grandest_press.circuit_breaker import CacheUnavailable
from grandest_press.content_state import breaker, cache
from grandest_press.rate_limit import COUNTED_ENVIRON_KEY, ClientWindow, api_rate_limited

# KEYS: the client's count, then the keys to read; ARGV: the window's timeout, the limit.
COUNT_AND_GET = """
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then return {count} end
local found = {count}
for index = 2, #KEYS do found[index] = redis.call("GET", KEYS[index]) end
return found
"""

# Options that change how Django's client talks to Redis or encodes values: with any
# of them, counting goes through the cache's own calls.
_OWN_CLIENT_OPTIONS = {"serializer", "pool_class", "parser_class"}
_serializer = RedisSerializer()


@functools.cache
def _redis_target():
    """(URL, options) of the page cache's Redis, or None when the page cache is not the
    default cache (where counts are kept) on Django's Redis backend."""
    if getattr(settings, "RESPONSE_CACHE_ALIAS", "default") != "default":
        return None
    if not isinstance(cache(), RedisCache):
        return None
    params = settings.CACHES["default"]
    options = params.get("OPTIONS", {})
    if _OWN_CLIENT_OPTIONS & options.keys():
        return None
    location = params["LOCATION"]
    servers = re.split("[;,]", location) if isinstance(location, str) else location
    # The first server: where Django's backend writes, so where the counts are.
    return servers[0], {**DEFAULT_OPTIONS, **options}


_threads = threading.local()


def _script():
    """The counting script on this thread's connection to the page cache's Redis, or
    None (see _redis_target)."""
    target = _redis_target()
    if target is None:
        return None
    script = getattr(_threads, "script", None)
    if script is None or script.target is not target:
        if script is not None:
            script.client.close()
        url, options = target
        # A connection of the thread's own: no checkout from a pool and return to it
        # around the hit's one command (about a fifth of its cost in redis-py).
        client = redis.Redis.from_url(url, single_connection_client=True, **options)
        script = _threads.script = _CountingScript(client, target)
    return script


class _CountingScript:
    """COUNT_AND_GET run by its SHA1 (EVALSHA), loaded again when Redis does not know it
    (first use, a restarted Redis). As redis-py's Script, without its checks for
    pipelines on every call: a hit's only Redis command is this one."""

    def __init__(self, client, target):
        self.client = client
        self.target = target
        self.sha = hashlib.sha1(COUNT_AND_GET.encode()).hexdigest()

    def __call__(self, keys, args):
        try:
            return self.client.evalsha(self.sha, len(keys), *keys, *args)
        except NoScriptError:
            self.client.script_load(COUNT_AND_GET)
            return self.client.evalsha(self.sha, len(keys), *keys, *args)


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _redis_target.cache_clear()


def count_and_get(request, keys) -> dict | None:
    """Count `request` against its client's limit, then get `keys` from the page cache:
    {key: value} for those found, or None when the client is over its limit.

    The verdict is left in request.META (COUNTED_ENVIRON_KEY), where the API's
    middleware reads it instead of counting again; a request counted already (by the
    WSGI front) is not counted twice. Raises CacheUnavailable.
    """
    meta = request.META
    window = None if COUNTED_ENVIRON_KEY in meta else ClientWindow.of(request)
    script = _script() if window is not None else None
    if script is None:
        if api_rate_limited(request) is not None:
            return None
        return breaker.call(cache().get_many, keys)
    backend = cache()
    try:
        count, *values = breaker.call(
            script,
            [backend.make_key(window.key), *(backend.make_key(key) for key in keys)],
            [window.timeout, window.limit],
        )
    except CacheUnavailable:
        meta[COUNTED_ENVIRON_KEY] = None  # served rather than refused, as api_rate_limited
        raise
    if (wait := window.wait(count)) is not None:
        meta[COUNTED_ENVIRON_KEY] = wait
        return None
    meta[COUNTED_ENVIRON_KEY] = None
    return {
        key: _serializer.loads(value)
        for key, value in zip(keys, values, strict=True)
        if value is not None
    }
