"""OroCommerce adapters: one module per hub entity (``connectors/adapters.py`` is the contract)."""

from __future__ import annotations

from connectors.orocommerce.adapters.address import AddressPush
from connectors.orocommerce.adapters.customer import CustomerPush
from connectors.orocommerce.adapters.customer_group import CustomerGroupPush
from connectors.orocommerce.adapters.customer_user import CustomerUserPush
from connectors.orocommerce.adapters.order import OrderPull
from connectors.orocommerce.adapters.price import PricePush
from connectors.orocommerce.adapters.price_list import PriceListPush
from connectors.orocommerce.adapters.product import ProductPush
from connectors.orocommerce.adapters.shipment_tracking import ShipmentTrackingPush

ADAPTERS: dict[tuple[str, str], type] = {
    ("product", "push"): ProductPush,
    ("price", "push"): PricePush,
    ("price_list", "push"): PriceListPush,
    ("customer_group", "push"): CustomerGroupPush,
    ("customer", "push"): CustomerPush,
    ("customer_user", "push"): CustomerUserPush,
    ("address", "push"): AddressPush,
    ("shipment_tracking", "push"): ShipmentTrackingPush,
    ("order", "pull"): OrderPull,
}
