"""Shipment tracking push to an order (method and number).

Document (``hub/schemas/shipment_tracking.py``)::

    {"order": "42", "tracking_number": "1Z999", "carrier": "UPS", "method": "Ground"}

``order`` is the order's number as the order pull gave it (its OroCommerce id). The order's
trackings are read through the generic relationship call (``orders/{id}/shippingTrackings``),
one call, rather than listing every tracking of the instance; the tracking is matched by
number. ``method`` is the carrier, else the shipping method. The link to the order is
``orders`` (to-many) from 6.1 and ``order`` before (reference §2.10).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome
from connectors.orocommerce.adapters.base import OroAdapter, changed
from connectors.orocommerce.jsonapi import Ref, document, resource_object, to_many, to_one


class ShipmentTrackingPush(OroAdapter):
    entity = "shipment_tracking"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        order = str(doc["order"])
        number = str(doc["tracking_number"])
        attributes = {
            "method": str(doc.get("carrier") or doc.get("method") or ""),
            "number": number,
        }
        existing = self.client.get_related("orders", order, "shippingTrackings")
        current = next((t for t in existing if known and t.id == known.remote_id), None) or next(
            (t for t in existing if t.attr("number") == number), None
        )
        if current is None:
            order_ref = Ref("orders", order)
            link = to_many([order_ref]) if self.api_version >= (6, 1) else to_one(order_ref)
            name = "orders" if self.api_version >= (6, 1) else "order"
            body = document(
                resource_object(
                    "ordershippingtrackings", attributes=attributes, relationships={name: link}
                )
            )
            return self.done("created", self.client.create_shipping_tracking(body))
        diff = changed(current.attributes, attributes)
        if not diff:
            return self.unchanged(current)
        body = document(resource_object("ordershippingtrackings", current.id, attributes=diff))
        return self.done("updated", self.client.update_shipping_tracking(current.id, body))
