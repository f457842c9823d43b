"""Order pull and shipment tracking push with ``responses``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from connectors.adapters import PullWindow, RecordRejected
from connectors.commercetools.adapters import OrderPull, ShipmentTrackingPush
from connectors.commercetools.adapters.order import order_document
from connectors.commercetools.documents import DOCUMENTS
from tests.connectors.commercetools.factories import CONCURRENT, error, money, page, url

UNTIL = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
WINDOW = PullWindow(UNTIL - timedelta(hours=1), UNTIL)


def order(ident: str, deliveries=(), version: int = 1) -> dict:
    return {
        "id": ident,
        "version": version,
        "orderNumber": f"N-{ident}",
        "totalPrice": money(12345),
        "shippingInfo": {"deliveries": list(deliveries)},
    }


def test_a_full_page_gives_a_cursor_and_a_short_page_ends(stub, context):
    stub.get(url("orders"), json=page([order("a"), order("b")], limit=2))
    stub.get(url("orders"), json=page([order("c")], limit=2))
    pull = OrderPull(context, page_size=2)
    first = pull.pull_page(WINDOW, None)
    assert first.cursor == {"last_id": "b"} and first.calls == 1
    assert first.documents[0]["total"] == "123.45"
    last = pull.pull_page(WINDOW, first.cursor)
    assert last.cursor is None and [d["id"] for d in last.documents] == ["c"]
    params = parse_qs(urlsplit(stub.calls[1].request.url).query)
    assert params["var.lastId"] == ["b"] and params["var.until"] == ["2026-11-23T12:00:00.000Z"]


def test_an_order_becomes_a_document_in_hub_words():
    remote = order("o") | {
        "createdAt": "2026-11-23T11:00:00.000Z",
        "lastModifiedAt": "2026-11-23T11:30:00.000Z",
        "taxedPrice": {
            "totalNet": money(10000),
            "totalGross": money(12345),
            "totalTax": money(2345),
        },
        "shippingAddress": {"id": "x", "streetName": "Main", "country": "US", "city": None},
        "lineItems": [
            {
                "id": "li",
                "productId": "p-1",
                "name": {"en": "Hard Hat"},
                "variant": {"id": 1, "sku": "HH-1"},
                "quantity": 3,
                "price": {"id": "pr", "value": money(1999)},
                "totalPrice": money(5997),
            }
        ],
        "customLineItems": [
            {
                "id": "cl",
                "name": {"en": "Gift wrap"},
                "quantity": 1,
                "money": money(250, "JPY", 0),
                "totalPrice": money(250, "JPY", 0),
            }
        ],
    }
    document = order_document(remote)
    assert DOCUMENTS[("order", "pull")].validate(document) == []
    assert document["total_gross"] == "123.45" and document["total_tax"] == "23.45"
    assert document["shipping_address"] == {"street_name": "Main", "country": "US"}
    assert document["lines"] == [
        {
            "id": "li",
            "quantity": 3,
            "name": "Hard Hat",
            "names": {"en": "Hard Hat"},
            "price": "19.99",
            "total": "59.97",
            "custom": False,
            "sku": "HH-1",
            "product_id": "p-1",
        },
        {
            "id": "cl",
            "quantity": 1,
            "name": "Gift wrap",
            "names": {"en": "Gift wrap"},
            "price": "250",
            "total": "250",
            "custom": True,
        },
    ]


def test_the_tracking_document_schema_accepts_the_example():
    document = {"order": "N-o", "tracking_number": "1Z", "carrier": "UPS"}
    assert DOCUMENTS[("shipment_tracking", "push")].validate(document) == []


def posts(stub):
    return [json.loads(c.request.body) for c in stub.calls if c.request.method == "POST"]


def test_a_new_tracking_number_adds_a_delivery_with_a_parcel(stub, context):
    parcel = {"id": "parcel-1", "trackingData": {"trackingId": "1Z", "carrier": "UPS"}}
    stub.get(url("orders/order-number=N-o"), json=order("o"))
    stub.post(url("orders/o"), json=order("o", [{"id": "d", "parcels": [parcel]}], 2))
    outcome = ShipmentTrackingPush(context).push(
        {"order": "N-o", "tracking_number": "1Z", "carrier": "UPS"}, None
    )
    assert (outcome.action, outcome.remote_id) == ("created", "parcel-1")
    assert posts(stub) == [
        {
            "version": 1,
            "actions": [
                {
                    "action": "addDelivery",
                    "items": [],
                    "parcels": [{"trackingData": {"trackingId": "1Z", "carrier": "UPS"}}],
                }
            ],
        }
    ]


def test_a_known_tracking_number_is_left_alone_or_its_carrier_corrected(stub, context):
    parcel = {"id": "parcel-1", "trackingData": {"trackingId": "1Z", "carrier": "UPS"}}
    stub.get(url("orders/order-number=N-o"), json=order("o", [{"id": "d", "parcels": [parcel]}]))
    stub.post(url("orders/o"), json=order("o", [], 2))
    push = ShipmentTrackingPush(context)
    assert push.push({"order": "N-o", "tracking_number": "1Z", "carrier": "UPS"}, None).action == (
        "unchanged"
    )
    assert posts(stub) == []
    push.push({"order": "N-o", "tracking_number": "1Z", "carrier": "DHL"}, None)
    assert posts(stub)[0]["actions"] == [
        {
            "action": "setParcelTrackingData",
            "parcelId": "parcel-1",
            "trackingData": {"trackingId": "1Z", "carrier": "DHL"},
        }
    ]


def test_a_409_on_the_order_is_rebuilt(stub, context):
    stub.get(url("orders/order-number=N-o"), json=order("o"))
    stub.get(url("orders/o"), json=order("o", version=2))
    stub.post(url("orders/o"), status=409, json=CONCURRENT)
    stub.post(url("orders/o"), json=order("o", version=3))
    ShipmentTrackingPush(context).push({"order": "N-o", "tracking_number": "1Z"}, None)
    assert [b["version"] for b in posts(stub)] == [1, 2]


def test_an_unknown_order_number_is_refused(stub, context):
    stub.get(url("orders/order-number=N-x"), status=404, json=error(404, "ResourceNotFound", "x"))
    with pytest.raises(RecordRejected, match="'N-x'"):
        ShipmentTrackingPush(context).push({"order": "N-x", "tracking_number": "1Z"}, None)
