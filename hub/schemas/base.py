"""A small declarative schema language for hub entities.

Each entity declares its fields once (name, type, required, description). From that one
declaration come validation (every error at once, each with a path and plain words), the
canonical form of the data (defaults filled, codes upper-cased, emails lower-cased) and the
documentation in docs/hub.md. Hub data is plain JSON, so the types here are JSON-shaped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from hub.schemas.codes import COUNTRIES, CURRENCIES

# Field kinds. Objects and lists carry their own sub-fields / item field.
STRING = "string"
INTEGER = "integer"
BOOLEAN = "boolean"
DECIMAL = "decimal"  # a decimal number written as a string: "12.50", never a float
CURRENCY = "currency"  # ISO 4217 alphabetic code
COUNTRY = "country"  # ISO 3166-1 alpha-2 code
REGION = "region"  # ISO 3166-2 subdivision code: "CA" or "US-CA"
EMAIL = "email"
DATETIME = "datetime"  # ISO 8601 date and time
CHOICE = "choice"
OBJECT = "object"
LIST = "list"
LOCALIZED = "localized"  # {"en": "text", "de": "Text"}: locale -> string
ATTRIBUTES = "attributes"  # {name: scalar or list of scalars}

KINDS = (
    STRING,
    INTEGER,
    BOOLEAN,
    DECIMAL,
    CURRENCY,
    COUNTRY,
    REGION,
    EMAIL,
    DATETIME,
    CHOICE,
    OBJECT,
    LIST,
    LOCALIZED,
    ATTRIBUTES,
)

_DECIMAL = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_REGION = re.compile(r"^(?:([A-Z]{2})-)?[A-Z0-9]{1,3}$")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
_MISSING = object()


@dataclass(frozen=True)
class FieldError:
    """One problem with one field: `path` like "lines[2].price", `message` in plain words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Field:
    """One field of an entity (or of an object inside it)."""

    name: str
    kind: str
    required: bool = False
    description: str = ""
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()  # for OBJECT
    item: Field | None = None  # for LIST
    default: Any = _MISSING
    max_length: int | None = 255  # for STRING

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.name!r}")
        if self.kind == CHOICE and not self.choices:
            raise ValueError(f"choice field {self.name!r} needs choices")
        if self.kind == LIST and self.item is None:
            raise ValueError(f"list field {self.name!r} needs an item field")

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING

    def type_label(self) -> str:
        """The type in readers' words, for errors and docs."""
        if self.kind == CHOICE:
            return "one of " + ", ".join(self.choices)
        if self.kind == LIST:
            return f"list of {self.item.type_label()}"  # type: ignore[union-attr]
        return {
            STRING: "text",
            INTEGER: "whole number",
            BOOLEAN: "true/false",
            DECIMAL: 'decimal string ("12.50")',
            CURRENCY: "ISO 4217 currency code",
            COUNTRY: "ISO 3166-1 alpha-2 country code",
            REGION: 'region code ("CA" or "US-CA")',
            EMAIL: "email address",
            DATETIME: "ISO 8601 date-time",
            OBJECT: "object",
            LOCALIZED: 'text per locale ({"en": ...})',
            ATTRIBUTES: "name -> value",
        }[self.kind]


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a floating-point number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _clean_scalar(f: Field, value: Any, path: str, errors: list[FieldError]) -> Any:
    """Check one non-container value and return its canonical form."""
    kind = f.kind
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(FieldError(path, f"must be a whole number, got {_type_name(value)}"))
        return value
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            errors.append(FieldError(path, f"must be true or false, got {_type_name(value)}"))
        return value
    if kind == DECIMAL:
        if isinstance(value, float):
            errors.append(
                FieldError(
                    path,
                    f'must be a decimal written as text, like "{value}"; '
                    "floating-point numbers lose cents",
                )
            )
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # whole numbers are exact: accept and store as text
        if not isinstance(value, str):
            errors.append(FieldError(path, f"must be a decimal string, got {_type_name(value)}"))
            return value
        text = value.strip()
        if not _DECIMAL.match(text):
            # Only plain notation: "1e5", "NaN" or "12,50" are not what a store takes as money.
            errors.append(FieldError(path, f'"{value}" is not a decimal number like 12.50'))
        return text
    if not isinstance(value, str):
        errors.append(FieldError(path, f"must be {f.type_label()}, got {_type_name(value)}"))
        return value
    text = value.strip()
    if kind == STRING:
        if f.max_length is not None and len(text) > f.max_length:
            errors.append(FieldError(path, f"is longer than {f.max_length} characters"))
        return text
    if kind == CHOICE:
        if text not in f.choices:
            errors.append(
                FieldError(path, f'"{value}" is not allowed; use one of ' + ", ".join(f.choices))
            )
        return text
    if kind == CURRENCY:
        code = text.upper()
        if code not in CURRENCIES:
            errors.append(FieldError(path, f'"{value}" is not an ISO 4217 currency code'))
        return code
    if kind == COUNTRY:
        code = text.upper()
        if code not in COUNTRIES:
            errors.append(FieldError(path, f'"{value}" is not an ISO 3166-1 alpha-2 country code'))
        return code
    if kind == REGION:
        code = text.upper()
        if not _REGION.match(code):
            errors.append(FieldError(path, f'"{value}" is not a region code like "CA" or "US-CA"'))
        return code
    if kind == EMAIL:
        address = text.lower()
        if not _EMAIL.match(address):
            errors.append(FieldError(path, f'"{value}" is not an email address'))
        return address
    if kind == DATETIME:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            errors.append(
                FieldError(
                    path, f'"{value}" is not an ISO 8601 date-time like 2024-05-01T10:00:00Z'
                )
            )
        return text
    raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover - guarded by KINDS


