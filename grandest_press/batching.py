"""Work each save asks for, done once at the end of a block that saves many rows.

An import saves dozens of rows in one transaction; each save starts a new content
generation and re-indexes its release. Inside `once()`, saves only note what needs
doing, and the work runs once when the block ends, still in the transaction. If the
block fails nothing runs: open it inside the transaction, which rolls the changes back.
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterable


class Batch:
    def __init__(self, name: str, run: Callable[[set], None]):
        self._pending: contextvars.ContextVar[set | None] = contextvars.ContextVar(
            name, default=None
        )
        self._run = run

    def defer(self, items: Iterable = (None,)) -> bool:
        """Note `items` for the end of the open block: True; False when none is open
        (the caller does the work now)."""
        pending = self._pending.get()
        if pending is None:
            return False
        pending.update(items)
        return True

    @contextlib.contextmanager
    def once(self):
        if self._pending.get() is not None:  # nested: the outer block runs it
            yield
            return
        pending = set()
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        if pending:
            self._run(pending)
