"""Named transforms that follow a field mapping's source: a chain such as
``["trim", "upper"]`` or ``[{"name": "money_to_minor", "currency": "JPY"}]``.

Each transform is built once per collection (arguments checked then) into a function
value -> value that raises ``TransformError`` with plain words on bad input. An absent value
(missing or null) passes through every transform except ``default``, so that "required"
and "optional" stay the target's business. Money and decimals are exact (``Decimal``, never
float).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mappings.paths import MISSING

Transform = Callable[[Any], Any]

# ISO 4217 minor-unit exponents that are not 2 (everything else has 2 decimal places).
CURRENCY_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
}

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class TransformError(ValueError):
    """A value a transform cannot take; the message says what was expected."""


class UnknownTransform(ValueError):
    """A transform name or argument that does not exist (a configuration error)."""


def _absent(value: Any) -> bool:
    return value is None or value is MISSING


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(name: str, fn: Callable[[str], str]) -> Transform:
    def apply(value: Any) -> Any:
        if _absent(value):
            return value
        if not isinstance(value, str):
            raise TransformError(f"{name} expects text, got {_show(value)}")
        return fn(value)

    return apply


def to_decimal(value: Any) -> Decimal:
    """Exact decimal of text, an integer or a Decimal; floats go through their shortest
    repr so that 0.1 stays 0.1."""
    if isinstance(value, bool):
        raise TransformError(f"expects a number, got {value}")
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, (int, Decimal)):
            number = Decimal(value)
        elif isinstance(value, str):
            # Python accepts "1_000"; a store value with underscores is a typo, not a number.
            number = Decimal(value.strip().replace("_", "x"))
        else:
            raise TransformError(f"expects a number, got {_show(value)}")
    except InvalidOperation:
        raise TransformError(f"expects a number, got {_show(value)}") from None
    if not number.is_finite():
        raise TransformError(f"expects a finite number, got {_show(value)}")
    return number


def _number(value: Any) -> Any:
    if _absent(value):
        return value
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise TransformError(f"number expects a whole number, got {_show(value)}")
    return int(number)


def _make_decimal(places: int | None) -> Transform:
    quantum = Decimal(1).scaleb(-places) if places is not None else None

    def apply(value: Any) -> Any:
        if _absent(value):
            return value
        number = to_decimal(value)
        if quantum is not None:
            rounded = number.quantize(quantum)
            if rounded != number:
                raise TransformError(
                    f"decimal expects at most {places} decimal places, got {_show(value)}"
                )
            number = rounded
        return str(number)

    return apply


def currency_exponent(currency: str) -> int:
    return CURRENCY_EXPONENTS.get(currency.upper(), 2)


def _currency(args: dict[str, Any], name: str) -> str:
    currency = args.get("currency")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        raise UnknownTransform(f'{name} needs "currency": a 3-letter ISO 4217 code such as USD')
    return currency.upper()


def _money_to_minor(currency: str) -> Transform:
    exponent = currency_exponent(currency)

    def apply(value: Any) -> Any:
        if _absent(value):
            return value
        amount = to_decimal(value)
        minor = amount.scaleb(exponent)
        if minor != minor.to_integral_value():
            raise TransformError(
                f"{_show(value)} {currency} has more than {exponent} decimal places"
            )
        return int(minor)

    return apply


def _money_from_minor(currency: str) -> Transform:
    exponent = currency_exponent(currency)

    def apply(value: Any) -> Any:
        if _absent(value):
            return value
        minor = to_decimal(value)
        if minor != minor.to_integral_value():
            raise TransformError(f"money_from_minor expects whole minor units, got {_show(value)}")
        return str(minor.scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent)))

    return apply


def _parse_datetime(value: Any, name: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise TransformError(f"{name} expects an ISO 8601 text, got {_show(value)}")
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        message = f"{name} expects ISO 8601, such as 2024-05-01, got {_show(value)}"
        raise TransformError(message) from None


def _date(value: Any) -> Any:
    if _absent(value):
        return value
    return _parse_datetime(value, "date").date().isoformat()


def _make_datetime(assume_utc: bool) -> Transform:
    def apply(value: Any) -> Any:
        if _absent(value):
            return value
        parsed = _parse_datetime(value, "datetime")
        if parsed.tzinfo is None:
            if not assume_utc:
                raise TransformError(
                    f"datetime: {_show(value)} has no time zone "
                    f'(add "assume_utc": true to read it as UTC)'
                )
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")

    return apply


def _boolean(value: Any) -> Any:
    if _absent(value) or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise TransformError(f"boolean expects true/false, yes/no, 1/0 or on/off, got {_show(value)}")


def _make_default(fallback: Any) -> Transform:
    def apply(value: Any) -> Any:
        return fallback if _absent(value) or value == "" else value

    return apply


def _args(spec: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(spec, str):
        return spec, {}
    if isinstance(spec, dict) and isinstance(spec.get("name"), str):
        return spec["name"], {k: v for k, v in spec.items() if k != "name"}
    raise UnknownTransform(
        f'a transform is a name such as "trim" or an object such as '
        f'{{"name": "default", "value": "n/a"}}; got {_show(spec)}'
    )


def _no_args(name: str, args: dict[str, Any], allowed: tuple[str, ...] = ()) -> None:
    extra = sorted(set(args) - set(allowed))
    if extra:
        raise UnknownTransform(f"{name} takes no argument {', '.join(extra)}")


def build(spec: Any) -> Transform:
    """One transform from its JSON form; ``UnknownTransform`` names the problem."""
    name, args = _args(spec)
    if name == "trim":
        _no_args(name, args)
        return _text("trim", str.strip)
    if name == "upper":
        _no_args(name, args)
        return _text("upper", str.upper)
    if name == "lower":
        _no_args(name, args)
        return _text("lower", str.lower)
    if name == "number":
        _no_args(name, args)
        return _number
    if name == "decimal":
        _no_args(name, args, ("places",))
        places = args.get("places")
        if places is not None and (not isinstance(places, int) or not 0 <= places <= 12):
            raise UnknownTransform('decimal "places" must be a whole number from 0 to 12')
        return _make_decimal(places)
    if name == "money_to_minor":
        _no_args(name, args, ("currency",))
        return _money_to_minor(_currency(args, name))
    if name == "money_from_minor":
        _no_args(name, args, ("currency",))
        return _money_from_minor(_currency(args, name))
    if name == "date":
        _no_args(name, args)
        return _date
    if name == "datetime":
        _no_args(name, args, ("assume_utc",))
        return _make_datetime(bool(args.get("assume_utc")))
    if name == "boolean":
        _no_args(name, args)
        return _boolean
    if name == "default":
        if "value" not in args:
            raise UnknownTransform('default needs "value": what to use when the source is empty')
        _no_args(name, args, ("value",))
        return _make_default(args["value"])
    raise UnknownTransform(f"unknown transform {name!r} (known: {', '.join(NAMES)})")


NAMES = (
    "trim",
    "upper",
    "lower",
    "number",
    "decimal",
    "money_to_minor",
    "money_from_minor",
    "date",
    "datetime",
    "boolean",
    "default",
)


def chain(specs: list[Any] | None) -> tuple[tuple[str, Transform], ...]:
    """Build a whole chain; each entry keeps its name for error messages."""
    if specs is None:
        return ()
    if not isinstance(specs, list):
        raise UnknownTransform("transforms must be a list")
    return tuple((_args(spec)[0], build(spec)) for spec in specs)
