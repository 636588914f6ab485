"""A circuit breaker: after a failure, leave the failed service alone a few seconds.

Used for the shared cache (grandest_press.content_state) and the read replica
(grandest_press.db_router), the two optional parts a page can do without.
"""

import logging
import time

from django.conf import settings


class CacheUnavailable(Exception):
    """The shared cache failed, or failed a moment ago and is being left alone."""


class CircuitBreaker:
    """After a failure, the service is not asked again for `retry_after_setting` seconds
    (RESPONSE_CACHE_RETRY_AFTER for the cache): a hung server then costs one timeout per
    process and period, not one per request. Logged when it trips and when the service
    answers again, not per request."""

    def __init__(
        self,
        *,
        subject="Response cache",
        # Logged under the page cache's name, the one operators and alerts watch.
        logger_name="grandest_press.response_cache",
        retry_after_setting="RESPONSE_CACHE_RETRY_AFTER",
        unavailable=CacheUnavailable,
    ):
        self.subject = subject
        self.logger = logging.getLogger(logger_name)
        self.retry_after_setting = retry_after_setting
        self.unavailable = unavailable
        self.retry_at = 0.0
        self.tripped = False

    def is_open(self) -> bool:
        """True while the service is being left alone after a failure."""
        return self.tripped and time.monotonic() < self.retry_at

    def call(self, operation, *args):
        if self.is_open():
            raise self.unavailable
        try:
            result = operation(*args)
        except Exception as error:
            self.failed(error)
            raise self.unavailable from error
        self.succeeded()
        return result

    def succeeded(self) -> None:
        if self.tripped:
            self.tripped = False
            self.logger.warning("%s available again", self.subject)

    def failed(self, error) -> None:
        self.retry_at = time.monotonic() + getattr(settings, self.retry_after_setting, 5)
        if not self.tripped:
            self.tripped = True
            self.logger.error("%s unavailable", self.subject, exc_info=error)

    def reset(self) -> None:
        self.retry_at, self.tripped = 0.0, False
