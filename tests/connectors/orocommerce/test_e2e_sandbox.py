"""End to end against the OroCommerce sandbox (real HTTP on 127.0.0.1): the adapters, the
client and the shared HTTP layer together, with a server that behaves like Oro (strict media
type, 400 with pointers, paging links, include, field names of 6.1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from connectors.adapters import PullWindow, RecordRejected
from connectors.http.calls import MemoryCallRecorder
from connectors.http.errors import PermissionDenied
from connectors.orocommerce.adapters import ADAPTERS
from tests.connectors.orocommerce.factories import context, running_sandbox, sandbox_client

PRODUCT = {
    "sku": "E2E-1",
    "product_type": "simple",
    "status": "enabled",
    "name": "End-to-end lamp",
    "inventory_status": "in_stock",
    "attribute_family": "default_family",
    "primary_unit": {"code": "item", "precision": 0},
    "unit_precisions": [{"code": "set", "precision": 0, "conversion_rate": 6}],
    "category": "Lighting",
    "brand": "Brightline",
    "tax_code": "TAX_STANDARD",
}


@pytest.fixture(scope="module")
def oro() -> Iterator[object]:
    with running_sandbox(admin_prefix="backoffice") as sb:
        yield sb


@pytest.fixture
def recorder() -> MemoryCallRecorder:
    return MemoryCallRecorder()


@pytest.fixture
def ctx(oro, recorder):
    return context(sandbox_client(oro, recorder), auto_create_customer_group=True)


def push(ctx, entity: str, doc: dict):
    return ADAPTERS[(entity, "push")](ctx).push(doc, None)


def test_product_push_creates_then_finds_it_unchanged_then_updates(ctx, recorder, oro):
    created = push(ctx, "product", PRODUCT)
    assert created.action == "created"
    product = oro.store.get("products", created.remote_id)
    assert product["attributes"]["sku"] == "E2E-1"
    assert product["relationships"]["category"] == ("categories", "5")
    units = [
        oro.store.get(*ref)["relationships"]["unit"][1]
        for ref in product["relationships"]["unitPrecisions"]
    ]
    assert sorted(units) == ["item", "set"]

    recorder.records.clear()
    again = push(ctx, "product", PRODUCT)
    assert (again.action, again.remote_id) == ("unchanged", created.remote_id)
    assert [(r.method, r.status) for r in recorder.records] == [("GET", 200)]  # lookups cached

    updated = push(ctx, "product", {**PRODUCT, "status": "disabled", "brand": "Sturdy"})
    assert updated.action == "updated"
    assert oro.store.get("products", created.remote_id)["attributes"]["status"] == "disabled"


def test_price_push_with_auto_create_product(ctx, oro):
    doc = {
        "sku": "E2E-PRICE",
        "price_list": "Default Price List",
        "currency": "USD",
        "value": "12.50",
        "unit": "item",
    }
    with pytest.raises(RecordRejected, match="Auto Create Product"):
        push(ctx, "price", doc)
    ctx.settings = {**ctx.settings, "auto_create_product": True}
    created = push(ctx, "price", doc)
    assert created.action == "created" and created.notes
    assert oro.store.get("productprices", created.remote_id)["attributes"]["value"] == "12.5000"
    assert push(ctx, "price", doc).action == "unchanged"
    assert push(ctx, "price", {**doc, "value": "13"}).action == "updated"


def test_a_customer_with_users_and_addresses(ctx, oro):
    assert (
        push(
            ctx, "customer", {"name": "E2E Works", "group": "E2E Group", "payment_term": "net 30"}
        ).action
        == "created"
    )
    for email, role in (("ann@e2e.test", "Buyer"), ("bo@e2e.test", "Administrator")):
        outcome = push(
            ctx,
            "customer_user",
            {
                "email": email,
                "first_name": "A",
                "last_name": "B",
                "customer": "E2E Works",
                "roles": [role],
            },
        )
        assert outcome.action == "created"
    company = {
        "owner": {"type": "customer", "key": "E2E Works"},
        "label": "HQ",
        "types": ["billing"],
        "default_billing": True,
        "street": "1 Test Way",
        "city": "Albany",
        "postal_code": "12207",
        "country": "US",
        "region": "NY",
    }
    person = {
        **company,
        "owner": {"type": "customer_user", "key": "ann@e2e.test"},
        "label": "Home",
        "types": ["shipping"],
    }
    first = push(ctx, "address", company)
    second = push(ctx, "address", person)
    assert (first.action, second.action) == ("created", "created")
    assert oro.store.get("customeraddresses", first.remote_id)["relationships"]["region"] == (
        "regions",
        "US-NY",
    )
    assert oro.store.get("customeruseraddresses", second.remote_id)
    assert push(ctx, "address", company).action == "unchanged"
    customer = oro.store.get("customers", ctx.lookups.get("oro:customer:e2e works"))
    assert len(customer["relationships"]["users"]) == 2


def test_order_pull_across_several_pages(ctx, oro, recorder):
    ctx.settings = {**ctx.settings, "order_page_size": 5}
    adapter = ADAPTERS[("order", "pull")](ctx)
    now = datetime.now(UTC)
    window = PullWindow(now - timedelta(days=30), now + timedelta(seconds=1))
    cursor, documents, calls = None, [], 0
    while True:
        page = adapter.pull_page(window, cursor)
        documents += page.documents
        calls += page.calls
        cursor = page.cursor
        if cursor is None:
            break
    visible = [o for o in oro.store.all("orders") if o["org"] in (None, "1")]
    assert sorted(d["number"] for d in documents) == sorted(o["id"] for o in visible)
    assert len(documents) > 10
    assert calls == len(recorder.records) == len(documents) // 5 + 1  # one call per page
    assert all(d["lines"] and d["customer"] for d in documents)
    assert all(d["subtotals"] for d in documents)


def test_tracking_push(ctx, oro):
    doc = {"order": "2", "tracking_number": "E2E-TRACK", "carrier": "UPS"}
    created = push(ctx, "shipment_tracking", doc)
    assert created.action == "created"
    assert ("ordershippingtrackings", created.remote_id) in oro.store.get("orders", "2")[
        "relationships"
    ]["shippingTrackings"]
    assert push(ctx, "shipment_tracking", doc).action == "unchanged"


def test_another_organization_s_record_is_a_permission_error_with_the_hint(ctx, oro):
    other = next(c for c in oro.store.all("customers") if c["org"] == "2")
    with pytest.raises(PermissionDenied) as caught:
        ctx.client.get_customer(other["id"])
    assert "organization" in caught.value.hint


@pytest.mark.parametrize(
    ("instance", "setting", "warns"),
    [("6.1", "6.1", False), ("7.0", "6.1", False), ("5.1", "6.1", True), ("6.1", "6.0", True)],
)
def test_test_connection_compares_the_api_version(instance, setting, warns):
    with running_sandbox(api_version=instance) as sb:
        warnings = sandbox_client(sb).check_version(setting)
    assert bool(warnings) == warns
    if warns:
        assert setting in warnings[0]
