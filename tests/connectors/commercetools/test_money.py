"""Money: centAmount and fractionDigits, converted exactly (reference/commercetools.md §3.8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.commercetools.money import (
    amount_of,
    fraction_digits,
    from_cents,
    money_draft,
    same_money,
    to_cents,
)
from connectors.http import InvalidData


@pytest.mark.parametrize(
    ("amount", "currency", "cents"),
    [
        ("19.99", "USD", 1999),
        (Decimal("0.10"), "EUR", 10),
        ("19.990", "usd", 1999),  # trailing zeros are not extra precision
        ("1500", "JPY", 1500),
        ("1.234", "KWD", 1234),
        (7, "USD", 700),
        ("123456789012345.67", "USD", 12345678901234567),  # beyond float's exact range
    ],
)
def test_amounts_become_cents_exactly(amount, currency, cents):
    assert to_cents(amount, currency) == cents


def test_cents_come_back_as_exact_decimals():
    assert from_cents(1999, 2) == Decimal("19.99") and str(from_cents(1999, 2)) == "19.99"
    assert str(from_cents(1500, 0)) == "1500"
    assert str(from_cents(12345678901234567, 2)) == "123456789012345.67"
    assert amount_of(
        {
            "type": "highPrecision",
            "preciseAmount": 123456,
            "fractionDigits": 5,
            "currencyCode": "EUR",
            "centAmount": 123,
        }
    ) == Decimal("1.23456")


def test_currency_exponents():
    assert fraction_digits("USD") == 2 and fraction_digits("jpy") == 0
    assert fraction_digits("BHD") == 3


@pytest.mark.parametrize("bad", [19.99, "abc", "NaN", True, None])
def test_floats_and_garbage_are_refused_naming_the_field(bad):
    with pytest.raises(InvalidData) as caught:
        to_cents(bad, "USD", "variants[0].prices[0].amount")
    assert caught.value.field == "variants[0].prices[0].amount"


def test_more_decimal_places_than_the_currency_has_is_refused_not_rounded():
    with pytest.raises(InvalidData, match="more decimal places than JPY allows"):
        to_cents("10.5", "JPY")
    with pytest.raises(InvalidData, match="ISO 4217"):
        money_draft("1", "dollars")


def test_same_money_compares_amounts_across_shapes():
    draft = money_draft("19.90", "USD")
    assert draft == {"currencyCode": "USD", "centAmount": 1990}
    response = {
        "type": "centPrecision",
        "currencyCode": "USD",
        "centAmount": 1990,
        "fractionDigits": 2,
    }
    assert same_money(draft, response)
    assert not same_money(draft, {**response, "centAmount": 1991})
    assert not same_money(draft, {**response, "currencyCode": "EUR"})
