"""Public content as the page cache sees it: its generation and how long it holds,
invalidation on changes, and values kept per generation (`generation_cached`)."""

import contextlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from grandest_press.batching import Batch
from grandest_press.circuit_breaker import CacheUnavailable, CircuitBreaker
from grandest_press.db_router import primary_position, use_primary
from grandest_press.models import ContentGeneration

STATE_KEY = "response-cache:state"


_next_change_providers: list[Callable[[], float | None]] = []


def cache():
    return caches[getattr(settings, "RESPONSE_CACHE_ALIAS", "default")]


def timeout() -> int:
    return getattr(settings, "RESPONSE_CACHE_TIMEOUT", 600)


breaker = CircuitBreaker()


# Invalidation -------------------------------------------------------------------


def invalidate(**kwargs) -> None:
    """Start a new generation: every cached page is rendered afresh on its next request.

    The database's generation is bumped in the change's transaction: that is what
    makes it durable. The cache's mirror is dropped at once (so this process never
    serves an old page) and again when the transaction commits (so a mirror read
    meanwhile, before the change was visible, is not kept either). If the cache misses
    both, its mirror is read again from the database within RESPONSE_CACHE_STATE_TIMEOUT.
    Inside `invalidation.once()`, one generation for all the block's changes.
    """
    if invalidation.defer():
        return
    ContentGeneration.bump()
    _forget_state()
    transaction.on_commit(_forget_state)


invalidation = Batch("content-invalidation", lambda pending: invalidate())


def _forget_state() -> None:
    try:
        cache().delete(STATE_KEY)
    except Exception as error:
        # Saving content must not fail because the cache is down.
        breaker.failed(error)


def invalidate_on_changes_to(*models) -> None:
    """Connect the signals that mean "public content changed" for these models."""
    for model in models:
        uid = f"response-cache:{model._meta.label}"
        post_save.connect(invalidate, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(invalidate, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                invalidate,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}:m2m",
            )


def expire_at_next_change(provider: Callable[[], float | None]) -> None:
    """Register a function returning the next time (Unix seconds) public content
    changes by itself, such as a scheduled publication, or None."""
    _next_change_providers.append(provider)


_UNREAD = object()


class _DatabaseBackoff:
    """While the database is down, this process asks it again every few seconds only."""

    retry_at = 0.0

    def ready(self) -> bool:
        return time.monotonic() >= self.retry_at

    def failed(self) -> None:
        self.retry_at = time.monotonic() + getattr(settings, "RESPONSE_CACHE_RETRY_AFTER", 5)


_database_backoff = _DatabaseBackoff()


def current_state(prefetched=_UNREAD) -> dict:
    """{"generation": …, "valid_until": Unix time or None, "checked_at": Unix time,
    "position": the primary's WAL position after the generation was read, or None}.

    Every stored page names the generation it was rendered in: a new generation
    (content changed) or a new validity window (a scheduled release is now public)
    means the stored pages are no longer served. The cache's copy is trusted for
    RESPONSE_CACHE_STATE_TIMEOUT seconds after it was read from the database; then one
    request reads the database again (two small queries). With the database down, the
    last state read stays in use, so cached pages are still served.

    The generation is read on the primary, where changes commit; with a replica, so is
    the WAL position after it: pages of this generation are rendered from the replica
    only once it has replayed that far (grandest_press.db_router.replica_caught_up_to),
    so a lagging replica's old content is never cached as the new generation's.

    Raises CacheUnavailable, or DatabaseError when neither can give a state.
    """
    state = breaker.call(cache().get, STATE_KEY) if prefetched is _UNREAD else prefetched
    now = time.time()
    if state is not None and _is_fresh(state, now):
        return state
    if not _database_backoff.ready() and state is not None:
        return state
    try:
        with use_primary():
            generation = ContentGeneration.current()
            upcoming = [provider() for provider in _next_change_providers]
            position = primary_position()
    except DatabaseError:
        _database_backoff.failed()
        if state is None:
            raise
        return state
    valid_until = min((moment for moment in upcoming if moment), default=None)
    state = {
        "generation": f"{generation}-{valid_until}",
        "valid_until": valid_until,
        "checked_at": now,
        "position": position,
    }
    # Kept after it goes stale: the last known state while the database is down.
    breaker.call(cache().set, STATE_KEY, state, None)
    return state


def _is_fresh(state, now) -> bool:
    state_timeout = getattr(settings, "RESPONSE_CACHE_STATE_TIMEOUT", 2)
    checked_at = state.get("checked_at")  # absent from states stored by older versions
    return (
        checked_at is not None
        and 0 <= now - checked_at < state_timeout
        and (state["valid_until"] is None or now < state["valid_until"])
    )


def generation_cached(key: str, compute: Callable[[], object], timeout: int):
    """compute(), kept in the shared cache for the current content generation.

    For what only public content decides, such as the release list's filter form and
    count: one round trip when it is kept (the state and the value in one MGET, as a
    page lookup), computed again once content changes or a scheduled release's time
    comes. If the cache is down, computed every time.
    """
    try:
        found = breaker.call(cache().get_many, [STATE_KEY, key])
        state = current_state(found.get(STATE_KEY))
    except CacheUnavailable:
        return compute()
    kept = found.get(key)
    if kept is not None and kept[0] == state["generation"]:
        return kept[1]
    value = compute()
    with contextlib.suppress(CacheUnavailable):
        breaker.call(cache().set, key, (state["generation"], value), timeout)
    return value
