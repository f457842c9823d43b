"""End to end through the real transfer runner against the in-process OroCommerce sandbox.

A subscription is created the way the admin creates it (settings cleaned by the connector's
spec, "Create Default Mappings" checked) and authorized with the sandbox's tokens. Its default
collections then push hub customer groups, customers, customer users, addresses, price lists,
products, prices and a shipment tracking into the sandbox, and pull its orders into the hub.
Everything between the hub and the sandbox's HTTP server is the production code: the runner,
the compiled default mappings, the adapters, the client, the throttled and authorized session.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from connectors.orocommerce.adapters import order as order_adapter
from connectors.registry import get_connector
from connectors.tokens import TokenSet
from hub import services as hub
from hub.models import ExternalId, Record
from mappings import connections, runner, transfers
from mappings.models import MappingCollection
from mappings.transfer_models import PullState, Transfer
from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OroSandbox
from subscriptions.models import Subscription
from subscriptions.services import save_subscription, settings_context
from subscriptions.token_store import store_authorization
from tests.hub.factories import (
    address_data,
    customer_data,
    customer_group_data,
    customer_user_data,
    price_data,
    price_list_data,
    product_data,
    shipment_tracking_data,
)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])

# Dependencies first: a customer names its group, a person their customer, a price its list
# and product.
PUSH_ORDER = (
    "customer_group",
    "customer",
    "customer_user",
    "address",
    "price_list",
    "product",
    "price",
    "shipment_tracking",
)
TRACKED_ORDER = "4"  # a sandbox order without a tracking yet


@pytest.fixture
def oro(settings) -> Iterator[OroSandbox]:
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    with OroSandbox.running() as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch) -> None:
    # A new sandbox per test: no lookup cached for an earlier test's subscription id may hold.
    monkeypatch.setattr(connections, "_caches", {})
    monkeypatch.setattr(transfers, "enqueue", lambda transfer_id: None)  # the tests run tasks


@pytest.fixture
def subscription(oro) -> Subscription:
    """Subscribed with "Create Default Mappings" checked, then authorized on the sandbox."""
    connector = get_connector("orocommerce")
    cleaned = connector.spec.clean(
        {
            "api_url": oro.base_url,
            "admin_base_path": "admin",
            "api_version": "6.1",
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "redirect_url": "http://127.0.0.1:8000/oauth/callback/",
            "order_poll_days": "30",
            "auto_create_product": "no",
            "auto_create_customer_group": "no",
        },
        settings_context(),
    )
    subscription = save_subscription(
        Subscription(
            connector="orocommerce",
            name="OroCommerce - Sandbox",
            version="1.0",
            throttle_limit=500,
            throttle_seconds=1,
            concurrent_connections=5,
            concurrent_batch_executions=5,
        ),
        values=cleaned.values,
        secret_keys=("client_secret",),
        created=True,
        create_default_mappings=True,
    )
    with oro.lock:
        issued = oro.issue_tokens(DEMO_CLIENT_ID, "admin")
    store_authorization(
        subscription,
        TokenSet(
            issued["access_token"],
            issued["refresh_token"],
            datetime.now(UTC) + timedelta(seconds=issued["expires_in"]),
        ),
        None,
    )
    return subscription


def hub_records() -> dict[str, list[Record]]:
    """A small company's worth of hub records, named as the sandbox names its look-ups."""
    data: dict[str, list[dict[str, Any]]] = {
        "customer_group": [
            customer_group_data(name="E2E Contractors", payment_term="net 30"),
            customer_group_data(name="Wholesale", payment_term="net 60"),  # already in Oro
        ],
        "customer": [
            customer_data(name="E2E Works", group="E2E Contractors", payment_term="net 30",
                          tax_code="customer_standard"),
            customer_data(name="E2E Works East", code="E2E-C2", parent="E2E Works",
                          group="Wholesale", payment_term="net 10"),
        ],
        "customer_user": [
            customer_user_data(email="Ann@E2E.example", first_name="Ann", last_name="Lee",
                               customer="E2E Works", roles=["Buyer"]),
            customer_user_data(email="bo@e2e.example", first_name="Bo", last_name="Berg",
                               middle_name="K.", customer="E2E-C2",  # its hub key
                               roles=["Administrator"]),
        ],
        "address": [
            address_data(owner={"type": "customer", "key": "E2E Works"}, label="HQ",
                         street="1 Test Way", city="Albany", postal_code="12207", region="US-NY",
                         types=["billing", "shipping"], default_billing=True,
                         default_shipping=True, organization="E2E Works"),
            address_data(owner={"type": "customer_user", "key": "ann@e2e.example"},
                         label="Home", street="77 Harbor Lane", city="Los Angeles",
                         postal_code="90001", region="CA", types=["shipping"],
                         default_billing=None, first_name="Ann", last_name="Lee"),
        ],
        "price_list": [
            price_list_data(name="E2E Contract Prices", currencies=["USD"],
                            customer_groups=["E2E Contractors"]),
        ],
        "product": [
            product_data(sku="E2E-LAMP", names={"en": "Desk lamp"}, category="Lighting",
                         brand="Brightline", tax_code="TAX_STANDARD",
                         attributes={"featured": "yes"}),
            product_data(sku="E2E-BOOTS", names={"en": "Site boots"},
                         primary_unit={"code": "set", "precision": 0}, category="Footwear",
                         brand="Sturdy", weight=None),
        ],
        "price": [
            price_data(sku="E2E-LAMP", price_list="E2E Contract Prices", value="19.99",
                       is_default=None),
            price_data(sku="E2E-LAMP", price_list="Default Price List", value="17.50",
                       quantity="10", is_default=None),
            price_data(sku="E2E-BOOTS", price_list="Default Price List", value="89.00",
                       unit="set", is_default=None),
        ],
        "shipment_tracking": [
            shipment_tracking_data(order=TRACKED_ORDER, tracking_number="1Z-E2E-0001",
                                   carrier="UPS", method=None),
        ],
    }  # fmt: skip
    return {
        entity: [hub.upsert(entity, item).record for item in items]
        for entity, items in data.items()
    }


