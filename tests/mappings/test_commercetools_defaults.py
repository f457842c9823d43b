"""The commercetools default mappings render realistic hub records (the hub's factories) into
documents the connector accepts, and commercetools orders into valid hub orders."""

from __future__ import annotations

import copy

import pytest

from connectors.commercetools.adapters.order import order_document
from connectors.commercetools.documents import DOCUMENTS
from connectors.registry import get_connector
from hub import services as hub
from mappings.defaults import load_defaults
from mappings.engine import compile_collection
from mappings.schemas import target_schema
from sandbox.commercetools import CommercetoolsSandbox
from tests.connectors.commercetools.factories import money
from tests.hub.factories import kit_data, valid

pytestmark = pytest.mark.django_db

DEFAULTS = {(d.entity, d.direction): d for d in load_defaults(get_connector("commercetools"))}


def plan(entity: str, direction: str = "push"):
    default = DEFAULTS[(entity, direction)]
    return compile_collection(default.fields, target_schema("commercetools", entity, direction))


def render(entity: str, **overrides) -> dict:
    """A hub record as the hub stores it (canonical), rendered by the shipped default; the
    document must also pass the connector's own schema."""
    record = hub.upsert(entity, valid(entity, **overrides)).record
    result = plan(entity).render(record.data)
    assert result.errors == [], [str(e) for e in result.errors]
    assert DOCUMENTS[(entity, "push")].validate(result.document) == []
    return result.document


def test_every_entity_the_connector_offers_has_one_default():
    assert set(DEFAULTS) == set(get_connector("commercetools").entities)


@pytest.mark.parametrize("entity", ["product", "price", "customer_group", "customer_user"])
def test_every_push_default_renders_its_factory_record(entity):
    render(entity)


def test_shipment_tracking_renders_its_factory_record():
    record = hub.upsert("shipment_tracking", valid("shipment_tracking")).record
    document = plan("shipment_tracking").render(record.data).document
    assert document == {"order": "1001", "tracking_number": "1Z999", "carrier": "UPS"}


def test_a_simple_product_is_one_master_variant_with_its_attributes():
    document = render("product", sku="Chair 1/B", attribute_family="workwear")
    assert document == {
        "key": "chair-1b",
        "product_type": "workwear",
        "name": {"en": "Office chair"},
        "slug": {"en": "chair-1b"},
        "categories": ["chairs"],
        "publish": True,
        "variants": [{"sku": "Chair 1/B", "attributes": {"color": "black"}}],
    }


def test_a_configurable_products_variant_skus_are_its_variants():
    document = render("product", type="configurable", variants=["CHAIR-RED", "CHAIR-BLUE"])
    assert [v["sku"] for v in document["variants"]] == ["CHAIR-RED", "CHAIR-BLUE"]
    assert document["product_type"] == "default"  # no attribute family
    assert render("product", status="disabled")["publish"] is False


def test_a_kit_and_a_product_without_category_render_too():
    render("product", **{k: v for k, v in kit_data().items() if k != "sku"})
    assert "categories" not in render("product", category=None)


def test_prices_keep_their_exact_amount_and_the_default_list_is_the_base_price():
    document = render("price", value="129.5", currency="eur")
    assert document == {"sku": "CHAIR-1", "currency": "EUR", "amount": "129.5", "quantity": "1"}
    assert render("price", quantity="10")["quantity"] == "10"  # the connector refuses tiers
    assert render("price", value="1500", currency="JPY")["amount"] == "1500"


def test_a_price_list_the_table_does_not_know_fails_rather_than_overwrite_the_base_price():
    record = hub.upsert("price", valid("price", price_list="Wholesale")).record
    [error] = plan("price").render(record.data).errors
    assert error.field == "customer_group" and "'Wholesale'" in error.message


def test_customer_groups_and_customers():
    assert render("customer_group", name="Key Accounts") == {
        "key": "key-accounts",
        "name": "Key Accounts",
    }
    document = render("customer_user", email="Jane@Acme.Example", middle_name="Q")
    assert document == {
        "email": "jane@acme.example",
        "first_name": "Jane",
        "last_name": "Doe",
        "middle_name": "Q",
        "company_name": "Acme Inc.",
    }


