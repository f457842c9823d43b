"""The commercetools entity adapters, one module per hub entity (``connectors/adapters.py``)."""

from __future__ import annotations

from connectors.commercetools.adapters.address import AddressPush
from connectors.commercetools.adapters.customer import CustomerPush
from connectors.commercetools.adapters.customer_group import CustomerGroupPush
from connectors.commercetools.adapters.order import OrderPull
from connectors.commercetools.adapters.price import PricePush
from connectors.commercetools.adapters.product import ProductPush
from connectors.commercetools.adapters.shipment_tracking import ShipmentTrackingPush

ADAPTERS: dict[tuple[str, str], type] = {
    ("product", "push"): ProductPush,
    ("price", "push"): PricePush,
    ("customer_user", "push"): CustomerPush,
    ("address", "push"): AddressPush,
    ("customer_group", "push"): CustomerGroupPush,
    ("shipment_tracking", "push"): ShipmentTrackingPush,
    ("order", "pull"): OrderPull,
}

__all__ = [
    "ADAPTERS",
    "AddressPush",
    "CustomerGroupPush",
    "CustomerPush",
    "OrderPull",
    "PricePush",
    "ProductPush",
    "ShipmentTrackingPush",
]