def _clean_value(f: Field, value: Any, path: str, errors: list[FieldError]) -> Any:
    if value is None:
        if f.required:
            errors.append(FieldError(path, "is required"))
        return None
    if f.kind == OBJECT:
        if not isinstance(value, dict):
            errors.append(FieldError(path, f"must be an object, got {_type_name(value)}"))
            return value
        return clean_fields(f.fields, value, path, errors)
    if f.kind == LIST:
        if not isinstance(value, list):
            errors.append(FieldError(path, f"must be a list, got {_type_name(value)}"))
            return value
        if f.required and not value:
            errors.append(FieldError(path, "must not be empty"))
        items = []
        for i, item in enumerate(value):
            if item is None or item == "":
                errors.append(FieldError(f"{path}[{i}]", "is empty"))
                items.append(item)
                continue
            items.append(_clean_value(f.item, item, f"{path}[{i}]", errors))  # type: ignore[arg-type]
        return items
    if f.kind == LOCALIZED:
        if not isinstance(value, dict):
            errors.append(
                FieldError(path, f"must be an object of locale -> text, got {_type_name(value)}")
            )
            return value
        out = {}
        for locale, text in value.items():
            sub = f"{path}.{locale}"
            if not _LOCALE.match(locale):
                errors.append(FieldError(sub, f'"{locale}" is not a locale code like "en"'))
            if text is None or (isinstance(text, str) and not text.strip()):
                continue  # an empty translation is no translation
            if not isinstance(text, str):
                errors.append(FieldError(sub, f"must be text, got {_type_name(text)}"))
                out[locale] = text
            else:
                out[locale] = text.strip()
        if f.required and not out:
            errors.append(FieldError(path, 'needs at least one locale, like {"en": "..."}'))
        return out
    if f.kind == ATTRIBUTES:
        if not isinstance(value, dict):
            errors.append(
                FieldError(path, f"must be an object of name -> value, got {_type_name(value)}")
            )
            return value
        for name, item in value.items():
            items = item if isinstance(item, list) else [item]
            if any(isinstance(x, dict | list) for x in items):
                errors.append(
                    FieldError(f"{path}.{name}", "must be text, a number, true/false or a list")
                )
            elif any(isinstance(x, float) for x in items):
                errors.append(
                    FieldError(f"{path}.{name}", "must not be a floating-point number; use text")
                )
        return dict(value)
    return _clean_scalar(f, value, path, errors)


def clean_fields(
    fields: Iterable[Field], data: dict[str, Any], path: str, errors: list[FieldError]
) -> dict[str, Any]:
    """Validate `data` against `fields`; return the canonical copy, appending to `errors`."""
    fields = tuple(fields)
    known = {f.name for f in fields}
    for name in data:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            errors.append(FieldError(_join(path, str(name)), "is not a known field" + hint))
    out: dict[str, Any] = {}
    for f in fields:
        sub = _join(path, f.name)
        value = data.get(f.name, _MISSING)
        if value is _MISSING or value is None or value == "":
            if f.has_default:
                out[f.name] = f.default() if callable(f.default) else f.default
                continue
            if f.required:
                errors.append(FieldError(sub, "is required"))
            # An empty optional value is the same as no value: dropping it keeps one canonical
            # form, so {"brand": ""} and {} hash alike and make no new version.
            continue
        out[f.name] = _clean_value(f, value, sub, errors)
    return out


KeyFunction = Callable[[dict[str, Any], "int | None"], str]
Check = Callable[[dict[str, Any]], list[FieldError]]


@dataclass(frozen=True)
class EntitySchema:
    """One hub entity: its fields, its natural key and any cross-field checks."""

    entity: str
    description: str
    fields: tuple[Field, ...]
    key_function: KeyFunction
    key_description: str
    checks: tuple[Check, ...] = ()
    keyed_by_origin: bool = False  # orders and trackings: the key includes the source subscription
    # Entities whose records this one names by natural key (a customer names its group): a store
    # must have those first, so "Push all" sends them first (`hub.schemas.dependency_order`).
    refers_to: tuple[str, ...] = ()
    example: dict[str, Any] = field(default_factory=dict)

    def field_named(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def clean(self, data: Any) -> tuple[dict[str, Any], list[FieldError]]:
        """The canonical copy of `data` and every error found (empty when valid)."""
        if not isinstance(data, dict):
            return {}, [
                FieldError("", f"a {self.entity} must be an object, got {_type_name(data)}")
            ]
        errors: list[FieldError] = []
        cleaned = clean_fields(self.fields, data, "", errors)
        if not errors:
            # Cross-field checks assume the types are right, so they run on valid shapes only.
            for check in self.checks:
                errors.extend(check(cleaned))
        return cleaned, errors

    def validate(self, data: Any) -> list[FieldError]:
        """Every problem with `data`, each with a path and a message; [] when valid."""
        return self.clean(data)[1]

    def key(self, data: dict[str, Any], origin_subscription_id: int | None = None) -> str:
        """The natural key of (cleaned) `data`."""
        return self.key_function(data, origin_subscription_id)


def decimal_key(value: str) -> str:
    """A decimal in its shortest exact form, so "1", "1.0" and "1.000" give one key."""
    number = Decimal(value).normalize()
    text = format(number, "f")
    return text


def origin_part(origin_subscription_id: int | None) -> str:
    """The origin part of an order or tracking key; records typed into the hub say "hub"."""
    return "hub" if origin_subscription_id is None else str(origin_subscription_id)
