"""commercetools end to end through the real transfer runner: a subscription created with the
default mappings pushes hub records into the in-process sandbox and pulls its orders.

Everything between the hub and the sandbox is the production path: the default collections
(created by the "Create Default Mappings" signal), the compiled plans, ``runner.run`` with its
lease and batch slot, the subscription's authorized session (database token store, database
throttle, outbound guard), the connector's client and adapters, real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from functools import partial

import pytest
from django.utils import timezone

from connectors.commercetools.adapters import ADAPTERS, OrderPull
from connectors.registry import get_connector
from hub import services as hub
from hub.models import ExternalId, Record
from mappings import connections, runner, transfers
from mappings.models import MappingCollection
from mappings.transfer_models import PullState, Transfer
from sandbox.commercetools import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_PROJECT_KEY,
    CommercetoolsSandbox,
)
from sandbox.commercetools.actions import order_from_draft
from sandbox.commercetools.server import now_iso
from subscriptions.models import Subscription
from subscriptions.services import save_subscription

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])

PAGE_SIZE = 7  # orders per pull page here, so a handful of orders spans several pages


@pytest.fixture
def sandbox(settings, monkeypatch):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(transfers, "enqueue", lambda transfer_id: None)  # the test runs tasks
    # A fresh per-subscription lookup cache: SQLite may give this subscription the id of one
    # from an earlier test, whose cached keys point into another sandbox.
    monkeypatch.setattr(connections, "_caches", {})
    monkeypatch.setitem(ADAPTERS, ("order", "pull"), partial(OrderPull, page_size=PAGE_SIZE))
    with CommercetoolsSandbox.running() as running:
        yield running


@pytest.fixture
def subscription(sandbox) -> Subscription:
    """Subscribed as the admin form does it, with "Create Default Mappings" checked."""
    return save_subscription(
        Subscription(
            connector="commercetools",
            name="commercetools - Sandbox",
            version="1.0",
            throttle_limit=500,
            throttle_seconds=60,
            concurrent_connections=5,
            concurrent_batch_executions=5,
        ),
        values={
            "api_url": sandbox.api_url,
            "auth_url": sandbox.auth_url,
            "project_key": DEMO_PROJECT_KEY,
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "scope": f"manage_project:{DEMO_PROJECT_KEY}",
        },
        secret_keys=("client_secret", "api_key"),
        created=True,
        create_default_mappings=True,
    )


def collection(subscription: Subscription, entity: str, direction: str = "push"):
    return MappingCollection.objects.get(
        subscription=subscription, entity=entity, direction=direction
    )


def transfer(subscription: Subscription, entity: str, direction: str = "push") -> Transfer:
    """One "Transfer now" of the entity's default collection, run to its end."""
    started = transfers.start(
        collection(subscription, entity, direction), trigger=Transfer.Trigger.MANUAL
    )
    outcome = runner.run(started.pk, "worker-1")
    while outcome == "continue":
        outcome = runner.run(started.pk, "worker-1")
    started.refresh_from_db()
    assert started.state == Transfer.State.SUCCEEDED, list(
        started.lines.values_list("record_key", "message")
    )
    return started


def products_by_key(sandbox) -> dict:
    return {p["key"]: p for p in sandbox.data["products"].values()}


def skus(product) -> list[str]:
    current = product["masterData"]["current"]
    return [v["sku"] for v in [current["masterVariant"], *current["variants"]]]


def variant(product, sku: str) -> dict:
    current = product["masterData"]["current"]
    return next(v for v in [current["masterVariant"], *current["variants"]] if v["sku"] == sku)


