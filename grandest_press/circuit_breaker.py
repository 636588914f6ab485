"""A circuit breaker for the shared cache: after a failure, leave it alone a few seconds."""

import logging
import time

from django.conf import settings

# Logged under the page cache's name, the one operators and alerts watch.
logger = logging.getLogger("grandest_press.response_cache")


class CacheUnavailable(Exception):
    """The shared cache failed, or failed a moment ago and is being left alone."""


class CircuitBreaker:
    """After a cache failure, the cache is not asked again for RESPONSE_CACHE_RETRY_AFTER
    seconds: a hung Redis then costs one socket timeout per process and period, not
    one per request. Logged when it trips and when the cache answers again, not per
    request."""

    def __init__(self):
        self.retry_at = 0.0
        self.tripped = False

    def call(self, operation, *args):
        if self.tripped and time.monotonic() < self.retry_at:
            raise CacheUnavailable
        try:
            result = operation(*args)
        except Exception as error:
            self.failed(error)
            raise CacheUnavailable from error
        if self.tripped:
            self.tripped = False
            logger.warning("Response cache available again")
        return result

    def failed(self, error) -> None:
        self.retry_at = time.monotonic() + getattr(settings, "RESPONSE_CACHE_RETRY_AFTER", 5)
        if not self.tripped:
            self.tripped = True
            logger.error("Response cache unavailable", exc_info=error)

    def reset(self) -> None:
        self.retry_at, self.tripped = 0.0, False
