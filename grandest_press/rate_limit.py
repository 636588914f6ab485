"""Requests counted in the default cache, shared by the app servers when it is Redis."""

from django.core.cache import cache


def count_request(key: str, timeout: int) -> int:
    """Add one to the count kept under `key`; the first request creates it, for `timeout`
    seconds (a fixed window from that request, or the one the key names)."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)  # another worker created it meanwhile
