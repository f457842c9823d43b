"""Valid hub data for every entity, and records made through the upsert service."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from hub import services
from hub.models import Record

_seq = itertools.count(1)


def product_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "sku": f"SKU-{next(_seq)}",
        "type": "simple",
        "names": {"en": "Office chair"},
        "status": "enabled",
        "primary_unit": {"code": "item", "precision": 0},
        "category": "Chairs",
        "brand": "Acme",
        "weight": {"value": "12.5", "unit": "kg"},
        "attributes": {"color": "black"},
    }
    data.update(overrides)
    return data


def configurable_data(**overrides: Any) -> dict[str, Any]:
    return product_data(
        type="configurable",
        variant_fields=["color"],
        variants=["CHAIR-RED", "CHAIR-BLUE"],
        **overrides,
    )


def kit_data(**overrides: Any) -> dict[str, Any]:
    kit_item = {
        "label": "Base",
        "optional": False,
        "minimum_quantity": "1",
        "maximum_quantity": "2",
        "unit": "item",
        "products": ["BASE-1", "BASE-2"],
    }
    return product_data(type="kit", kit_items=[kit_item], **overrides)


def price_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "sku": "CHAIR-1",
        "price_list": "Default Price List",
        "currency": "USD",
        "value": "129.00",
        "quantity": "1",
        "unit": "item",
        "is_default": True,
    }
    data.update(overrides)
    return data


def price_list_data(**overrides: Any) -> dict[str, Any]:
    return {"name": f"Price list {next(_seq)}", "currencies": ["USD", "EUR"], **overrides}


def customer_group_data(**overrides: Any) -> dict[str, Any]:
    return {"name": f"Group {next(_seq)}", **overrides}


def customer_data(**overrides: Any) -> dict[str, Any]:
    return {
        "name": f"Acme {next(_seq)}",
        "group": "Wholesale",
        "payment_term": "Net 30",
        **overrides,
    }


def customer_user_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": f"buyer{next(_seq)}@acme.example",
        "first_name": "Jane",
        "last_name": "Doe",
        "customer": "Acme Inc.",
        "roles": ["Buyer"],
        "enabled": True,
    }
    data.update(overrides)
    return data


def postal_address(**overrides: Any) -> dict[str, Any]:
    data = {
        "street": "1 Main St",
        "city": "Springfield",
        "postal_code": "62701",
        "country": "US",
        "region": "US-IL",
    }
    data.update(overrides)
    return data


def address_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "owner": {"type": "customer", "key": "Acme Inc."},
        "label": f"Office {next(_seq)}",
        **postal_address(),
        "types": ["billing", "shipping"],
        "default_billing": True,
    }
    data.update(overrides)
    return data


def order_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "number": "1001",
        "customer": "Acme Inc.",
        "customer_user": "jane@acme.example",
        "currency": "USD",
        "lines": [
            {"sku": "CHAIR-1", "name": "Chair", "quantity": "2", "unit": "item",
             "price": "129.00", "total": "258.00"},
        ],
        "subtotals": [{"type": "subtotal", "label": "Subtotal", "amount": "258.00"}],
        "total": "258.00",
        "billing_address": postal_address(),
        "shipping_address": postal_address(street="2 Dock Rd"),
        "status": "open",
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-02T08:30:00+00:00",
    }  # fmt: skip
    data.update(overrides)
    return data


def shipment_tracking_data(**overrides: Any) -> dict[str, Any]:
    data = {"order": "1001", "tracking_number": "1Z999", "carrier": "UPS", "method": "Ground"}
    data.update(overrides)
    return data


VALID: dict[str, Any] = {
    "product": product_data,
    "price": price_data,
    "price_list": price_list_data,
    "customer_group": customer_group_data,
    "customer": customer_data,
    "customer_user": customer_user_data,
    "address": address_data,
    "order": order_data,
    "shipment_tracking": shipment_tracking_data,
}


def valid(entity: str, **overrides: Any) -> dict[str, Any]:
    return copy.deepcopy(VALID[entity](**overrides))


def make_record(
    entity: str = "product", origin_subscription_id: int | None = None, **overrides: Any
) -> Record:
    """A record saved the way production saves them: through services.upsert."""
    data = valid(entity, **overrides)
    return services.upsert(entity, data, origin_subscription_id=origin_subscription_id).record
