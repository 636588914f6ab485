"""Reads on the read replica, when DATABASE_REPLICA_URL configures one; the rest on default.

A replica lags behind its primary by a few milliseconds to seconds, so what must see its
own writes stays on the primary: every write, every read inside a transaction on default
(the admin's change forms run in one), reads of objects loaded from default, and whole
requests pinned with `use_primary()` (grandest_press.middleware.PrimaryDatabaseMiddleware
pins the admin, signed-in users and unsafe methods).
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
ALIASES = frozenset({DEFAULT_DB_ALIAS, REPLICA})

_pinned_to_primary = contextvars.ContextVar("pinned_to_primary", default=False)


@contextlib.contextmanager
def use_primary():
    """Send every query made inside the block to the primary database."""
    token = _pinned_to_primary.set(True)
    try:
        yield
    finally:
        _pinned_to_primary.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES or _pinned_to_primary.get():
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if obj1._state.db in ALIASES and obj2._state.db in ALIASES:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
