"""Objects and everything a page shows about them, in one SQL query.

Why: a `prefetch_related` lookup costs a round trip and about a millisecond of query
building per relation, and a release page shows fifteen of them (quotes, speakers and
their mandates, pacts with axes and signatories, contacts and their phones…). Here the
relations are one more column of the page's query: a correlated subquery per relation,
returning JSON, written once per process from the models' metadata. Django's public API
only: the column is a `RawSQL` annotation, the objects are built by `Model.from_db()`.

    RELEASE_PAGE = Relations(Communique, "themes", Relation("quotes", "speaker"), ...)
    release = RELEASE_PAGE.annotate(Communique.objects.published()).get(slug=slug)
    release.themes_list             # [Theme, ...] in Theme's order, as prefetching sorts
    release.quotes_list[0].speaker  # a foreign key: set on its field, as select_related

Where the objects go, the contract of `Prefetch(to_attr=…)`: a relation to many is a
plain list on `<name>_list` (what `Prefetch(name, to_attr=f"{name}_list")` would give),
a foreign key is set on its field. The annotation lands on `relations_json`, whose
setter (LoadsRelations) builds and hangs the objects: whatever reads the queryset
(get(), iteration, a paginator's slice) gets them. The objects it builds keep the
fetch mode of their parent (`QuerySet.fetch_mode(FETCH_RAISE)` reaches them too).
"""

import datetime
import decimal
import functools
import json

from django.conf import settings
from django.db import connections
from django.db.models import TextField
from django.db.models.expressions import RawSQL

# PostgreSQL's function argument limit: 50 key/value pairs in one json_build_object.
_MAX_PAIRS = 50
# Fields whose values come back from JSON as the ORM would give them (with _CONVERTERS).
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
# The annotation the relations' JSON is read into (LoadsRelations.relations_json).
ANNOTATION = "relations_json"


def loaded_name(relation_name: str) -> str:
    """The attribute a loaded relation to many is hung on (Prefetch's to_attr)."""
    return f"{relation_name}_list"


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
        self._sql = {}
        self._columns = {}

    def annotate(self, queryset):
        """`queryset`, each of its objects read with these relations in the same query.

        Counting it, exists() or a subquery of its ids leave the column out (Django drops
        an annotation nothing refers to); counting a slice of it does not."""
        if queryset.model is not self.model or not issubclass(self.model, LoadsRelations):
            raise TypeError(f"{queryset.model.__name__}: not a LoadsRelations {self.model}.")
        vendor = connections[queryset.db].vendor
        if vendor not in self._columns:  # the ORM copies an expression it adds
            sql = self.sql(connections[queryset.db])
            self._columns[vendor] = RawSQL(sql, (), output_field=TextField())
        return queryset.annotate(**{ANNOTATION: self._columns[vendor]})

    def sql(self, connection) -> str:
        """The SQL of all these relations, one JSON object as text, for a query of this
        model's table."""
        if connection.vendor not in self._sql:
            writer = _Writer(connection)
            parent = writer.quote(self.model._meta.db_table)
            pairs = [
                f"'{relation.name}', {writer.relation(self.model, parent, relation)}"
                for relation in self.relations
            ]
            self._sql[connection.vendor] = writer.as_text(writer.object(pairs))
        return self._sql[connection.vendor]


class LoadsRelations:
    """For a model whose pages read it with its relations (Relations.annotate)."""

    @property
    def relations_json(self):
        raise AttributeError("relations_json is read into the relations it describes.")

    @relations_json.setter
    def relations_json(self, text):
        _attach(self, _loads(text))


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

    def object(self, pairs) -> str:
        if len(pairs) > _MAX_PAIRS:
            raise ValueError("too many fields and relations for one JSON object")
        function = "json_build_object" if self.postgres else "json_object"
        return f"{function}({', '.join(pairs)})"

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
        return self.object(pairs)

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
            reverse = field.auto_created and not field.concrete  # as _meta's docs tell
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


# Objects --------------------------------------------------------------------------


def _attach(instance, relations: dict) -> None:
    """Build the objects of each relation (name: JSON) and hang them on `instance`."""
    # Built as the queryset built `instance`: same database, same fetch mode.
    db, fetch_mode = instance._state.db, instance._state.fetch_mode
    for name, value in relations.items():
        model, attribute, back = _relation(type(instance), name)
        if back is _ONE:  # a foreign key: set on its field, as select_related caches it
            related = None if value is None else _instance(model, value, db, fetch_mode)
            setattr(instance, attribute, related)
            continue
        related = [_instance(model, item, db, fetch_mode) for item in value]
        if back is not None:  # quote.communique, as prefetching sets it
            for item in related:
                setattr(item, back, instance)
        setattr(instance, attribute, related)


def _instance(model, data: dict, db, fetch_mode):
    """An object of `model` from the JSON of its row and of its relations."""
    names, conversions, columns = _columns(model)
    values = [data[name] for name in names]
    for position, convert in conversions:
        if values[position] is not None:
            values[position] = convert(values[position])
    instance = model.from_db(db, names, values, fetch_mode=fetch_mode)
    if len(data) > len(names):
        _attach(instance, {name: data[name] for name in data.keys() - columns})
    return instance


_ONE = object()  # _relation's `back` for a foreign key


@functools.cache
def _relation(model, name) -> tuple:
    """(related model, attribute to set, `back`) for relation `name` of `model`.
    `back`: _ONE for a foreign key (set on its own field), the foreign key of each
    related object to its parent for a reverse foreign key, None for many-to-many."""
    field = model._meta.get_field(name)
    if field.many_to_one or (field.one_to_one and field.concrete):
        return field.related_model, name, _ONE
    back = field.field.name if field.one_to_many else None
    return field.related_model, loaded_name(name), back


def _moment(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    if settings.USE_TZ and moment.tzinfo is None:  # SQLite stores UTC, naive
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


# How a JSON value turns into what the ORM gives for a field (others stay as they are).
_CONVERTERS = {
    "DateTimeField": _moment,
    "DateField": datetime.date.fromisoformat,
    "DecimalField": decimal.Decimal,  # an int or an exact Decimal from _loads
    "BooleanField": bool,  # SQLite gives 0 or 1
}


@functools.cache
def _columns(model) -> tuple[list, list, frozenset]:
    """A model's column attribute names, (position, converter) for those whose JSON
    value needs one, and the names as a set: a row's other keys are its relations."""
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    conversions = [
        (position, _CONVERTERS[field.get_internal_type()])
        for position, field in enumerate(fields)
        if field.get_internal_type() in _CONVERTERS
    ]
    return names, conversions, frozenset(names)
