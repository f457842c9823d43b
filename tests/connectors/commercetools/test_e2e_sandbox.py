"""The commercetools adapters end to end against the sandbox: real HTTP on 127.0.0.1 through
the session, the token manager and the client."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from connectors.adapters import ExternalRef, PullWindow
from connectors.commercetools.adapters import (
    CustomerGroupPush,
    CustomerPush,
    OrderPull,
    PricePush,
    ProductPush,
    ShipmentTrackingPush,
)
from connectors.commercetools.documents import DOCUMENTS
from connectors.http import Conflict
from sandbox.commercetools.server import now_iso

HARD_HAT = {
    "key": "hard-hat-e2e",
    "product_type": "workwear",
    "name": {"en": "Hard Hat"},
    "slug": {"en": "hard-hat-e2e"},
    "categories": ["safety"],
    "publish": True,
    "variants": [
        {
            "sku": "HH-E2E",
            "attributes": {"color": "orange"},
            "prices": [
                {"currency": "USD", "amount": "19.99"},
                {"currency": "USD", "amount": "17.50", "customer_group": "wholesale"},
            ],
        },
        {"sku": "HH-E2E-L", "attributes": {"color": "yellow"}, "prices": []},
    ],
}


def writes(calls) -> list[str]:
    return [f"{c.method} {c.url.split('?')[0]}" for c in calls.records if c.method != "GET"]


def test_a_product_with_variants_and_prices_is_created_updated_and_left_alone(
    sandbox, sandbox_context, calls
):
    push = ProductPush(sandbox_context)
    created = push.push(HARD_HAT, None)
    assert created.action == "created"
    stored = sandbox.data["products"][created.remote_id]
    current = stored["masterData"]["current"]
    assert stored["key"] == "hard-hat-e2e" and stored["masterData"]["published"]
    assert [v["sku"] for v in [current["masterVariant"], *current["variants"]]] == [
        "HH-E2E",
        "HH-E2E-L",
    ]
    assert {p["value"]["centAmount"] for p in current["masterVariant"]["prices"]} == {1999, 1750}

    calls.records.clear()
    again = push.push(HARD_HAT, ExternalRef(created.remote_id, created.remote_version))
    assert again.action == "unchanged"
    assert writes(calls) == []  # reads only

    changed = {
        **HARD_HAT,
        "name": {"en": "Hard Hat Pro"},
        "variants": [
            {**HARD_HAT["variants"][0], "prices": [{"currency": "USD", "amount": "21.00"}]},
            {**HARD_HAT["variants"][1], "attributes": {"color": "red"}},
        ],
    }
    updated = push.push(changed, ExternalRef(created.remote_id))
    assert updated.action == "updated"
    current = sandbox.data["products"][created.remote_id]["masterData"]["current"]
    assert current["name"] == {"en": "Hard Hat Pro"}
    assert [p["value"]["centAmount"] for p in current["masterVariant"]["prices"]] == [2100]
    assert current["variants"][0]["attributes"] == [{"name": "color", "value": "red"}]
    assert len(writes(calls)) == 1


def test_a_product_is_found_by_sku_before_create(sandbox, sandbox_context):
    seeded = next(p for p in sandbox.data["products"].values() if p["key"] == "sb-1001")
    document = {
        "product_type": "workwear",
        "name": seeded["masterData"]["staged"]["name"],
        "slug": seeded["masterData"]["staged"]["slug"],
        "variants": [{"sku": "SB-1001"}],
    }
    result = ProductPush(sandbox_context).push(document, None)
    assert result.remote_id == seeded["id"] and result.action == "unchanged"
    assert len(sandbox.data["products"]) == 36


def test_a_price_push_changes_one_embedded_price_and_goes_live(sandbox, sandbox_context):
    push = PricePush(sandbox_context)
    document = {
        "sku": "SB-1002",
        "currency": "USD",
        "amount": "12.34",
        "customer_group": "wholesale",
    }
    assert push.push(document, None).action == "updated"
    product = next(p for p in sandbox.data["products"].values() if p["key"] == "sb-1002")
    prices = product["masterData"]["current"]["masterVariant"]["prices"]
    scoped = [p for p in prices if p.get("customerGroup")]
    assert [p["value"]["centAmount"] for p in scoped] == [1234]
    assert len(prices) == 2  # the base price is untouched
    assert push.push(document, None).action == "unchanged"


def test_a_customer_with_addresses_and_a_group(sandbox, sandbox_context, calls):
    group = CustomerGroupPush(sandbox_context).push({"key": "vip", "name": "VIP"}, None)
    assert group.action == "created"
    document = {
        "email": "jane@acme.example",
        "first_name": "Jane",
        "last_name": "Doe",
        "customer_group": "vip",
        "addresses": [
            {"key": "hq", "street_name": "Main Street", "city": "New York", "country": "us"},
            {"key": "dock", "street_name": "Pier 4", "city": "Newark", "country": "US"},
        ],
        "default_shipping_address": "dock",
        "default_billing_address": "hq",
    }
    push = CustomerPush(sandbox_context)
    created = push.push(document, None)
    customer = sandbox.data["customers"][created.remote_id]
    by_id = {a["id"]: a["key"] for a in customer["addresses"]}
    assert by_id[customer["defaultShippingAddressId"]] == "dock"
    assert by_id[customer["defaultBillingAddressId"]] == "hq"
    assert customer["customerGroup"]["id"] == group.remote_id

    calls.records.clear()
    assert push.push(document, None).action == "unchanged"  # found by email
    assert writes(calls) == []

    moved = {
        **document,
        "addresses": [
            {"key": "hq", "street_name": "Broadway", "city": "New York", "country": "US"},
            {"key": "store", "street_name": "Elm", "city": "Boston", "country": "US"},
        ],
        "default_shipping_address": "store",
    }
    assert push.push(moved, ExternalRef(created.remote_id)).action == "updated"
    customer = sandbox.data["customers"][created.remote_id]
    by_key = {a["key"]: a for a in customer["addresses"]}
    assert set(by_key) == {"hq", "store"} and by_key["hq"]["streetName"] == "Broadway"
    assert customer["defaultShippingAddressId"] == by_key["store"]["id"]


def test_a_concurrent_change_is_reread_and_rebuilt(sandbox, sandbox_context):
    push = CustomerGroupPush(sandbox_context)
    group = next(g for g in sandbox.data["customer-groups"].values() if g["key"] == "retail")
    client = sandbox_context.client
    original = client.update_customer_group

    def racing(ident, version, actions):
        if not racing.done:  # another writer gets in between our read and our write
            racing.done = True
            original(ident, version, [{"action": "changeName", "name": "Someone else"}])
        return original(ident, version, actions)

    racing.done = False
    client.update_customer_group = racing
    result = push.push({"key": "retail", "name": "Retail Buyers"}, None)
    assert result.action == "updated" and result.remote_version == "3"
    assert sandbox.data["customer-groups"][group["id"]]["name"] == "Retail Buyers"


def test_a_409_that_keeps_coming_gives_up_after_three_rebuilds(sandbox, sandbox_context):
    client = sandbox_context.client
    original = client.update_customer_group
    sent = []

    def always_stale(ident, version, actions):
        sent.append(version)
        return original(ident, version - 1, actions)

    client.update_customer_group = always_stale
    with pytest.raises(Conflict) as caught:
        CustomerGroupPush(sandbox_context).push({"key": "retail", "name": "X"}, None)
    assert caught.value.code == "concurrent_modification"
    assert len(sent) == 4  # the first send and three rebuilds


def seed_orders(sandbox, count: int, stamp: str) -> set[str]:
    with sandbox.lock:
        orders = sandbox.data["orders"]
        for n in range(count):
            ident = str(uuid.uuid4())
            orders[ident] = {
                "id": ident,
                "version": 1,
                "orderNumber": f"BULK-{n}",
                "createdAt": stamp,
                "lastModifiedAt": stamp,
                "totalPrice": {
                    "type": "centPrecision",
                    "currencyCode": "USD",
                    "centAmount": 1000 + n,
                    "fractionDigits": 2,
                },
                "lineItems": [],
            }
        return {o for o, d in orders.items() if d["lastModifiedAt"] == stamp}


def pull_all(pull: OrderPull, window: PullWindow) -> tuple[list[dict], int]:
    documents, cursor, pages = [], None, 0
    while True:
        page = pull.pull_page(window, cursor)
        documents += page.documents
        pages += 1
        if page.cursor is None:
            return documents, pages
        cursor = page.cursor


def test_orders_are_pulled_past_the_offset_cap_none_missed_or_doubled(sandbox, sandbox_context):
    moment = datetime.now(UTC) + timedelta(days=1)
    expected = seed_orders(sandbox, 10_600, now_iso(moment.timestamp()))
    window = PullWindow(moment - timedelta(seconds=1), moment + timedelta(seconds=1))
    documents, pages = pull_all(OrderPull(sandbox_context), window)
    ids = [d["id"] for d in documents]
    assert len(ids) == len(set(ids)) == 10_600 and set(ids) == expected
    assert pages == 22  # 21 full pages of 500, then a short one
    assert documents[0]["total"] == "10.00" or documents[0]["total"].count(".") == 1


@pytest.mark.slow
def test_twelve_thousand_orders_resume_from_a_checkpoint(sandbox, sandbox_context):
    moment = datetime.now(UTC) + timedelta(days=1)
    expected = seed_orders(sandbox, 12_000, now_iso(moment.timestamp()))
    window = PullWindow(moment - timedelta(seconds=1), moment + timedelta(seconds=1))
    pull = OrderPull(sandbox_context)
    first = pull.pull_page(window, None)
    # A crash after the first page: a new adapter resumes from the stored cursor.
    rest, _ = pull_all_from(OrderPull(sandbox_context), window, first.cursor)
    ids = [d["id"] for d in first.documents + rest]
    assert len(ids) == len(set(ids)) == 12_000 and set(ids) == expected


def pull_all_from(pull: OrderPull, window: PullWindow, cursor) -> tuple[list[dict], int]:
    documents, pages = [], 0
    while cursor is not None:
        page = pull.pull_page(window, cursor)
        documents += page.documents
        pages += 1
        cursor = page.cursor
    return documents, pages


def test_the_seeded_orders_are_pulled_by_their_window(sandbox, sandbox_context):
    # The sandbox's seed ends an hour ago and its orders come last, all within the last week:
    # the window a first order pull uses (7 days back) finds every one of them.
    now = datetime.fromtimestamp(time.time(), UTC)
    window = PullWindow(now - timedelta(days=7), now - timedelta(seconds=5))
    documents, pages = pull_all(OrderPull(sandbox_context), window)
    assert pages == 1 and len(documents) == 20
    assert {d["number"] for d in documents} == {f"CT-{2000 + n}" for n in range(1, 21)}
    schema = DOCUMENTS[("order", "pull")]
    assert [schema.validate(d) for d in documents] == [[]] * 20
    shipped = next(d for d in documents if d["number"] == "CT-2004")
    assert shipped["trackings"] == [{"tracking_number": "1Z999AA100000004", "carrier": "UPS"}]
    assert shipped["lines"][0]["sku"].startswith("SB-")


def test_a_tracking_number_is_pushed_as_a_delivery_with_a_parcel(sandbox, sandbox_context, calls):
    push = ShipmentTrackingPush(sandbox_context)
    document = {"order": "CT-2001", "tracking_number": "1Z999AA10000000001", "carrier": "UPS"}
    result = push.push(document, None)
    assert result.action == "created"
    order = next(o for o in sandbox.data["orders"].values() if o["orderNumber"] == "CT-2001")
    [delivery] = order["shippingInfo"]["deliveries"]
    assert delivery["parcels"][0]["trackingData"] == {
        "trackingId": "1Z999AA10000000001",
        "carrier": "UPS",
    }
    assert result.remote_id == delivery["parcels"][0]["id"]

    calls.records.clear()
    assert push.push(document, None).action == "unchanged"
    assert writes(calls) == []
    assert push.push({**document, "carrier": "DHL"}, None).action == "updated"
    order = sandbox.data["orders"][order["id"]]
    assert order["shippingInfo"]["deliveries"][0]["parcels"][0]["trackingData"]["carrier"] == "DHL"


def test_overload_is_retried_by_the_session(sandbox, sandbox_client):
    sandbox.add_fault("status", status=503, count=2, path_prefix="/sandbox-demo/customer-groups")
    assert sandbox_client.customer_group_by_key("retail")["name"] == "Retail"


def test_test_connection_reads_the_project(sandbox_client):
    assert sandbox_client.project()["key"] == "sandbox-demo"