def pull_into_hub(document: dict) -> dict:
    result = plan("order", "pull").render(document)
    assert result.errors == [], [str(e) for e in result.errors]
    return hub.upsert("order", result.document, origin_subscription_id=7).record.data


def test_a_sandbox_order_renders_into_a_valid_hub_order():
    with CommercetoolsSandbox.running() as sandbox:
        remote = next(o for o in sandbox.data["orders"].values() if o["orderNumber"] == "CT-2004")
        address = sandbox.data["customers"][remote["customerId"]]["addresses"][0]
    order = pull_into_hub(order_document(copy.deepcopy(remote)))
    assert order["number"] == "CT-2004" and order["customer_user"] == remote["customerEmail"]
    assert order["currency"] == "USD"
    assert order["total"] == f"{remote['totalPrice']['centAmount'] / 100:.2f}"
    assert [line["sku"] for line in order["lines"]] == [
        item["variant"]["sku"] for item in remote["lineItems"]
    ]
    assert all(line["unit"] == "item" for line in order["lines"])
    assert order["shipping_address"]["street"] == f"{address['streetNumber']} Main Street"
    assert order["created_at"].endswith("Z") and order["status"] == remote["orderState"]


def test_a_taxed_order_with_a_custom_line_keeps_exact_amounts():
    remote = {
        "id": "o-1",
        "version": 3,
        "orderNumber": "N-1",
        "customerEmail": "Jane@Acme.example",
        "createdAt": "2026-11-23T11:00:00.000Z",
        "lastModifiedAt": "2026-11-23T11:30:00.000Z",
        "orderState": "Confirmed",
        "totalPrice": money(12345),
        "taxedPrice": {
            "totalNet": money(10000),
            "totalGross": money(12345),
            "totalTax": money(2345),
        },
        "billingAddress": {"streetName": "Main", "city": "Boston", "country": "us"},
        "lineItems": [
            {
                "id": "li",
                "name": {"en": "Hard Hat"},
                "variant": {"sku": "HH-1"},
                "quantity": 3,
                "price": {"value": money(1999)},
                "totalPrice": money(5997),
            }
        ],
        "customLineItems": [
            {
                "id": "cl",
                "name": {"en": "Gift wrap"},
                "quantity": 1,
                "money": money(250),
                "totalPrice": money(250),
            }
        ],
    }
    order = pull_into_hub(order_document(remote))
    assert order["lines"] == [
        {"sku": "HH-1", "name": "Hard Hat", "quantity": "3", "unit": "item", "price": "19.99",
         "total": "59.97"},
        {"sku": "CUSTOM", "name": "Gift wrap", "quantity": "1", "unit": "item", "price": "2.50",
         "total": "2.50"},
    ]  # fmt: skip
    assert order["subtotals"] == [
        {"type": "subtotal", "label": "Net total", "amount": "100.00"},
        {"type": "tax", "label": "Tax", "amount": "23.45"},
    ]
    assert order["total"] == "123.45" and order["customer_user"] == "jane@acme.example"
    assert order["billing_address"] == {"street": "Main", "city": "Boston", "country": "US"}
    assert "subtotals" not in pull_into_hub(order_document({**remote, "taxedPrice": None}))


def test_a_customer_users_address_renders_and_a_company_address_is_refused():
    owner = {"type": "customer_user", "key": "Jane@Acme.example"}
    document = render("address", owner=owner, label="Head office")
    assert document == {
        "customer": "jane@acme.example",
        "key": "Head office",
        "street_name": "1 Main St",
        "postal_code": "62701",
        "city": "Springfield",
        "state": "US-IL",
        "country": "US",
        "default_billing": True,
    }
    assert render("address", owner=owner, key="hq")["key"] == "hq"
    company = hub.upsert("address", valid("address")).record  # owned by a customer (company)
    [error] = plan("address").render(company.data).errors
    assert error.field == "customer"
    assert error.message.startswith("is required (commercetools keeps addresses on customers")
