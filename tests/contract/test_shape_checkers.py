"""The checkers the sandbox contract relies on catch what they are there to catch: a sandbox
that renamed a field, pointed a relationship at the wrong type or wrote money as a number
would otherwise pass unnoticed."""

from __future__ import annotations

import copy

from .ct_resources import RESOURCES as CT_RESOURCES
from .ct_resources import shape_problems as ct_shape_problems
from .openapi import problems, ref
from .oro_resources import shape_for
from .test_oro_sandbox_shapes import document_model, shape_problems

PRODUCT = {
    "type": "products",
    "id": "7",
    "links": {"self": "http://127.0.0.1/admin/api/products/7"},
    "attributes": {
        "sku": "SB-7",
        "status": "enabled",
        "productType": "simple",
        "createdAt": "2026-01-02T03:04:05Z",
    },
    "relationships": {
        name: {"data": {"type": target, "id": "1"}}
        for name, target in {
            "names": "productnames",
            "inventory_status": "prodinventorystatuses",
            "attributeFamily": "attributefamilies",
            "primaryUnitPrecision": "productunitprecisions",
            "unitPrecisions": "productunitprecisions",
        }.items()
    }
    | {"brand": {"data": None}},
}


def test_a_product_as_the_reference_records_it_passes():
    assert shape_problems(PRODUCT, shape_for("products", "6.1")) == []
    assert (
        problems({"data": [PRODUCT], "links": {"self": "x"}}, document_model(collection=True)) == []
    )


def test_a_renamed_field_is_caught():
    renamed = copy.deepcopy(PRODUCT)
    renamed["attributes"]["type"] = renamed["attributes"].pop("productType")
    assert shape_problems(renamed, shape_for("products", "6.1")) == [
        "invented attribute 'type'",
        "missing 'productType'",
    ]


def test_a_wrong_target_type_a_number_for_money_and_a_local_time_are_caught():
    price = {
        "type": "productprices",
        "id": "0672a2d5-b54f-cf6e-a0a4-000000000001-1",
        "attributes": {"quantity": 1, "value": 12.5, "currency": "USD"},
        "relationships": {
            "priceList": {"data": {"type": "pricelists", "id": "1"}},
            "product": {"data": {"type": "productunits", "id": "1"}},
            "unit": {"data": {"type": "productunits", "id": "item"}},
        },
    }
    assert shape_problems(price, shape_for("productprices", "6.1")) == [
        "product points to 'productunits', not 'products'",
        "money 'value' is 12.5, not a decimal string",
    ]
    order = {"type": "orders", "id": "x1", "attributes": {"updatedAt": "2026-01-02 03:04:05"}}
    found = shape_problems(order, shape_for("orders", "6.1"))
    assert "'updatedAt' is '2026-01-02 03:04:05', not Y-m-dTH:i:sZ" in found
    assert "id 'x1' is not of the form digits" in found


def test_version_names_are_applied():
    old = shape_for("orders", "5.1")
    assert "internal_status" in old.relationships and "internalStatus" not in old.relationships
    assert "order" in shape_for("orderlineitems", "6.0").relationships
    assert "orders" in shape_for("orderlineitems", "7.0").relationships


def test_the_document_schemas_refuse_what_oro_never_sends():
    assert problems({"data": [], "jsonapi": {"version": "1.0"}}, document_model(collection=True))
    assert problems({"data": [{"type": "products", "id": 7}]}, document_model(collection=True))
    assert problems({"errors": [{"status": 400, "title": "x"}]}, ref("failure"))
    assert problems({"errors": [{"status": "400", "title": "x"}]}, ref("failure")) == []


def test_commercetools_checks_catch_a_key_on_an_order_float_money_and_seconds_only_dates():
    order = {
        "id": "o1",
        "version": 1,
        "createdAt": "2026-01-02T03:04:05Z",
        "lastModifiedAt": "2026-01-02T03:04:05.000Z",
        "key": "o-1",
        "lineItems": [],
        "orderState": "Open",
        "totalPrice": {"type": "centPrecision", "currencyCode": "USD", "centAmount": 12.5},
    }
    found = ct_shape_problems(order, CT_RESOURCES["orders"])
    assert "'key' is not on this resource" in found
    assert "totalPrice.centAmount is 12.5, not an integer" in found
    assert "$.createdAt is '2026-01-02T03:04:05Z', not UTC with milliseconds" in found


def test_commercetools_checks_catch_the_draft_name_on_a_customer_group():
    group = {
        "id": "g1",
        "version": True,  # a boolean is not a version number
        "createdAt": "2026-01-02T03:04:05.000Z",
        "lastModifiedAt": "2026-01-02T03:04:05.000Z",
        "groupName": "VIP",
    }
    assert ct_shape_problems(group, CT_RESOURCES["customer-groups"]) == [
        "'version' is True, expected <class 'int'>",
        "'name' is None, expected <class 'str'>",
        "'groupName' is not on this resource",
    ]