def collection(
    subscription: Subscription, entity: str, direction: str = "push"
) -> MappingCollection:
    return MappingCollection.objects.get(
        subscription=subscription, entity=entity, direction=direction
    )


def run(subscription: Subscription, entity: str, direction: str = "push") -> Transfer:
    transfer = transfers.start(
        collection(subscription, entity, direction), trigger=Transfer.Trigger.MANUAL
    )
    return run_to_end(transfer)


def run_to_end(transfer: Transfer) -> Transfer:
    outcome = runner.run(transfer.pk, "worker-1")
    while outcome == "continue":
        outcome = runner.run(transfer.pk, "worker-1")
    assert outcome == "finished"
    transfer.refresh_from_db()
    return transfer


def push_all(subscription: Subscription) -> dict[str, Transfer]:
    return {entity: run(subscription, entity) for entity in PUSH_ORDER}


def find(oro: OroSandbox, type_: str, **attributes: Any) -> dict[str, Any]:
    with oro.lock:
        found = [
            r
            for r in oro.store.all(type_)
            if all(r["attributes"].get(k) == v for k, v in attributes.items())
        ]
    assert len(found) == 1, (type_, attributes, len(found))
    return found[0]


def remote_id(subscription: Subscription, record: Record) -> str:
    return ExternalId.objects.get(subscription_id=subscription.pk, record=record).remote_id


def failures(transfer: Transfer) -> list[str]:
    """Each failed record with its message and the calls it made (what a user would read)."""
    return [
        f"{line.record_key}: {line.message} "
        + str([(c["method"], c["url"], c["status"]) for c in line.calls])
        for line in transfer.lines.filter(status="failed")
    ]


def test_subscribing_with_defaults_gives_a_collection_per_entity_and_direction(subscription):
    found = set(
        MappingCollection.objects.filter(subscription=subscription).values_list(
            "entity", "direction"
        )
    )
    assert found == {(entity, "push") for entity in PUSH_ORDER} | {("order", "pull")}