def hub_records() -> dict:
    """What a catalogue and CRM would hand the hub, in the hub's own words."""
    product = {
        "names": {"en": "Hard Hat"},
        "primary_unit": {"code": "item"},
        "attribute_family": "workwear",
        "category": "Safety",
    }
    price = {"price_list": "Default Price List", "unit": "item"}
    return {
        "customer_group": [{"name": "Key Accounts"}, {"name": "Wholesale"}],
        "customer_user": [
            {"email": "Jane@Acme.example", "first_name": "Jane", "last_name": "Doe",
             "customer": "Acme Inc."},
            # Already in the sandbox (seeded with an address keyed "hq"), under another surname.
            {"email": "buyer1@example.com", "first_name": "Buyer1", "last_name": "Sample",
             "customer": "Company 1"},
        ],
        "address": [
            {"owner": {"type": "customer_user", "key": "jane@acme.example"}, "key": "hq",
             "street": "1 Main St", "city": "Springfield", "postal_code": "62701",
             "country": "US", "region": "US-IL", "types": ["billing", "shipping"],
             "default_billing": True, "default_shipping": True},
            {"owner": {"type": "customer_user", "key": "buyer1@example.com"}, "label": "Dock",
             "street": "Pier 4", "city": "Newark", "country": "US", "default_shipping": True},
        ],
        "product": [
            {**product, "sku": "HH-100", "attributes": {"color": "orange"}},
            {**product, "sku": "VEST-100", "names": {"en": "Hi-Vis Vest"}, "type": "configurable",
             "variant_fields": ["color"], "variants": ["VEST-100-M", "VEST-100-L"],
             "attributes": {"color": "yellow"}},
        ],
        "price": [
            {**price, "sku": "HH-100", "currency": "USD", "value": "19.99"},
            {**price, "sku": "HH-100", "currency": "EUR", "value": "18.50"},
            {**price, "sku": "VEST-100-L", "currency": "USD", "value": "24"},
        ],
        "shipment_tracking": [
            {"order": "CT-2001", "tracking_number": "1Z999AA10000000001", "carrier": "UPS"},
        ],
    }  # fmt: skip


PUSH_ORDER = (
    "customer_group",
    "customer_user",
    "address",
    "product",
    "price",
    "shipment_tracking",
)


def test_the_default_mappings_push_every_entity_then_a_repeat_push_calls_nothing(
    sandbox, subscription
):
    created = MappingCollection.objects.filter(subscription=subscription)
    assert {(c.entity, c.direction) for c in created} == set(
        get_connector("commercetools").entities
    )
    for entity, rows in hub_records().items():
        for row in rows:
            hub.upsert(entity, row)

    done = {entity: transfer(subscription, entity) for entity in PUSH_ORDER}

    assert (done["customer_group"].created, done["customer_group"].skipped) == (1, 1)
    groups = {g["key"]: g for g in sandbox.data["customer-groups"].values()}
    assert groups["key-accounts"]["name"] == "Key Accounts"

    customers = {c["email"]: c for c in sandbox.data["customers"].values()}
    jane = customers["jane@acme.example"]
    assert (jane["firstName"], jane["lastName"], jane["companyName"]) == (
        "Jane",
        "Doe",
        "Acme Inc.",
    )
    [hq] = jane["addresses"]
    assert (hq["key"], hq["streetName"], hq["state"], hq["postalCode"]) == (
        "hq",
        "1 Main St",
        "US-IL",
        "62701",
    )
    assert jane["defaultBillingAddressId"] == jane["defaultShippingAddressId"] == hq["id"]
    buyer = customers["buyer1@example.com"]
    assert buyer["lastName"] == "Sample"
    # The seeded address "hq" stays (neither the customer push nor the address push owns it);
    # the hub's "Dock" is added and becomes the default shipping address.
    by_key = {a["key"]: a for a in buyer["addresses"]}
    assert set(by_key) == {"hq", "Dock"}
    assert buyer["defaultShippingAddressId"] == by_key["Dock"]["id"]
    assert buyer["defaultBillingAddressId"] == by_key["hq"]["id"]
    address_ids = ExternalId.objects.filter(subscription_id=subscription.pk, entity="address")
    assert set(address_ids.values_list("remote_id", flat=True)) == {
        hq["id"],
        by_key["Dock"]["id"],
    }

    products = products_by_key(sandbox)
    hat, vest = products["hh-100"], products["vest-100"]
    assert hat["masterData"]["published"] and vest["masterData"]["published"]
    assert skus(hat) == ["HH-100"] and skus(vest) == ["VEST-100-M", "VEST-100-L"]
    assert variant(hat, "HH-100")["attributes"] == [{"name": "color", "value": "orange"}]
    assert hat["masterData"]["current"]["slug"] == {"en": "hh-100"}
    safety = next(c for c in sandbox.data["categories"].values() if c["key"] == "safety")
    assert hat["masterData"]["current"]["categories"][0]["id"] == safety["id"]

    # Prices: exact cents, live (staged false), each its own remote record.
    hat_prices = variant(products_by_key(sandbox)["hh-100"], "HH-100")["prices"]
    assert sorted((p["value"]["currencyCode"], p["value"]["centAmount"]) for p in hat_prices) == [
        ("EUR", 1850),
        ("USD", 1999),
    ]
    [large] = variant(products_by_key(sandbox)["vest-100"], "VEST-100-L")["prices"]
    assert large["value"]["centAmount"] == 2400
    price_ids = set(
        ExternalId.objects.filter(subscription_id=subscription.pk, entity="price").values_list(
            "remote_id", flat=True
        )
    )
    assert price_ids == {p["id"] for p in hat_prices} | {large["id"]}

    order = next(o for o in sandbox.data["orders"].values() if o["orderNumber"] == "CT-2001")
    [delivery] = order["shippingInfo"]["deliveries"]
    assert delivery["parcels"][0]["trackingData"] == {
        "trackingId": "1Z999AA10000000001",
        "carrier": "UPS",
    }

    # Again, nothing changed in the hub: not one call reaches the store.
    sandbox.stats.reset()
    again = {entity: transfer(subscription, entity) for entity in PUSH_ORDER}
    assert sandbox.stats.snapshot()["total"] == 0
    for entity, run in again.items():
        assert (run.skipped, run.created, run.updated) == (run.total, 0, 0), entity
        assert set(run.lines.values_list("action", flat=True)) == {"unchanged"}
        assert all(not calls for calls in run.lines.values_list("calls", flat=True))


