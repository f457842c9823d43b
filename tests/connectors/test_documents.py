"""The target document schema language: fields with dotted names, types, required, and
errors that name the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.commercetools.documents import DOCUMENTS as CT_DOCUMENTS
from connectors.documents import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    KEY,
    LIST,
    MONEY,
    OBJECT,
    STRING,
    DocField,
    DocumentSchema,
)
from connectors.orocommerce.documents import PRODUCT_PUSH
from connectors.registry import get_connector

ORDER = DocumentSchema(
    entity="order",
    direction="pull",
    fields=(
        DocField("number", STRING, required=True),
        DocField("placed_at", DATETIME),
        DocField("ship_by", DATE),
        DocField("total", MONEY),
        DocField("paid", BOOLEAN),
        DocField("customer", KEY),
        DocField("billing", OBJECT),
        DocField("billing.country", KEY, required=True),
        DocField("lines", LIST, required=True),
        DocField("lines[].sku", KEY, required=True),
        DocField("lines[].quantity", DECIMAL),
        DocField("lines[].position", INTEGER),
        DocField("tags", LIST, item=STRING),
        DocField("extra", OBJECT, open=True),
    ),
)

GOOD = {
    "number": "1001",
    "placed_at": "2024-05-01T10:00:00Z",
    "ship_by": "2024-05-03",
    "total": "12.50",
    "paid": True,
    "billing": {"country": "US"},
    "lines": [{"sku": "A", "quantity": "2", "position": 1}],
    "tags": ["rush"],
    "extra": {"anything": "goes", "n": 3},
}


def errors_of(document):
    return {error.field: error.message for error in ORDER.validate(document)}


def test_a_good_document_has_no_errors():
    assert ORDER.validate(GOOD) == []


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"number": None}, "number", "is required"),
        ({"number": 1001}, "number", "expects text"),
        ({"placed_at": "2024-05-01T10:00:00"}, "placed_at", "time zone"),
        ({"placed_at": "yesterday"}, "placed_at", "ISO 8601"),
        ({"ship_by": "03/05/2024"}, "ship_by", "ISO 8601 date"),
        ({"total": 12.5}, "total", "decimal number"),
        ({"total": "12.12345"}, "total", "4 decimal places"),
        ({"paid": "yes"}, "paid", "true/false"),
        ({"billing": {"country": None}}, "billing.country", "is required"),
        ({"lines": []}, "lines", "is required"),
        ({"lines": [{"sku": "A"}, {"quantity": "x"}]}, "lines[1].sku", "is required"),
        ({"lines": [{"sku": "A", "quantity": "x"}]}, "lines[0].quantity", "decimal"),
        ({"lines": [{"sku": "A", "position": True}]}, "lines[0].position", "whole number"),
        ({"lines": ["A"]}, "lines[0]", "expects an object"),
        ({"tags": ["a", 2]}, "tags[1]", "expects text"),
        ({"colour": "red"}, "colour", "not a field"),
        ({"extra": {"deep": {"x": 1}}}, "extra.deep", "text, a number"),
    ],
)
def test_each_problem_names_its_field(change, field, words):
    problems = errors_of({**GOOD, **change})
    assert field in problems, problems
    assert words in problems[field]


def test_every_problem_is_reported_at_once():
    problems = errors_of({"number": 5, "lines": [{}], "paid": "no"})
    assert set(problems) == {"number", "lines[0].sku", "paid"}


def test_decimal_values_may_be_decimals():
    lines = [{"sku": "A", "quantity": 2}]
    assert errors_of({**GOOD, "total": Decimal("3.10"), "lines": lines}) == {}


def test_field_lookup_accepts_indexes_and_open_objects():
    assert ORDER.get("lines[0].sku").name == "lines[].sku"
    assert ORDER.get("lines[].sku").type == KEY
    assert ORDER.get("extra.anything").name == "extra"
    assert ORDER.get("billing.city") is None
    assert ORDER.get("nothing") is None
    # One item of a list of scalars: typed as the items, never required on its own.
    assert (ORDER.get("tags[0]").type, ORDER.get("tags[0]").required) == (STRING, False)
    assert ORDER.get("tags[0].x") is None and ORDER.get("lines[0]") is None


def test_bad_declarations_are_refused():
    with pytest.raises(ValueError, match="unknown document field type"):
        DocField("x", "float")
    with pytest.raises(ValueError, match="bad document field name"):
        DocField("x..y", STRING)
    with pytest.raises(ValueError, match="declare 'a' as an object"):
        DocumentSchema("x", "push", (DocField("a", STRING), DocField("a.b", STRING)))
    with pytest.raises(ValueError, match="twice"):
        DocumentSchema("x", "push", (DocField("a", STRING), DocField("a", STRING)))


def test_orocommerce_declares_its_product_document_and_default_mappings():
    connector = get_connector("orocommerce")
    assert connector.documents[("product", "push")] is PRODUCT_PUSH
    assert connector.default_mappings_dir == "connectors.orocommerce.mappings"
    required = {f.name for f in PRODUCT_PUSH.fields if f.required and "." not in f.name}
    assert {"sku", "name", "primary_unit", "attribute_family", "inventory_status"} <= required


def test_commercetools_declares_a_document_and_default_mappings_for_each_entity():
    commercetools = get_connector("commercetools")
    assert commercetools.documents is CT_DOCUMENTS
    assert set(commercetools.documents) == set(commercetools.entities)
    assert commercetools.default_mappings_dir == "connectors.commercetools.mappings"
