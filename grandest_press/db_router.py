"""Reads on the read replica, when DATABASE_REPLICA_URL configures one; the rest on default.

A replica lags behind its primary by a few milliseconds to seconds, so what must see its
own writes stays on the primary: every write, every read inside a transaction on default
(the admin's change forms run in one), reads of objects loaded from default, and whole
requests pinned with `use_primary()` (grandest_press.middleware.PrimaryDatabaseMiddleware
pins the admin, signed-in users and unsafe methods).

The replica is optional, never a single point of failure: reads go to the primary while
it is unreachable (a circuit breaker leaves it alone DATABASE_REPLICA_RETRY_AFTER
seconds, so requests do not each wait for a connection) or more than
DATABASE_REPLICA_MAX_LAG seconds behind (`replica_status`). And a page must not be older
than the content generation it is cached under: the page cache gives each request the
primary's WAL position at which it read that generation (`replica_caught_up_to`), and
reads go to the primary until the replica has replayed that far.
"""

import collections
import contextlib
import contextvars
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from grandest_press.circuit_breaker import CircuitBreaker

REPLICA = "replica"
ALIASES = frozenset({DEFAULT_DB_ALIAS, REPLICA})

_pinned_to_primary = contextvars.ContextVar("pinned_to_primary", default=False)
# The WAL position the replica must have replayed to serve this request's reads.
_required_position = contextvars.ContextVar("required_position", default=None)
# Set per request by the middleware: whether any of its reads went to the replica.
_replica_reads = contextvars.ContextVar("replica_reads", default=None)

# Bytes of WAL from its start: comparable positions (pg_lsn minus the first one).
_PRIMARY_POSITION = "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn"
_REPLICA_POSITION = (
    "SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn() - '0/0'::pg_lsn, 0)"
)


@contextlib.contextmanager
def use_primary():
    """Send every query made inside the block to the primary database."""
    token = _pinned_to_primary.set(True)
    try:
        yield
    finally:
        _pinned_to_primary.reset(token)


@contextlib.contextmanager
def replica_caught_up_to(position):
    """Inside the block, read from the replica only once it has replayed the primary's
    WAL up to `position` (from `primary_position()`); None: no requirement."""
    token = _required_position.set(position)
    try:
        yield
    finally:
        _required_position.reset(token)


@contextlib.contextmanager
def tracking_replica_reads():
    """Yields a list that holds True once a read of the block went to the replica."""
    reads = []
    token = _replica_reads.set(reads)
    try:
        yield reads
    finally:
        _replica_reads.reset(token)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


def _is_postgresql(alias) -> bool:
    return connections[alias].vendor == "postgresql"


def primary_position() -> int | None:
    """The primary's WAL position now: everything committed so far is at or before it.
    None without a PostgreSQL replica (nothing can lag)."""
    if not has_replica() or not _is_postgresql(DEFAULT_DB_ALIAS):
        return None
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(_PRIMARY_POSITION)
        return int(cursor.fetchone()[0])


class ReplicaUnavailable(Exception):
    """The replica failed, or failed a moment ago and is being left alone."""


