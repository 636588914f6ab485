"""Requests counted in the default cache, shared by the app servers when it is Redis,
and the API's per-client rate limit built on it."""

import math
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from grandest_press.auth import client_ip

# Where a request's rate limit verdict is left once counted (None: under the limit;
# else the seconds to wait), so that nothing further down counts it again. Not a
# header: no client can set it.
COUNTED_ENVIRON_KEY = "grandest_press.rate_limit.wait"


def count_request(key: str, timeout: int) -> int:
    """Add one to the count kept under `key`; the first request creates it, for `timeout`
    seconds (a fixed window from that request, or the one the key names)."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)  # another worker created it meanwhile


class ClientWindow(NamedTuple):
    """The API's fixed window of one client: at most API_RATE_LIMIT requests per
    API_RATE_WINDOW seconds and client address (grandest_press.auth.client_ip)."""

    key: str
    timeout: int
    limit: int
    ends_at: float

    @classmethod
    def of(cls, request) -> "ClientWindow | None":
        """The window `request` counts in, or None when the limit is off."""
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
        if not limit:
            return None
        started = int(time.time() // window) * window
        return cls(f"api-rate:{client_ip(request)}:{started}", window + 1, limit, started + window)

    def wait(self, count: int) -> int | None:
        """Seconds until the client may ask again, or None while `count` is allowed."""
        if count <= self.limit:
            return None
        return max(1, math.ceil(self.ends_at - time.time()))


def api_rate_limited(request) -> int | None:
    """Count `request` against its client's API limit: None while under it, else the
    seconds to wait. Counted once: a verdict left by the page cache is reused."""
    if COUNTED_ENVIRON_KEY in request.META:
        return request.META[COUNTED_ENVIRON_KEY]
    window = ClientWindow.of(request)
    if window is None:
        return None
    try:
        count = count_request(window.key, window.timeout)
    except Exception:
        # The cache is down: serve rather than refuse everyone (and ask it once only).
        request.META[COUNTED_ENVIRON_KEY] = None
        return None
    wait = request.META[COUNTED_ENVIRON_KEY] = window.wait(count)
    return wait