def test_the_defaults_push_every_entity_into_the_store(subscription, oro):
    records = hub_records()
    done = push_all(subscription)
    for entity, transfer in done.items():
        assert failures(transfer) == [], entity
        assert transfer.state == Transfer.State.SUCCEEDED, entity
        assert transfer.done == len(records[entity]), entity
    assert (done["customer_group"].created, done["customer_group"].updated) == (1, 1)
    assert all(done[e].created == len(records[e]) for e in PUSH_ORDER if e != "customer_group")

    # Customer groups: the new one with its payment term; Oro's own Wholesale found by name.
    contractors = find(oro, "customergroups", name="E2E Contractors")
    assert contractors["relationships"]["paymentTerm"] == ("paymentterms", "2")  # net 30
    wholesale = find(oro, "customergroups", name="Wholesale")
    assert wholesale["id"] == "2" and wholesale["relationships"]["paymentTerm"][1] == "3"

    # Customers: group, parent, payment term and tax code resolved; the code as externalId.
    works = find(oro, "customers", name="E2E Works")
    east = find(oro, "customers", name="E2E Works East")
    assert works["relationships"]["group"] == ("customergroups", contractors["id"])
    assert works["relationships"]["taxCode"] == ("customertaxcodes", "1")
    assert east["relationships"]["parent"] == ("customers", works["id"])
    assert east["attributes"]["externalId"] == "E2E-C2"
    assert remote_id(subscription, records["customer"][1]) == east["id"]

    # Customer users: email lower-cased, customer and roles linked.
    ann = find(oro, "customerusers", email="ann@e2e.example")
    bo = find(oro, "customerusers", email="bo@e2e.example")
    assert ann["relationships"]["customer"] == ("customers", works["id"])
    assert ann["relationships"]["userRoles"] == [("customeruserroles", "2")]  # Buyer
    assert (bo["attributes"]["middleName"], bo["relationships"]["customer"][1]) == (
        "K.",
        east["id"],
    )

    # Addresses: on the resource of their owner, with types, country and region ids.
    hq = find(oro, "customeraddresses", label="HQ")
    assert hq["relationships"]["customer"] == ("customers", works["id"])
    assert hq["relationships"]["region"] == ("regions", "US-NY")
    assert {(t["addressType"], t["default"]) for t in hq["attributes"]["types"]} == {
        ("billing", True),
        ("shipping", True),
    }
    home = find(oro, "customeruseraddresses", street="77 Harbor Lane")
    assert home["relationships"]["customerUser"] == ("customerusers", ann["id"])
    assert home["relationships"]["region"] == ("regions", "US-CA")

    # The price list and its assignment to the group.
    contract = find(oro, "pricelists", name="E2E Contract Prices")
    assert contract["attributes"]["priceListCurrencies"] == ["USD"]
    with oro.lock:
        assignments = [
            a["relationships"]["customerGroup"]
            for a in oro.store.all("pricelisttocustomergroups")
            if a["relationships"]["priceList"] == ("pricelists", contract["id"])
        ]
    assert assignments == [("customergroups", contractors["id"])]

    # Products and their prices.
    lamp = find(oro, "products", sku="E2E-LAMP")
    boots = find(oro, "products", sku="E2E-BOOTS")
    assert lamp["relationships"]["category"] == ("categories", "5")  # Lighting
    assert boots["relationships"]["brand"] == ("brands", "2")  # Sturdy
    with oro.lock:
        prices = sorted(
            (
                p["relationships"]["priceList"][1],
                p["relationships"]["unit"][1],
                p["attributes"]["quantity"],
                p["attributes"]["value"],
            )
            for p in oro.store.all("productprices")
            if p["relationships"]["product"]
            in (("products", lamp["id"]), ("products", boots["id"]))
        )
    assert prices == [
        ("1", "item", 10.0, "17.5000"),
        ("1", "set", 1.0, "89.0000"),
        (contract["id"], "item", 1.0, "19.9900"),
    ]

    # The tracking, on its order.
    tracking = find(oro, "ordershippingtrackings", number="1Z-E2E-0001")
    assert tracking["attributes"]["method"] == "UPS"
    assert ("ordershippingtrackings", tracking["id"]) in oro.store.get("orders", TRACKED_ORDER)[
        "relationships"
    ]["shippingTrackings"]

    # Every pushed record's remote id is remembered.
    pushed = sum(len(items) for items in records.values())
    assert ExternalId.objects.filter(subscription_id=subscription.pk).count() == pushed


def test_a_repeat_push_of_unchanged_records_makes_no_store_call(subscription, oro):
    records = hub_records()
    push_all(subscription)
    oro.stats.reset()
    again = push_all(subscription)
    assert oro.stats.snapshot()["total"] == 0
    for entity, transfer in again.items():
        assert transfer.state == Transfer.State.SUCCEEDED, entity
        assert (transfer.done, transfer.skipped) == (len(records[entity]),) * 2, entity
        assert {(line.action, len(line.calls)) for line in transfer.lines.all()} == {
            ("unchanged", 0)
        }


def run_record_changes() -> list[Transfer]:
    """The queued record-change transfers, run now rather than after their debounce."""
    queued = Transfer.objects.filter(
        trigger=Transfer.Trigger.RECORD_CHANGE, state=Transfer.State.QUEUED
    ).order_by("pk")
    queued.update(not_before=timezone.now())
    return [run_to_end(transfer) for transfer in queued]