def writes(line) -> list[list[str]]:
    """The update actions of each write a log line's calls made, by name."""
    return [
        [action["action"] for action in json.loads(call["request"])["actions"]]
        for call in line.calls
        if call["method"] != "GET"
    ]


def test_a_changed_record_sends_the_smallest_update(sandbox, subscription):
    records = hub_records()
    for entity in ("customer_user", "product", "price"):
        for row in records[entity]:
            hub.upsert(entity, row)
    transfer(subscription, "product")
    transfer(subscription, "customer_user")
    transfer(subscription, "price")

    hub.upsert("price", {**records["price"][1], "value": "17.95"})
    hub.upsert("customer_user", {**records["customer_user"][0], "last_name": "Doe-Smith"})
    sandbox.stats.reset()
    prices = transfer(subscription, "price")
    customers = transfer(subscription, "customer_user")

    assert (prices.updated, prices.skipped) == (1, 2)
    [changed] = prices.lines.filter(action="updated")
    assert writes(changed) == [["changePrice"]]
    euro = next(
        p
        for p in variant(products_by_key(sandbox)["hh-100"], "HH-100")["prices"]
        if p["value"]["currencyCode"] == "EUR"
    )
    assert euro["value"]["centAmount"] == 1795 and changed.remote_id == euro["id"]

    assert (customers.updated, customers.skipped) == (1, 1)
    [changed] = customers.lines.filter(action="updated")
    assert writes(changed) == [["setLastName"]]
    # Only the changed records reached the store: one price read and write, one customer's.
    assert sandbox.stats.snapshot()["total"] == sum(
        len(line.calls) for run in (prices, customers) for line in run.lines.all()
    )


