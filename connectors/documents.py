"""Target document schemas: the documents a connector accepts (push) or produces (pull).

A connector declares, per (entity, direction), one ``DocumentSchema``: a flat tuple of fields
with dotted names. ``primary_unit.code`` is a field of the object ``primary_unit``;
``kit_items[].label`` is a field of every item of the list ``kit_items``. The mapping engine
renders documents into this shape and validates them here; the connector's adapters take
exactly this shape (DECISIONS.md "Hub keys and shapes"). Relationships are written as natural
keys (type ``key``: a unit code, a category title), which the connector resolves to ids.

Django-free: the connectors package never imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

STRING = "string"
INTEGER = "integer"
DECIMAL = "decimal"  # a Decimal or a decimal string ("12.50"); never a float
BOOLEAN = "boolean"
DATE = "date"  # ISO 8601 date "2024-05-01" (or a date)
DATETIME = "datetime"  # ISO 8601 date-time with a time zone (or an aware datetime)
MONEY = "money"  # an amount: a Decimal or a decimal string with at most 4 decimal places
LIST = "list"
OBJECT = "object"
KEY = "key"  # a natural key of a related record, as text; the connector resolves it

TYPES = (STRING, INTEGER, DECIMAL, BOOLEAN, DATE, DATETIME, MONEY, LIST, OBJECT, KEY)
SCALARS = (STRING, INTEGER, DECIMAL, BOOLEAN, DATE, DATETIME, MONEY, KEY)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[\])?)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DocumentError:
    """One problem with one field of a document; ``field`` is a concrete path
    (``kit_items[1].label``), ``message`` plain words."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class DocField:
    """One field. ``item`` is the type of a list's items when they are scalars (``variants``:
    a list of SKUs); a list of objects declares its item fields as ``name[].sub`` instead.
    ``open`` on an object accepts any sub-field with a scalar value (custom attributes)."""

    name: str
    type: str
    required: bool = False
    description: str = ""
    choices: tuple[str, ...] = ()
    item: str | None = None
    open: bool = False
    max_length: int | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name) or self.name.endswith("[]"):
            raise ValueError(f"bad document field name {self.name!r}")
        if self.type not in TYPES:
            raise ValueError(f"unknown document field type {self.type!r} for {self.name!r}")
        if self.item is not None and (self.type != LIST or self.item not in SCALARS):
            raise ValueError(f"{self.name!r}: item types are for lists, and must be scalar")

    @property
    def parent(self) -> str:
        """The dotted name of the enclosing object or list item ("" at the top)."""
        return self.name.rsplit(".", 1)[0] if "." in self.name else ""

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a floating-point number"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, (bool, float)):
        return None
    if isinstance(value, (Decimal, int)):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def check_value(kind: str, value: Any, *, choices: tuple[str, ...] = ()) -> str | None:
    """Return why ``value`` is not of ``kind`` (a message), or None when it is."""
    if kind in (STRING, KEY):
        if not isinstance(value, str):
            return f"expects text, got {_describe(value)}"
        if choices and value not in choices:
            return f"expects one of {', '.join(choices)}, got {value!r}"
        return None
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expects a whole number, got {_describe(value)}"
        return None
    if kind == BOOLEAN:
        return None if isinstance(value, bool) else f"expects true/false, got {_describe(value)}"
    if kind in (DECIMAL, MONEY):
        number = _decimal(value)
        if number is None:
            return f'expects a decimal number such as "12.50", got {_describe(value)}'
        if kind == MONEY and -number.as_tuple().exponent > 4:  # type: ignore[operator]
            return f"expects an amount with at most 4 decimal places, got {value}"
        return None
    if kind == DATE:
        if isinstance(value, date) and not isinstance(value, datetime):
            return None
        if isinstance(value, str) and _DATE.match(value):
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return f'expects an ISO 8601 date such as "2024-05-01", got {_describe(value)}'
    if kind == DATETIME:
        parsed = value
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
        if not isinstance(parsed, datetime):
            return (
                f'expects an ISO 8601 date-time such as "2024-05-01T10:00:00Z", '
                f"got {_describe(value)}"
            )
        if parsed.tzinfo is None:
            return f"expects a date-time with a time zone, got {value}"
        return None
    if kind == LIST:
        return None if isinstance(value, list) else f"expects a list, got {_describe(value)}"
    if kind == OBJECT:
        return None if isinstance(value, dict) else f"expects an object, got {_describe(value)}"
    raise ValueError(f"unknown type {kind!r}")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


