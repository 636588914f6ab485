"""Querysets compiled to SQL once per process and database, then run with new values.

Why: the ORM compiles a queryset to SQL on every request, about a fifth of the release
page's work, although only its values change from one request to the next (the time
`published()` compares with, the slug). A Statement builds its queryset once per database
with a placeholder for each value, keeps the SQL and the positions of the placeholders
among its parameters, and runs that SQL with the request's values in their place
(QuerySet.raw()). The queryset stays the one definition of what it reads:
`published()` included, it is the same code that writes the SQL.

    RELEASE = Statement(
        Communique,
        lambda now, slug: Communique.objects.published(now=now).filter(slug=slug),
        now=Communique._meta.get_field("published_at"),
        slug=Communique._meta.get_field("slug"),
    )
    RELEASE.raw("default", now=timezone.now(), slug=slug)  # a RawQuerySet

Each parameter names the model field that types it: its get_db_prep_value() gives what
the compiled parameters hold, for the placeholder and for the real value alike. A
placeholder the SQL does not carry as a parameter (written into the SQL text, or
transformed, as `__year` turns a year into two dates) is refused when compiling.
"""

import datetime
import itertools
import threading
import uuid
import weakref

from django.core.signals import setting_changed
from django.db import connections
from django.db.models import CharField, DateTimeField, TextField
from django.dispatch import receiver

_statements = weakref.WeakSet()  # every Statement alive, for the settings signal below
_unique = itertools.count(1)


class Statement:
    def __init__(self, model, build, **parameters):
        self.model = model
        self.build = build
        self.parameters = parameters
        self._compiled = {}
        self._lock = threading.Lock()
        _statements.add(self)

    def raw(self, alias, **values):
        """The queryset's rows for these values: a RawQuerySet of `model` on `alias`."""
        sql, params, positions = self.compiled(alias)
        connection = connections[alias]
        params = list(params)
        for name, field in self.parameters.items():
            prepared = field.get_db_prep_value(values[name], connection)
            for position in positions[name]:
                params[position] = prepared
        return self.model._default_manager.db_manager(alias).raw(sql, tuple(params))

    def compiled(self, alias) -> tuple[str, tuple, dict]:
        """(SQL, parameters with placeholders, {name: positions of its placeholder})."""
        if (found := self._compiled.get(alias)) is not None:
            return found
        with self._lock:
            if alias not in self._compiled:
                self._compiled[alias] = self._compile(alias)
            return self._compiled[alias]

    def _compile(self, alias):
        connection = connections[alias]
        placeholders = {name: _placeholder(field) for name, field in self.parameters.items()}
        queryset = self.build(**placeholders).using(alias)
        sql, params = queryset.query.get_compiler(alias).as_sql()
        positions = {}
        for name, field in self.parameters.items():
            prepared = field.get_db_prep_value(placeholders[name], connection)
            positions[name] = [i for i, param in enumerate(params) if _same(param, prepared)]
            if not positions[name] or str(prepared) in sql:
                raise ValueError(
                    f"{self.model.__name__} statement: {name} is not a parameter of its SQL"
                )
        return sql, tuple(params), positions

    def clear(self):
        with self._lock:
            self._compiled.clear()


def _same(param, prepared) -> bool:
    return type(param) is type(prepared) and param == prepared


def _placeholder(field):
    """A value of the field's type that no request gives."""
    number = next(_unique)
    if isinstance(field, DateTimeField):
        # 1901-02-03 at a microsecond count of its own, in UTC.
        return datetime.datetime(1901, 2, 3, 4, 5, 6, number % 1_000_000, tzinfo=datetime.UTC)
    if isinstance(field, (CharField, TextField)):
        return f"statement-placeholder-{number}-{uuid.uuid4().hex}"
    raise NotImplementedError(f"{type(field).__name__}: no placeholder for this field type")


@receiver(setting_changed)
def _settings_changed(**kwargs):
    # A test that changes DATABASES, USE_TZ or TIME_ZONE gets SQL compiled again.
    for statement in list(_statements):
        statement.clear()