def seed_orders(sandbox, count: int, moment) -> None:
    """Orders placed an hour ago, with a line and addresses, as a shop would have them."""
    stamp = now_iso(moment.timestamp())
    hat = next(p for p in sandbox.data["products"].values() if p["key"] == "sb-1002")
    master = hat["masterData"]["current"]["masterVariant"]
    address = {"streetName": "Main Street", "streetNumber": "7", "postalCode": "10001",
               "city": "New York", "country": "US"}  # fmt: skip
    with sandbox.lock:
        for n in range(count):
            order = order_from_draft(
                sandbox,
                {
                    "orderNumber": f"E2E-{n}",
                    "customerEmail": f"buyer{n}@example.com",
                    "lineItems": [
                        {
                            "productId": hat["id"],
                            "name": hat["masterData"]["current"]["name"],
                            "variant": {"id": 1, "sku": master["sku"]},
                            "quantity": 2,
                            "price": {
                                "id": str(uuid.uuid4()),
                                "value": master["prices"][0]["value"],
                            },
                            "totalPrice": {
                                "currencyCode": "USD",
                                "centAmount": 2 * master["prices"][0]["value"]["centAmount"],
                            },
                        }
                    ],
                    "totalPrice": {"currencyCode": "USD", "centAmount": 1000 + n},
                    "shippingAddress": address,
                    "billingAddress": address,
                },
            )
            order["createdAt"] = order["lastModifiedAt"] = stamp


def test_an_order_pull_across_pages_lands_every_order_in_the_hub(sandbox, subscription):
    seed_orders(sandbox, 12, timezone.now() - timedelta(hours=1))
    pulled = transfer(subscription, "order", "pull")

    since, until = (datetime.fromisoformat(pulled.checkpoint[k]) for k in ("since", "until"))
    window = [
        o
        for o in sandbox.data["orders"].values()
        if since <= datetime.fromisoformat(o["lastModifiedAt"]) < until
    ]
    assert len(window) >= 12  # ours, and the sandbox's own orders of the last seven days
    assert (pulled.total, pulled.created, pulled.failed) == (len(window), len(window), 0)
    reads = [c for line in pulled.lines.all() for c in line.calls if "/orders" in c["url"]]
    assert len(reads) == len(window) // PAGE_SIZE + 1  # every page, the last one short

    orders = {
        r.data["number"]: r
        for r in Record.objects.filter(entity="order", origin_subscription_id=subscription.pk)
    }
    assert {o["orderNumber"] for o in window} == set(orders)
    first = orders["E2E-0"]
    assert first.key == f"{subscription.pk}:E2E-0"
    line = first.data["lines"][0]
    assert (line["quantity"], line["unit"], line["sku"]) == ("2", "item", "SB-1002")
    assert first.data["total"] == "10.00" and first.data["currency"] == "USD"
    assert first.data["shipping_address"]["street"] == "7 Main Street"
    assert first.data["customer_user"] == "buyer0@example.com"
    remote = ExternalId.objects.get(subscription_id=subscription.pk, record=first)
    assert remote.remote_id == next(o["id"] for o in window if o["orderNumber"] == "E2E-0")
    state = PullState.objects.get(subscription_id=subscription.pk, entity="order")
    assert state.watermark is not None and state.last_success_at is not None


def test_a_variant_product_pushed_on_its_own_leaves_its_configurable_product_whole(
    sandbox, subscription
):
    # An OroCommerce-shaped hub keeps each variant as a product too; with the default mapping
    # the configurable product brings the variants, and the variant product is refused.
    vest = hub_records()["product"][1]
    hub.upsert("product", vest)
    transfer(subscription, "product")
    hub.upsert("product", {**vest, "sku": "VEST-100-M", "type": "simple", "variants": None,
                           "variant_fields": None})  # fmt: skip
    started = transfers.start(collection(subscription, "product"), trigger=Transfer.Trigger.MANUAL)
    runner.run(started.pk, "worker-1")
    started.refresh_from_db()
    assert (started.skipped, started.failed) == (1, 1)
    failed = started.lines.get(action="failed")
    assert failed.record_key == "VEST-100-M" and "belongs to the commercetools product" in (
        failed.message
    )
    assert skus(products_by_key(sandbox)["vest-100"]) == ["VEST-100-M", "VEST-100-L"]