@dataclass(frozen=True)
class DocumentSchema:
    """The document one connector accepts or produces for one entity and direction."""

    entity: str
    direction: str  # "push": the connector accepts it; "pull": the connector produces it
    fields: tuple[DocField, ...]
    description: str = ""
    _by_name: dict[str, DocField] = field(init=False, repr=False, compare=False, hash=False)
    _children_of: dict[str, dict[str, DocField]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        by_name: dict[str, DocField] = {}
        for doc_field in self.fields:
            if doc_field.name in by_name:
                raise ValueError(f"document field {doc_field.name!r} declared twice")
            by_name[doc_field.name] = doc_field
        for doc_field in self.fields:
            parent = doc_field.parent.removesuffix("[]")
            if parent and by_name.get(parent, DocField("x", STRING)).type not in (OBJECT, LIST):
                raise ValueError(f"{doc_field.name!r}: declare {parent!r} as an object or list")
        children: dict[str, dict[str, DocField]] = {}
        for doc_field in self.fields:
            children.setdefault(doc_field.parent, {})[doc_field.leaf] = doc_field
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_children_of", children)

    def get(self, name: str) -> DocField | None:
        """The field of a target name; ``lines[0].sku`` and ``lines[].sku`` both find
        ``lines[].sku``. Sub-fields of an open object find the object itself. An item of a list
        of scalars (``tags[0]``) is a field of the list's item type, so that one value can be
        mapped into such a list."""
        normal = re.sub(r"\[\d*\]", "[]", name)
        found = self._by_name.get(normal)
        if found is not None:
            return found
        listed = self._by_name.get(normal[:-2]) if normal.endswith("[]") else None
        if listed is not None and listed.item is not None:
            return replace(listed, type=listed.item, item=None, required=False)
        parent = normal.rsplit(".", 1)[0] if "." in normal else ""
        container = self._by_name.get(parent.removesuffix("[]"))
        if container is not None and container.open and "." not in normal[len(parent) + 1 :]:
            return container
        return None

    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def validate(self, document: Mapping[str, Any]) -> list[DocumentError]:
        """Every problem at once, each naming the field: missing required fields, wrong types,
        values outside the choices, and fields the schema does not know."""
        errors: list[DocumentError] = []
        self._check_object(document, "", "", errors)
        return errors

    def _children(self, parent: str) -> dict[str, DocField]:
        return self._children_of.get(parent, {})

    def _check_object(
        self, data: Mapping[str, Any], schema_prefix: str, path_prefix: str, errors: list
    ) -> None:
        known = self._children(schema_prefix)
        for leaf, doc_field in known.items():
            path = f"{path_prefix}{leaf}"
            value = data.get(leaf)
            if is_empty(value):
                if doc_field.required:
                    errors.append(DocumentError(path, "is required"))
                continue
            problem = check_value(doc_field.type, value, choices=doc_field.choices)
            if problem:
                errors.append(DocumentError(path, problem))
                continue
            too_long = doc_field.max_length and isinstance(value, str)
            if too_long and len(value) > doc_field.max_length:  # type: ignore[operator]
                errors.append(
                    DocumentError(path, f"is longer than {doc_field.max_length} characters")
                )
            if doc_field.type == OBJECT:
                if doc_field.open:
                    self._check_open(value, f"{path}.", errors)
                else:
                    self._check_object(value, doc_field.name, f"{path}.", errors)
            elif doc_field.type == LIST:
                self._check_list(doc_field, value, path, errors)
        for leaf in data:
            if leaf not in known:
                message = "is not a field of this document"
                errors.append(DocumentError(f"{path_prefix}{leaf}", message))

    def _check_list(self, doc_field: DocField, items: list, path: str, errors: list) -> None:
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            if doc_field.item is not None:
                problem = check_value(doc_field.item, item)
                if problem:
                    errors.append(DocumentError(item_path, problem))
            elif self._children(f"{doc_field.name}[]"):
                if not isinstance(item, dict):
                    message = f"expects an object, got {_describe(item)}"
                    errors.append(DocumentError(item_path, message))
                else:
                    self._check_object(item, f"{doc_field.name}[]", f"{item_path}.", errors)

    @staticmethod
    def _check_open(data: Mapping[str, Any], path_prefix: str, errors: list) -> None:
        for name, value in data.items():
            scalar = (str, int, float, bool, Decimal, type(None))
            if isinstance(value, list):
                bad = not all(isinstance(item, scalar) for item in value)
            else:
                bad = not isinstance(value, scalar)
            if bad:
                errors.append(
                    DocumentError(
                        f"{path_prefix}{name}",
                        "expects text, a number, true/false or a list of them",
                    )
                )