def test_a_changed_record_is_updated_in_the_store(subscription, oro):
    records = hub_records()
    push_all(subscription)
    # Creating the records queued record-change transfers; they find nothing left to send.
    oro.stats.reset()
    assert {t.skipped == t.done == t.total for t in run_record_changes()} == {True}
    assert oro.stats.snapshot()["total"] == 0

    works = records["customer"][0]
    hub.upsert("customer", {**works.data, "payment_term": "net 60"})
    lamp_price = records["price"][0]
    hub.upsert("price", {**lamp_price.data, "value": "21.49"})
    changed = run_record_changes()
    assert [(t.entity, t.record_ids) for t in changed] == [
        ("customer", [works.pk]),
        ("price", [lamp_price.pk]),
    ]
    for done in changed:
        assert (done.state, done.updated, done.failed) == (Transfer.State.SUCCEEDED, 1, 0)
        assert done.lines.get().action == "updated"
    customer = oro.store.get("customers", remote_id(subscription, works))
    assert customer["relationships"]["paymentTerm"] == ("paymentterms", "3")  # net 60
    price = oro.store.get("productprices", remote_id(subscription, lamp_price))
    assert price["attributes"]["value"] == "21.4900"

    # Pushed: a full push now finds both customers unchanged and sends nothing.
    oro.stats.reset()
    assert run(subscription, "customer").skipped == 2
    assert oro.stats.snapshot()["total"] == 0


def test_an_order_pull_across_several_pages_lands_orders_in_the_hub(subscription, oro, monkeypatch):
    monkeypatch.setattr(order_adapter, "PAGE_SIZE", 5)
    with oro.lock:
        visible = {o["id"]: o for o in oro.store.all("orders") if o["org"] in (None, "1")}
    transfer = run(subscription, "order", "pull")
    assert failures(transfer) == []
    assert transfer.state == Transfer.State.SUCCEEDED
    assert (transfer.total, transfer.created) == (len(visible), len(visible))
    pages = len(visible) // 5 + 1
    assert sum(len(line.calls) for line in transfer.lines.all()) == pages  # one call a page

    orders = Record.objects.filter(entity="order", origin_subscription_id=subscription.pk)
    assert sorted(r.data["number"] for r in orders) == sorted(visible)
    # The remote ids are remembered (the runner reads the document's "id").
    remembered = ExternalId.objects.filter(subscription_id=subscription.pk, entity="order")
    assert sorted(remembered.values_list("remote_id", flat=True)) == sorted(visible)

    one = orders.get(key=f"{subscription.pk}:3").data
    source = visible["3"]
    with oro.lock:
        lines = [oro.store.get(*ref) for ref in source["relationships"]["lineItems"]]
        customer = oro.store.get(*source["relationships"]["customer"])
        billing = oro.store.get(*source["relationships"]["billingAddress"])
    assert one["identifier"] == source["attributes"]["identifier"]
    assert one["customer"] == customer["attributes"]["externalId"]  # the hub customer's code
    assert one["total"] == source["attributes"]["totalValue"]
    assert [(li["sku"], li["quantity"], li["price"]) for li in one["lines"]] == [
        (
            line["attributes"]["productSku"],
            str(int(line["attributes"]["quantity"])),
            line["attributes"]["value"],
        )
        for line in lines
    ]
    assert {s["type"]: s["amount"] for s in one["subtotals"]} == {
        "subtotal": source["attributes"]["subtotalValue"],
        "shipping_cost": "15.0000",
    }
    assert one["billing_address"] == {
        "organization": billing["attributes"]["organization"],
        "first_name": "Receiving",
        "last_name": "Dock",
        "street": billing["attributes"]["street"],
        "city": billing["attributes"]["city"],
        "postal_code": billing["attributes"]["postalCode"],
        "country": billing["relationships"]["country"][1],
        "region": billing["relationships"]["region"][1],
    }
    assert one["shipping_address"]["street"] == "3 Order Avenue"
    assert one["payment_term"] == "net 30"
    state = PullState.objects.get(subscription=subscription, entity="order")
    assert state.watermark is not None and state.last_success_at is not None

    # The next poll starts at the watermark: nothing changed since, nothing pulled.
    oro.stats.reset()
    again = run(subscription, "order", "pull")
    assert (again.state, again.total, again.created) == (Transfer.State.SUCCEEDED, 0, 0)
    assert oro.stats.snapshot()["total"] == 1
