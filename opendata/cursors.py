"""Cursor pagination: each page names the last record it gave, and the next one
starts after it (keyset). Stable while records are added, and as fast on the
thousandth page as on the first."""

import base64
import binascii
import datetime
import json

from django.db.models import Q


class InvalidCursor(ValueError):
    pass


class Keyset:
    """An order over non-null fields ending with a unique one: ("-published_at", "id")."""

    def __init__(self, *fields):
        self.fields = fields
        self.names = [field.lstrip("-") for field in fields]

    def values(self, obj) -> list:
        return [getattr(obj, name) for name in self.names]

    def encode(self, obj) -> str:
        values = [
            value.isoformat() if isinstance(value, datetime.datetime) else value
            for value in self.values(obj)
        ]
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, cursor: str) -> list:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw)
        except (binascii.Error, ValueError, UnicodeDecodeError) as error:
            raise InvalidCursor from error
        if not isinstance(values, list) or len(values) != len(self.fields):
            raise InvalidCursor
        decoded = []
        for name, value in zip(self.names, values, strict=True):
            if name == "id":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise InvalidCursor
            elif not isinstance(value, str):
                raise InvalidCursor
            else:
                try:
                    value = datetime.datetime.fromisoformat(value)
                except ValueError as error:
                    raise InvalidCursor from error
                if value.tzinfo is None:
                    raise InvalidCursor
                try:
                    value = value.astimezone(datetime.UTC)
                except OverflowError as error:
                    raise InvalidCursor from error
            decoded.append(value)
        return decoded

    def after(self, queryset, cursor: str | None):
        """`queryset` in this order, from the record after `cursor` on."""
        queryset = queryset.order_by(*self.fields)
        if not cursor:
            return queryset
        values = self.decode(cursor)
        condition = Q()
        for index, field in enumerate(self.fields):
            lookup = "lt" if field.startswith("-") else "gt"
            step = Q(**{f"{self.names[index]}__{lookup}": values[index]})
            for earlier in range(index):
                step &= Q(**{self.names[earlier]: values[earlier]})
            condition |= step
        return queryset.filter(condition)


def page(queryset, keyset: Keyset, cursor, limit):
    """(records, cursor of the next page or None)."""
    records = list(keyset.after(queryset, cursor)[: limit + 1])
    if len(records) <= limit:
        return records, None
    records = records[:limit]
    return records, keyset.encode(records[-1])
