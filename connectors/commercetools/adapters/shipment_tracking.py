"""Shipment tracking push: a tracking number becomes a delivery with one parcel whose
``trackingData`` carries it (reference/commercetools.md §4, order update actions).

Document (see ``documents.SHIPMENT_TRACKING_PUSH``)::

    {"order": "CT-2001", "tracking_number": "1Z999AA10123456784", "carrier": "UPS"}

The order is found by its number. A parcel that already has this tracking number is the same
shipment: its tracking data is updated if the carrier or provider changed, otherwise nothing is
sent. The outcome's remote id is the parcel's id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import AdapterContext, ExternalRef, PushOutcome, RecordRejected
from connectors.commercetools.actions import Action, apply_update
from connectors.commercetools.adapters.common import client_of

Doc = dict[str, Any]


def tracking_data(document: Mapping[str, Any]) -> Doc:
    data: Doc = {"trackingId": document["tracking_number"]}
    for name, target in (
        ("carrier", "carrier"),
        ("provider", "provider"),
        ("tracking_url", "providerTransaction"),
    ):
        if document.get(name):
            data[target] = document[name]
    return data


def parcels(order: Mapping[str, Any]) -> list[Doc]:
    info = order.get("shippingInfo") or {}
    return [p for d in info.get("deliveries") or [] for p in d.get("parcels") or []]


def find_parcel(order: Mapping[str, Any], tracking_number: str) -> Doc | None:
    for parcel in parcels(order):
        if (parcel.get("trackingData") or {}).get("trackingId") == tracking_number:
            return parcel
    return None


def tracking_actions(order: Mapping[str, Any], wanted: Doc) -> list[Action]:
    parcel = find_parcel(order, wanted["trackingId"])
    if parcel is None:
        return [{"action": "addDelivery", "items": [], "parcels": [{"trackingData": wanted}]}]
    have = parcel.get("trackingData") or {}
    if all(have.get(k) == v for k, v in wanted.items()):
        return []
    return [
        {"action": "setParcelTrackingData", "parcelId": parcel["id"], "trackingData": have | wanted}
    ]


class ShipmentTrackingPush:
    entity = "shipment_tracking"

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = client_of(context)

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        number = document["order"]
        order = self.client.order_by_number(number)
        if order is None:
            raise RecordRejected(
                f"No order with number {number!r} exists in commercetools.",
                hint="Check the order number in the tracking mapping (orders are found by "
                "orderNumber).",
            )
        wanted = tracking_data(document)
        record, actions = apply_update(
            order,
            lambda current: tracking_actions(current, wanted),
            self.client.update_order,
            self.client.order,
        )
        parcel = find_parcel(record, wanted["trackingId"]) or {}
        action = "created" if actions and actions[0]["action"] == "addDelivery" else None
        return PushOutcome(
            action or ("updated" if actions else "unchanged"),
            str(parcel.get("id", record["id"])),
            str(record.get("version", "")),
            (f"order {number}",),
        )
