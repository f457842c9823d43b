"""Each transform with good and bad input; money and decimals stay exact."""

from __future__ import annotations

import pytest

from mappings.paths import MISSING
from mappings.transforms import TransformError, UnknownTransform, build, chain


def run(spec, value):
    return build(spec)(value)


@pytest.mark.parametrize(
    "spec, value, expected",
    [
        ("trim", "  a b  ", "a b"),
        ("upper", "abc", "ABC"),
        ("lower", "ÀBC", "àbc"),
        ("number", "12", 12),
        ("number", "12.0", 12),
        ("number", 7, 7),
        ("decimal", "0010.50", "10.50"),
        ("decimal", 0.1, "0.1"),
        ({"name": "decimal", "places": 2}, "3.5", "3.50"),
        ({"name": "money_to_minor", "currency": "USD"}, "12.34", 1234),
        ({"name": "money_to_minor", "currency": "usd"}, "0.1", 10),
        ({"name": "money_to_minor", "currency": "JPY"}, "1200", 1200),
        ({"name": "money_to_minor", "currency": "KWD"}, "1.234", 1234),
        ({"name": "money_from_minor", "currency": "USD"}, 1234, "12.34"),
        ({"name": "money_from_minor", "currency": "USD"}, 5, "0.05"),
        ({"name": "money_from_minor", "currency": "JPY"}, "1200", "1200"),
        ({"name": "money_from_minor", "currency": "BHD"}, 1, "0.001"),
        ("date", "2024-05-01", "2024-05-01"),
        ("date", "2024-05-01T23:10:00+02:00", "2024-05-01"),
        ("datetime", "2024-05-01T10:00:00+02:00", "2024-05-01T08:00:00Z"),
        ("datetime", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
        ({"name": "datetime", "assume_utc": True}, "2024-05-01 10:00", "2024-05-01T10:00:00Z"),
        ("boolean", "Yes", True),
        ("boolean", "off", False),
        ("boolean", 1, True),
        ("boolean", False, False),
        ({"name": "default", "value": "n/a"}, "", "n/a"),
        ({"name": "default", "value": "n/a"}, None, "n/a"),
        ({"name": "default", "value": "n/a"}, MISSING, "n/a"),
        ({"name": "default", "value": "n/a"}, "x", "x"),
        ({"name": "default", "value": 0}, 0, 0),
    ],
)
def test_good_input(spec, value, expected):
    assert run(spec, value) == expected


@pytest.mark.parametrize(
    "spec, value, words",
    [
        ("trim", 5, "trim expects text, got 5"),
        ("upper", ["a"], "upper expects text"),
        ("number", "12.5", "whole number, got '12.5'"),
        ("number", "twelve", "expects a number, got 'twelve'"),
        ("number", True, "expects a number"),
        ("decimal", "1_000", "expects a number"),
        ("decimal", "NaN", "finite"),
        ({"name": "decimal", "places": 2}, "3.567", "at most 2 decimal places"),
        ({"name": "money_to_minor", "currency": "USD"}, "12.345", "more than 2 decimal places"),
        ({"name": "money_to_minor", "currency": "JPY"}, "10.5", "more than 0 decimal places"),
        ({"name": "money_from_minor", "currency": "USD"}, "12.5", "whole minor units"),
        ("date", "01/05/2024", "ISO 8601"),
        ("date", 20240501, "ISO 8601"),
        ("datetime", "2024-05-01T10:00:00", "no time zone"),
        ("boolean", "maybe", "boolean expects true/false"),
        ("boolean", 2, "boolean expects"),
    ],
)
def test_bad_input_says_what_was_expected(spec, value, words):
    with pytest.raises(TransformError, match=words):
        run(spec, value)


@pytest.mark.parametrize("spec", ["trim", "number", "decimal", "date", "boolean"])
def test_an_absent_value_passes_through(spec):
    assert run(spec, None) is None
    assert run(spec, MISSING) is MISSING


@pytest.mark.parametrize(
    "spec, words",
    [
        ("shout", "unknown transform 'shout'"),
        ({"name": "money_to_minor"}, 'needs "currency"'),
        ({"name": "money_to_minor", "currency": "DOLLARS"}, "3-letter"),
        ({"name": "default"}, 'needs "value"'),
        ({"name": "trim", "side": "left"}, "takes no argument side"),
        ({"name": "decimal", "places": -1}, "0 to 12"),
        (42, "a transform is a name"),
    ],
)
def test_bad_configuration_is_refused_when_built(spec, words):
    with pytest.raises(UnknownTransform, match=words):
        build(spec)


def test_a_chain_keeps_each_transform_name():
    steps = chain(["trim", {"name": "default", "value": "x"}])
    assert [name for name, _ in steps] == ["trim", "default"]
    with pytest.raises(UnknownTransform, match="must be a list"):
        chain("trim")
