"""Money as commercetools writes it: ``centAmount`` in the currency's minor unit plus
``fractionDigits`` (reference/commercetools.md §3.8). Conversions are exact ``Decimal``
arithmetic, never floats; an amount that does not fit the currency's minor unit is refused
rather than rounded, so a price is never silently changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.http.errors import InvalidData

# ISO 4217 minor units that differ from 2 (the rest use 2). commercetools follows ISO 4217.
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
    "CLF": 4,
    "UYW": 4,
}

MONEY_HINT = (
    "Provide the amount as a decimal number with no more decimal places than the currency "
    "allows (2 for USD and EUR, 0 for JPY), and the currency as an ISO 4217 code."
)


def fraction_digits(currency: str) -> int:
    """The number of minor-unit digits of ``currency`` (ISO 4217)."""
    code = currency.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidData(
            f"{currency!r} is not an ISO 4217 currency code.", field="currency", hint=MONEY_HINT
        )
    return CURRENCY_EXPONENTS.get(code, 2)


def to_decimal(value: Any, field: str = "amount") -> Decimal:
    """A ``Decimal`` from a Decimal, an int or a decimal string; floats are refused."""
    if isinstance(value, (bool, float)):
        raise InvalidData(
            f'{field} must be a decimal string such as "19.99", not {value!r}.',
            field=field,
            hint=MONEY_HINT,
        )
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidData(
            f"{field} must be a decimal number, got {value!r}.", field=field, hint=MONEY_HINT
        ) from None
    if not number.is_finite():
        raise InvalidData(f"{field} must be a finite number, got {value!r}.", field=field)
    return number


def to_cents(amount: Any, currency: str, field: str = "amount") -> int:
    """``Decimal("19.99")``, "USD" -> 1999. More decimal places than the currency has (beyond
    trailing zeros) is an error naming the field, not a rounding."""
    digits = fraction_digits(currency)
    scaled = to_decimal(amount, field).scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise InvalidData(
            f"{field} {amount} has more decimal places than {currency.upper()} allows ({digits}).",
            field=field,
            hint=MONEY_HINT,
        )
    return int(scaled)


def from_cents(cent_amount: int, fraction: int) -> Decimal:
    """1999, 2 -> ``Decimal("19.99")`` (exact, with exactly ``fraction`` decimal places)."""
    return Decimal(int(cent_amount)).scaleb(-fraction)


def money_draft(amount: Any, currency: str, field: str = "amount") -> dict[str, Any]:
    """A ``Money`` draft: ``{"currencyCode", "centAmount"}``."""
    return {"currencyCode": currency.upper(), "centAmount": to_cents(amount, currency, field)}


def amount_of(money: Mapping[str, Any]) -> Decimal:
    """The Decimal amount of a commercetools money object (cent or high precision)."""
    currency = str(money.get("currencyCode", ""))
    digits = money.get("fractionDigits")
    if money.get("type") == "highPrecision" and "preciseAmount" in money:
        return from_cents(money["preciseAmount"], int(digits))
    return from_cents(
        money["centAmount"], int(digits) if digits is not None else fraction_digits(currency)
    )


def same_money(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """Equal currency and amount, whatever the representation (draft or response)."""
    if a is None or b is None:
        return a is b
    return str(a.get("currencyCode", "")).upper() == str(
        b.get("currencyCode", "")
    ).upper() and amount_of(a) == amount_of(b)