class ReplicaStatus:
    """What this process knows of the replica: reachable, how far behind, what it replayed.

    Every DATABASE_REPLICA_CHECK_INTERVAL seconds, the first read that would go to the
    replica first reads the primary's WAL position (kept with the time it was read), then
    the position the replica has replayed. The replica lags by at most the age of the
    newest primary position it has passed: more than DATABASE_REPLICA_MAX_LAG seconds,
    or a position passed none of the kept ones, and reads go to the primary. Comparing
    positions, not replay timestamps, sees a replica whose WAL receiver is stuck and an
    idle primary alike. A replica that cannot be reached trips the breaker.
    """

    def __init__(self):
        self.breaker = CircuitBreaker(
            subject="Read replica",
            logger_name=__name__,
            retry_after_setting="DATABASE_REPLICA_RETRY_AFTER",
            unavailable=ReplicaUnavailable,
        )
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.breaker.reset()
        self.checked_at = float("-inf")
        self.primary_positions = collections.deque()  # (monotonic time, position)
        self.replayed = 0
        self.lag = None  # seconds; None: unknown, or more than the kept positions show

    def usable(self) -> bool:
        """May this read go to the replica now?"""
        if self.breaker.is_open():
            return False
        now = time.monotonic()
        if now - self.checked_at >= settings.DATABASE_REPLICA_CHECK_INTERVAL:
            self.check()
        if not self.is_fresh():
            return False
        required = _required_position.get()
        if required is None or self.replayed >= required:
            return True
        # A change the replica has not shown yet: ask again, at most every 0.1 s.
        if time.monotonic() - self.checked_at >= 0.1:
            self.check(primary=False)
        return self.is_fresh() and self.replayed >= required

    def is_fresh(self) -> bool:
        return (
            not self.breaker.is_open()
            and self.lag is not None
            and self.lag <= settings.DATABASE_REPLICA_MAX_LAG
        )

    def check(self, *, primary=True) -> None:
        """Read the positions now; a failure trips the breaker (never raises)."""
        if not self.lock.acquire(blocking=False):
            return  # another thread is checking: use what is known
        try:
            self._check(primary)
        finally:
            self.lock.release()

    def _check(self, primary) -> None:
        now = time.monotonic()
        self.checked_at = now
        try:
            if primary and _is_postgresql(DEFAULT_DB_ALIAS):
                self.primary_positions.append((now, primary_position()))
            in_recovery, replayed = self.breaker.call(self._replica_position)
        except Exception:
            # The primary failed (the requests will answer 503), or the replica did
            # (tripped): either way, no read for the replica now.
            self.lag = None
            return
        if not in_recovery:  # the tests' mirror, or a promoted replica: nothing to wait for
            self.replayed, self.lag = float("inf"), 0.0
            return
        self.replayed = int(replayed)
        self.lag = self._lag(now)

    @staticmethod
    def _replica_position():
        """(in recovery, replayed position); (False, 0) when it is no streaming replica."""
        try:
            with connections[REPLICA].cursor() as cursor:
                if not (_is_postgresql(REPLICA) and _is_postgresql(DEFAULT_DB_ALIAS)):
                    cursor.execute("SELECT 1")
                    return False, 0
                cursor.execute(_REPLICA_POSITION)
                return cursor.fetchone()
        except Exception:
            # A broken connection is not reused by the next attempt.
            with contextlib.suppress(Exception):
                connections[REPLICA].close()
            raise

    def _lag(self, now):
        """Seconds since the newest primary position the replica has passed, or None."""
        positions = self.primary_positions
        passed = [moment for moment, position in positions if position <= self.replayed]
        horizon = now - 2 * settings.DATABASE_REPLICA_MAX_LAG - 1
        while len(self.primary_positions) > 1 and self.primary_positions[0][0] < horizon:
            self.primary_positions.popleft()
        if not passed:
            return None
        newest = self.primary_positions[-1]
        return 0.0 if self.replayed >= newest[1] else now - max(passed)

    def failed(self, error) -> None:
        """A read on the replica failed: leave it alone for a while."""
        self.lag = None
        self.breaker.failed(error)
        with contextlib.suppress(Exception):
            connections[REPLICA].close()

    def health(self) -> tuple[str, str | None]:
        """("ok", None), or ("error" | "lagging", the reason in French) for /sante/."""
        if not self.breaker.is_open():
            self.check()
        if self.breaker.is_open():
            return "error", "réplique injoignable : lectures sur la base principale"
        if self.lag is None:
            return "lagging", "retard de la réplique inconnu : lectures sur la base principale"
        if self.lag > settings.DATABASE_REPLICA_MAX_LAG:
            return (
                "lagging",
                f"réplique en retard de {self.lag:.0f} s : lectures sur la base principale",
            )
        return "ok", None


replica_status = ReplicaStatus()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not has_replica() or _pinned_to_primary.get():
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if not replica_status.usable():
            return DEFAULT_DB_ALIAS
        reads = _replica_reads.get()
        if reads is not None and not reads:
            reads.append(True)
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if obj1._state.db in ALIASES and obj2._state.db in ALIASES:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
