"""The OroCommerce connector's default mappings: one per entity and direction it offers, each
rendering realistic hub records (push) or the sandbox's orders (pull) without an error.

Push: hub records made through the upsert service render into documents the connector's
document schema accepts. Pull: the order adapter's documents, read from the in-process Oro
sandbox, match the declared pull document and render into valid hub orders.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from connectors.adapters import PullWindow
from connectors.orocommerce.adapters import ADAPTERS
from connectors.orocommerce.documents import DOCUMENTS, ORDER_PULL
from connectors.registry import get_connector
from hub.entities import get_schema
from hub.services import upsert
from mappings.defaults import DefaultCollection, load_defaults
from mappings.engine import Plan, compile_collection
from mappings.schemas import target_schema
from tests.connectors.orocommerce.factories import context, running_sandbox, sandbox_client
from tests.hub.factories import (
    address_data,
    configurable_data,
    customer_data,
    customer_group_data,
    customer_user_data,
    kit_data,
    make_record,
    price_data,
    price_list_data,
    product_data,
    shipment_tracking_data,
)

DEFAULTS = {(d.entity, d.direction): d for d in load_defaults(get_connector("orocommerce"))}

# Realistic hub records per entity: the factories' plain record and one that fills the
# optional fields the store has a place for.
RECORDS: dict[str, list[dict[str, Any]]] = {
    "product": [product_data(), configurable_data(), kit_data()],
    "price": [
        price_data(),
        price_data(sku=" chair-2 ", quantity="10", value="12.3456", unit="SET", is_default=False),
    ],
    "price_list": [
        price_list_data(),
        price_list_data(code="PL-9", active=False, customer_groups=["Wholesale", "Partners"]),
    ],
    "customer_group": [customer_group_data(), customer_group_data(payment_term="net 30")],
    "customer": [
        customer_data(),
        customer_data(
            code="C-1001",
            parent="Acme Holding",
            tax_code="customer_standard",
            attributes={"tier": "gold"},
        ),
    ],
    "customer_user": [
        customer_user_data(),
        customer_user_data(
            middle_name="Q.", phone="+1 555 0100", roles=["Buyer", "Administrator"], enabled=False
        ),
    ],
    "address": [
        address_data(),
        address_data(
            owner={"type": "customer_user", "key": "Jane@Acme.example"},
            label=None,
            key="home",
            types=["shipping"],
            default_billing=None,
            default_shipping=True,
            organization="Acme Inc.",
            first_name="Jane",
            last_name="Doe",
            street2="Suite 5",
            region="IL",
            phone="+1 555 0101",
        ),
    ],
    "shipment_tracking": [
        shipment_tracking_data(),
        shipment_tracking_data(carrier=None, method="Ground"),
    ],
}


def plan_for(default: DefaultCollection) -> Plan:
    return compile_collection(
        default.fields, target_schema("orocommerce", default.entity, default.direction)
    )


def test_every_entity_and_direction_the_connector_offers_has_a_default_and_a_document():
    assert set(DEFAULTS) == set(ADAPTERS) == set(DOCUMENTS)
    assert len({d.name for d in DEFAULTS.values()}) == len(DEFAULTS)
    assert all(d.description for d in DEFAULTS.values())


# Products' default is extended on its own (not here); the others map every document field.
@pytest.mark.parametrize(
    "key", sorted(k for k in DEFAULTS if k[1] == "push" and k != ("product", "push"))
)
def test_every_push_default_maps_every_field_of_its_document(key):
    targets = {spec.target for spec in DEFAULTS[key].fields}

    def mapped(name: str) -> bool:
        # An object or a list is mapped when its sub-fields are.
        return name in targets or any(t.startswith((f"{name}.", f"{name}[]")) for t in targets)

    assert [name for name in DOCUMENTS[key].names() if not mapped(name)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entity", "index"),
    [(entity, index) for entity, records in RECORDS.items() for index in range(len(records))],
)
def test_every_push_default_renders_realistic_hub_records(entity, index):
    record = upsert(entity, RECORDS[entity][index]).record
    result = plan_for(DEFAULTS[(entity, "push")]).render(record.data)
    assert result.errors == []
    assert DOCUMENTS[(entity, "push")].validate(result.document) == []


@pytest.mark.django_db
def test_the_push_defaults_apply_their_transforms():
    def render(entity: str, data: dict[str, Any]) -> dict[str, Any]:
        record = upsert(entity, data).record
        result = plan_for(DEFAULTS[(entity, "push")]).render(record.data)
        assert result.errors == []
        return result.document

    price = render("price", RECORDS["price"][1])
    assert price == {
        "sku": "CHAIR-2",  # as the product mapping sends SKUs
        "price_list": "Default Price List",
        "currency": "USD",
        "value": "12.3456",
        "quantity": "10",
        "unit": "set",
        "is_default": False,
    }
    customer = render("customer", RECORDS["customer"][1])
    assert (customer["code"], customer["tax_code"]) == ("C-1001", "CUSTOMER_STANDARD")
    assert "attributes" not in customer  # Oro customers have no place for them
    person = render("customer_user", RECORDS["customer_user"][1])
    assert person["enabled"] is False  # the default true never overrides a false
    assert person["roles"] == ["Buyer", "Administrator"]
    home = render("address", RECORDS["address"][1])
    assert home["owner"] == {"type": "customer_user", "key": "Jane@Acme.example"}
    assert (home["label"], home["types"], home["region"]) == ("home", ["shipping"], "IL")
    assert (home["default_billing"], home["default_shipping"]) == (False, True)
    plain = render("price_list", price_list_data(name="Retail"))
    assert plain == {"name": "Retail", "currencies": ["USD", "EUR"], "active": True}


@pytest.mark.django_db
def test_a_record_the_store_cannot_take_fails_naming_the_field():
    record = make_record("customer_user", customer=None)
    result = plan_for(DEFAULTS[("customer_user", "push")]).render(record.data)
    assert [(e.field, e.message.split(" (")[0]) for e in result.errors] == [
        ("customer", "is required")
    ]
    price = make_record("price", value="1.23456")
    result = plan_for(DEFAULTS[("price", "push")]).render(price.data)
    assert [e.field for e in result.errors] == ["value"]
    assert "4 decimal places" in result.errors[0].message


# --- pull: sandbox orders into hub orders ---------------------------------------------------


@pytest.fixture(scope="module", params=["6.1", "5.1"])
def sandbox_orders(request) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Every order the demo organization's sandbox holds, as the order adapter pulls them."""
    with running_sandbox(api_version=request.param) as sandbox:
        ctx = context(sandbox_client(sandbox), api_version=request.param, order_page_size=7)
        adapter = ADAPTERS[("order", "pull")](ctx)
        now = datetime.now(UTC)
        window = PullWindow(now - timedelta(days=30), now + timedelta(seconds=1))
        documents, cursor = [], None
        while True:
            page = adapter.pull_page(window, cursor)
            documents += page.documents
            cursor = page.cursor
            if cursor is None:
                break
        yield request.param, documents


