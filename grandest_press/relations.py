"""Objects and everything a page shows about them, in one SQL query.

Why: a `prefetch_related` lookup costs a round trip and about a millisecond of query
building per relation, and a release page shows fifteen of them (quotes, speakers and
their mandates, pacts with axes and signatories, contacts and their phones…). Here each
relation is a correlated subquery that returns JSON, written once per process from the
models' metadata; the rows come back as model instances, with their relations where
Django's prefetching would have put them, so templates and model methods run unchanged.

    RELEASE_PAGE = Relations(Communique, "themes", Relation("quotes", "speaker"), ...)
    RELEASE_PAGE.get(Communique.objects.published(), slug=slug)  # one query in all
    RELEASE_CARD.annotate(Communique.objects.published())[:20]  # twenty cards, one query

Loaded relations are lists, not querysets to refine: `communique.quotes.all()` gives
them in their model's order, and `.filter()` on them is refused loudly rather than
silently querying again.
"""

import datetime
import decimal
import functools
import inspect
import json
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import ForeignObjectRel, Model, sql
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import MAX_GET_RESULTS, ModelIterable, QuerySet
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.http import Http404

from grandest_press.statements import Statement

# PostgreSQL's function argument limit: 50 key/value pairs in one json_build_object.
_MAX_PAIRS = 50
# Fields whose values come back from JSON as the ORM would give them (python_value).
# Others (JSON, binary, search vectors…) are refused when the query is written.
_SUPPORTED_FIELDS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "EmailField",
    "FileField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


_NOT_BUILT = object()  # what QuerySet.__init__ keeps instead of building a query


class LoadedRelation(QuerySet):
    """The objects of one relation, already loaded: iterate, count, index, test."""

    def __init__(self, model, using, objects):
        # QuerySet.__init__ without its SQL query, made only if something asks for it:
        # a page loads some twenty relations and reads none of their queries.
        super().__init__(model, query=_NOT_BUILT, using=using)
        self._query = None
        self._result_cache = objects
        self._prefetch_done = True

    @property
    def query(self):
        if self._query is None:
            self._query = sql.Query(self.model)
        return self._query

    @query.setter
    def query(self, value):
        self._query = value

    def all(self):
        return self

    def _chain(self):
        raise TypeError(
            f"{self.model.__name__}: relation loaded with its page (grandest_press.relations); "
            "filter the list in Python or query the model."
        )


class Relation:
    """One relation to load (a field or reverse accessor name) and its own relations."""

    def __init__(self, name: str, *children: "Relation | str"):
        self.name = name
        self.children = tuple(c if isinstance(c, Relation) else Relation(c) for c in children)


