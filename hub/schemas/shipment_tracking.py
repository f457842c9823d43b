"""Shipment tracking: a carrier's tracking number for an order (Oro ordershippingtrackings).

Keyed like orders, by source subscription, plus the order number and the tracking number.
"""

from __future__ import annotations

from typing import Any

from hub.schemas.base import DATETIME, STRING, EntitySchema, Field, origin_part

FIELDS = (
    Field(
        "order", STRING, required=True, description="The order's number (as in the order record)."
    ),
    Field("tracking_number", STRING, required=True, description="The carrier's tracking number."),
    Field("carrier", STRING, description="Carrier name, e.g. UPS."),
    Field("method", STRING, description="Shipping method, e.g. Ground."),
    Field("shipped_at", DATETIME, description="When it shipped (ISO 8601)."),
)


def _key(data: dict[str, Any], origin: int | None) -> str:
    return f"{origin_part(origin)}:{data['order']}:{data['tracking_number']}"


SCHEMA = EntitySchema(
    entity="shipment_tracking",
    refers_to=("order",),
    description="A shipment's tracking number for an order.",
    fields=FIELDS,
    key_function=_key,
    key_description="source subscription id:order number:tracking number",
    keyed_by_origin=True,
    example={"order": "1001", "tracking_number": "1Z999AA10123456784", "carrier": "UPS"},
)