def test_pulled_orders_are_the_declared_pull_document(sandbox_orders):
    _, documents = sandbox_orders
    assert len(documents) > 10
    for document in documents:
        assert ORDER_PULL.validate(document) == [], document["id"]


@pytest.mark.django_db
def test_pulled_orders_render_into_valid_hub_orders(sandbox_orders):
    version, documents = sandbox_orders
    plan = plan_for(DEFAULTS[("order", "pull")])
    schema = get_schema("order")
    for document in documents:
        result = plan.render(document)
        assert result.errors == [], document["id"]
        assert schema.validate(result.document) == []
        upsert("order", result.document, origin_subscription_id=7)
    first = plan.render(documents[0]).document
    source = documents[0]
    assert first["number"] == source["id"]
    assert first["identifier"] == source["identifier"]
    assert [line["quantity"] for line in first["lines"]] == [
        line["quantity"] for line in source["lines"]
    ]
    assert first["billing_address"]["country"] == source["billing_address"]["country"]
    assert first["created_at"].endswith("Z")
    assert first["payment_term"] == source["payment_term"]
    if version == "6.1":
        # The customer's externalId is the hub customer's code, so its key.
        assert first["customer"] == source["customer_code"]
        assert {s["type"] for s in first["subtotals"]} == {"subtotal", "shipping_cost"}
    else:
        assert first["customer"] == source["customer"]
        assert [s["type"] for s in first["subtotals"]] == ["subtotal"]