class Relations:
    """A tree of relations of one model, loaded with the rows of a queryset of it."""

    def __init__(self, model, *relations: Relation | str):
        self.model = model
        self.relations = tuple(r if isinstance(r, Relation) else Relation(r) for r in relations)
        self._column = {}
        self._iterable = type("RelationsIterable", (_RelationsIterable,), {"relations": self})

    def annotate(self, queryset):
        """`queryset`, each of its objects read with these relations: in the same query
        (a second one past an OFFSET or under DISTINCT, see _RelationsIterable), where
        prefetch_related makes one per relation and costs about a millisecond each.

        The relations are added only when objects are read, so counting, exists() or a
        subquery of its ids never compute them.
        """
        clone = queryset._chain()
        # The iterable turns rows into objects (values() swaps it for its own).
        clone._iterable_class = self._iterable
        return clone

    def get(self, queryset, **lookups):
        """queryset.get(**lookups), with these relations loaded: one query in all."""
        return self.annotate(queryset).get(**lookups)

    def column(self, connection) -> str:
        """The SQL of all these relations, one JSON array as text, for a query of this
        model's table: one expression for the ORM to add and compile, one JSON to parse."""
        if connection.vendor not in self._column:
            writer = _Writer(connection)
            parent = writer.quote(self.model._meta.db_table)
            items = [writer.relation(self.model, parent, relation) for relation in self.relations]
            self._column[connection.vendor] = writer.as_text(writer.json_array(items))
        return self._column[connection.vendor]

    def statement(self, build, *, get=True, **parameters) -> "RelationsStatement":
        """`build`'s queryset with these relations, compiled once per process and
        database (grandest_press.statements): build(**values) -> queryset of the model,
        parameters as Statement takes them. get=True: for .get(), else for .list()."""
        return RelationsStatement(self, build, get=get, **parameters)

    def with_column(self, queryset):
        """A clone of `queryset` that also reads these relations, as _ANNOTATION."""
        queryset = queryset._chain()
        column = self.column(connections[queryset.db])
        queryset.query.add_annotation(RawSQL(column, ()), _ANNOTATION, select=True)
        return queryset

    def attach_column(self, instance, reader) -> None:
        """The relations a row read with with_column() brought, attached to its object."""
        reader.attach_all(instance, self.relations, instance.__dict__.pop(_ANNOTATION))

    def load(self, instances, alias) -> None:
        """Attach these relations to `instances` (read from database `alias`): one query."""
        if not instances:
            return
        connection = connections[alias]
        table = connection.ops.quote_name(self.model._meta.db_table)
        pk = f"{table}.{connection.ops.quote_name(self.model._meta.pk.column)}"
        ids = [instance.pk for instance in instances]
        if connection.vendor == "postgresql":  # one statement whatever the count
            where, params = f"{pk} = ANY(%s)", [ids]
        else:
            where, params = f"{pk} IN ({', '.join(['%s'] * len(ids))})", ids
        column = self.column(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {where}", params)
            rows = dict(cursor.fetchall())
        reader = _Reader(alias)
        for instance in instances:
            reader.attach_all(instance, self.relations, rows[instance.pk])


# The attribute the relations' JSON is read into, then taken off the instance.
_ANNOTATION = "_relations_json"


class _RelationsIterable(ModelIterable):
    """Model instances, each given the relations its row brought as JSON.

    Only when the rows the database reads are the rows it returns. Past an OFFSET, or
    under DISTINCT, it reads the rows, then their relations by id in a second query:
    otherwise PostgreSQL builds the JSON of every row it skips or deduplicates (30 ms
    instead of 1 for page 200 of the releases; thousands of rows for the releases
    mentioning the Région).
    """

    relations: Relations

    def __iter__(self):
        queryset = self.queryset
        if _rows_first(queryset):
            instances = list(ModelIterable(queryset, self.chunked_fetch, self.chunk_size))
            self.relations.load(instances, queryset.db)
            yield from instances
            return
        queryset = self.relations.with_column(queryset)
        reader = _Reader(queryset.db)
        for instance in ModelIterable(queryset, self.chunked_fetch, self.chunk_size):
            self.relations.attach_column(instance, reader)
            yield instance


def _rows_first(queryset) -> bool:
    """Past an OFFSET or under DISTINCT: rows first, then their relations by id."""
    return bool(queryset.query.low_mark or queryset.query.distinct)


class RelatedMixin:
    """`obj.related("themes")` for `obj.themes.all()` in the pages' templates.

    Why: each `obj.themes` builds a related manager (about 85 000 instructions, some
    40 µs here) only for `.all()` to hand back the list its page loaded; a release page
    reads twenty relations, a list twenty cards' themes. This reads that list where
    the manager would (the prefetch cache, which refresh_from_db() and the managers'
    add() or remove() empty), and queries through the manager when nothing is loaded.
    """

    def related(self, name):
        cache = getattr(self, "_prefetched_objects_cache", None)
        if cache:
            found = cache.get(_prefetch_cache_name(self._meta.get_field(name)))
            if found is not None:
                return found
        return getattr(self, name).all()


@functools.cache
def _prefetch_cache_name(field) -> str:
    """Where prefetching keeps a relation's objects: its related manager's cache name."""
    if field.one_to_many:
        return field.cache_name
    if not isinstance(field, ForeignObjectRel):
        return field.name
    return field.field.related_query_name()


class RelationsStatement:
    """Relations.get() and lists for a queryset whose SQL is compiled once
    (Relations.statement, grandest_press.statements)."""

    def __init__(self, relations, build, *, get, **parameters):
        self.relations = relations
        self.inline = True

        def build_with_relations(**values):
            queryset = build(**values)
            if get:
                queryset = queryset.order_by()[:MAX_GET_RESULTS]  # as QuerySet.get() reads
            # As _RelationsIterable: past an OFFSET or under DISTINCT, rows then relations.
            self.inline = not _rows_first(queryset)
            return relations.with_column(queryset) if self.inline else queryset

        self.statement = Statement(relations.model, build_with_relations, **parameters)

    def list(self, alias, **values) -> list:
        """The objects of the queryset for these values, each with its relations: one
        query, or two past an OFFSET."""
        found = list(self.statement.raw(alias, **values))
        if not self.inline:
            self.relations.load(found, alias)
            return found
        reader = _Reader(alias)
        for instance in found:
            self.relations.attach_column(instance, reader)
        return found

    def get(self, alias, **values):
        """The one object of the queryset for these values, with its relations: one query.
        Raises DoesNotExist or MultipleObjectsReturned as QuerySet.get() does."""
        model = self.relations.model
        found = self.list(alias, **values)
        if not found:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        if len(found) > 1:
            raise model.MultipleObjectsReturned(
                f"get() returned more than one {model._meta.object_name}."
            )
        return found[0]


def get_or_404(get, *args, **kwargs):
    """get(*args, **kwargs), a manager's or queryset's method that reads one object
    (get_for_detail, a page's statement), or Http404 as get_object_or_404 would when it
    raises its model's DoesNotExist."""
    try:
        return get(*args, **kwargs)
    except get.__self__.model.DoesNotExist as missing:
        raise Http404 from missing


def _loads(text):
    # Decimals stay exact (amounts in euros), never floats.
    return json.loads(text, parse_float=decimal.Decimal)


# SQL ------------------------------------------------------------------------------


class _Writer:
    """The SQL of a tree of relations, for PostgreSQL or SQLite."""

    def __init__(self, connection):
        self.postgres = connection.vendor == "postgresql"
        if connection.vendor not in {"postgresql", "sqlite"}:
            raise NotImplementedError(f"{connection.vendor} is not supported")
        self.quote = connection.ops.quote_name
        self.aliases = 0

    def json_array(self, items) -> str:
        if len(items) > _MAX_PAIRS:
            raise ValueError("too many relations for one JSON array")
        return f"{'json_build_array' if self.postgres else 'json_array'}({', '.join(items)})"

    def as_text(self, sql) -> str:
        """psycopg would parse JSON itself, with floats for decimals: read it as text."""
        return f"({sql})::text" if self.postgres else sql

    def new_alias(self) -> str:
        self.aliases += 1
        return f"r{self.aliases}"

    def json_object(self, model, alias, relations) -> str:
        for field in model._meta.concrete_fields:
            if field.get_internal_type() not in _SUPPORTED_FIELDS:
                raise NotImplementedError(
                    f"{model.__name__}.{field.name}: {field.get_internal_type()} not supported"
                )
        pairs = [
            f"'{field.attname}', {alias}.{self.quote(field.column)}"
            for field in model._meta.concrete_fields
        ]
        pairs += [
            f"'{relation.name}', {self.relation(model, alias, relation)}" for relation in relations
        ]
        if len(pairs) > _MAX_PAIRS:
            raise ValueError(f"{model.__name__}: too many fields for one JSON object")
        function = "json_build_object" if self.postgres else "json_object"
        return f"{function}({', '.join(pairs)})"

    def relation(self, model, parent, relation) -> str:
        field = model._meta.get_field(relation.name)
        target = field.related_model
        alias = self.new_alias()
        table = f"{self.quote(target._meta.db_table)} {alias}"
        target_pk = f"{alias}.{self.quote(target._meta.pk.column)}"
        parent_pk = f"{parent}.{self.quote(model._meta.pk.column)}"
        obj = self.json_object(target, alias, relation.children)
        if field.many_to_one or (field.one_to_one and field.concrete):
            # SQLite's json() keeps the subquery's text as JSON inside the parent object.
            foreign_key = f"{parent}.{self.quote(field.column)}"
            sql = f"(SELECT {obj} FROM {table} WHERE {target_pk} = {foreign_key})"
            return sql if self.postgres else f"json({sql})"
        if field.one_to_many:
            where = f"{alias}.{self.quote(field.field.column)} = {parent_pk}"
            return self.json_list(obj, table, where, target, alias, same_for_all=field.field)
        if field.many_to_many:
            reverse = isinstance(field, ForeignObjectRel)
            forward = field.field if reverse else field
            through = forward.remote_field.through._meta.db_table
            if not reverse:
                source_column, target_column = forward.m2m_column_name(), forward.m2m_reverse_name()
            else:
                source_column, target_column = forward.m2m_reverse_name(), forward.m2m_column_name()
            link = f"{alias}_link"
            table += (
                f" JOIN {self.quote(through)} {link}"
                f" ON {link}.{self.quote(target_column)} = {target_pk}"
            )
            where = f"{link}.{self.quote(source_column)} = {parent_pk}"
            return self.json_list(obj, table, where, target, alias)
        raise NotImplementedError(f"{model.__name__}.{relation.name}: unsupported relation")

    def json_list(self, obj, table, where, model, alias, same_for_all=None) -> str:
        joins = []
        order = self.order_by(model, alias, same_for_all, joins)
        table += "".join(joins)
        ordering = f" ORDER BY {order}" if order else ""
        if self.postgres:
            return (
                f"(SELECT COALESCE(json_agg({obj}{ordering}), '[]'::json) "
                f"FROM {table} WHERE {where})"
            )
        # SQLite before 3.44 has no ORDER BY inside an aggregate: it aggregates the rows
        # of an ordered subquery in their order.
        return (
            f"json((SELECT COALESCE(json_group_array(json(item)), '[]') "
            f"FROM (SELECT {obj} AS item FROM {table} WHERE {where}{ordering})))"
        )

    def order_by(self, model, alias, same_for_all=None, joins=None) -> str:
        """The model's Meta.ordering, as the ORM would sort a prefetched relation.

        `same_for_all`: the foreign key to the parent, equal in every row of the list,
        left out. Another foreign key sorts as the ORM sorts it: by the related model's
        ordering, its table joined (added to `joins`), or by the key's column if that
        model has no ordering.
        """
        terms = []
        for name in model._meta.ordering:
            if not isinstance(name, str) or "__" in name:
                raise NotImplementedError(f"{model.__name__}: ordering {name!r} not supported")
            descending = name.startswith("-")
            name = name.removeprefix("-")
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            if field is same_for_all:
                continue  # sorts nothing within one parent's list
            related = field.related_model if field.is_relation else None
            if related is not None and related._meta.ordering:
                if not field.many_to_one or descending or joins is None:
                    raise NotImplementedError(f"{model.__name__}: ordering {name!r} not supported")
                joined = self.new_alias()
                joins.append(
                    f" LEFT JOIN {self.quote(related._meta.db_table)} {joined}"
                    f" ON {joined}.{self.quote(related._meta.pk.column)}"
                    f" = {alias}.{self.quote(field.column)}"
                )
                terms.append(self.order_by(related, joined))
                continue
            column = f"{alias}.{self.quote(field.column)}"
            terms.append(f"{column} DESC" if descending else column)
        return ", ".join(terms)


# Instances ------------------------------------------------------------------------


class _Reader:
    """Model instances from the JSON of their rows."""

    def __init__(self, alias):
        self.alias = alias

    def attach_all(self, instance, relations, text) -> None:
        """Each relation from the JSON array of them all (null: a foreign key left empty)."""
        for relation, value in zip(relations, _loads(text), strict=True):
            self.attach(instance, relation, value)

    def attach(self, instance, relation, value) -> None:
        field = instance._meta.get_field(relation.name)
        if field.many_to_one or (field.one_to_one and field.concrete):
            related = None if value is None else self.instance(field.related_model, value, relation)
            field.set_cached_value(instance, related)
            return
        related = [self.instance(field.related_model, item, relation) for item in value]
        if field.one_to_many:
            for item in related:  # quote.communique, as prefetching sets it
                field.field.set_cached_value(item, instance)
        loaded = LoadedRelation(field.related_model, self.alias, related)
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[_prefetch_cache_name(field)] = loaded

    def instance(self, model, data, relation):
        reader = _row_reader(model)
        values = [
            data[name] if convert is None or data[name] is None else convert(data[name])
            for name, convert in zip(reader.names, reader.converters, strict=True)
        ]
        if reader.plain:
            instance = _plain_instance(model, self.alias, reader.names, values)
        else:
            instance = model.from_db(self.alias, reader.names, values)
        for child in relation.children:
            self.attach(instance, child, data[child.name])
        return instance


class _RowReader(NamedTuple):
    names: list  # the attribute names of the model's columns
    converters: list  # for each, the function turning its JSON value into what the ORM
    # gives (None: the value as it is)
    plain: bool  # built as Model.from_db would, without running it (_plain_instance)


@functools.cache
def _row_reader(model) -> _RowReader:
    """How to read a model's rows from JSON. Once per model (its signal receivers and
    field descriptors are all in place by the first request)."""
    fields = model._meta.concrete_fields
    converters = {
        "DateTimeField": _moment,
        "DateField": datetime.date.fromisoformat,
        "DecimalField": decimal.Decimal,  # an int or an exact Decimal from _loads
        "BooleanField": bool,  # SQLite gives 0 or 1
    }
    plain = (
        model.from_db.__func__ is Model.from_db.__func__
        and type(model).__call__ is type.__call__  # ModelBase does not override it
        and model.__init__ is Model.__init__
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
        # Setting these attributes only stores the value (no descriptor converts it).
        and all(
            type(inspect.getattr_static(model, field.attname, None)) in _PLAIN_DESCRIPTORS
            for field in fields
        )
    )
    return _RowReader(
        [field.attname for field in fields],
        [converters.get(field.get_internal_type()) for field in fields],
        plain,
    )


_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


def _plain_instance(model, alias, names, values):
    """What model.from_db(alias, names, values) returns, with all the fields given, in a
    third of the time: Model.__init__ would send signals nobody listens to and set each
    value through a descriptor that only stores it (_row_reader checks both)."""
    instance = model.__new__(model)
    state = instance._state = ModelState()
    state.adding = False
    state.db = alias
    instance.__dict__.update(zip(names, values, strict=True))
    return instance


def _moment(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    if settings.USE_TZ and moment.tzinfo is None:  # SQLite stores UTC, naive
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
