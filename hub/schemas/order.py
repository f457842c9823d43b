"""Order: pulled from a store with its lines, subtotals and addresses.

Stores have no global order key, so the natural key is (source subscription, order number):
two stores' order "1001" never merge. Orders typed into the hub have the origin "hub".
"""

from __future__ import annotations

from typing import Any

from hub.schemas.base import (
    CURRENCY,
    DATETIME,
    DECIMAL,
    EMAIL,
    LIST,
    OBJECT,
    STRING,
    EntitySchema,
    Field,
    FieldError,
    origin_part,
)
from hub.schemas.common import POSTAL_ADDRESS_FIELDS, region_check

LINE = Field(
    "line",
    OBJECT,
    fields=(
        Field("sku", STRING, required=True, description="Product SKU."),
        Field("name", STRING, description="Product name as ordered."),
        Field("quantity", DECIMAL, required=True, description="Quantity ordered."),
        Field("unit", STRING, required=True, description="Unit code."),
        Field("price", DECIMAL, required=True, description="Unit price."),
        Field("total", DECIMAL, description="Line total."),
        Field("parent_sku", STRING, description="For kit item lines: the kit's SKU."),
    ),
)

SUBTOTAL = Field(
    "subtotal",
    OBJECT,
    fields=(
        Field(
            "type", STRING, required=True, description="subtotal, discount, shipping_cost, tax ..."
        ),
        Field("label", STRING, description="Label as shown on the order."),
        Field("amount", DECIMAL, required=True, description="Amount."),
    ),
)

FIELDS = (
    Field("number", STRING, required=True, description="The store's order number or id."),
    Field("identifier", STRING, description="Human-facing identifier, when it differs."),
    Field("po_number", STRING, description="Buyer's purchase order number."),
    Field("customer", STRING, description="Key of the customer (company)."),
    Field("customer_user", EMAIL, description="Email of the person who ordered."),
    Field("currency", CURRENCY, required=True, description="ISO 4217 code."),
    Field("lines", LIST, required=True, item=LINE, description="Line items."),
    Field("subtotals", LIST, item=SUBTOTAL, description="Subtotals, discounts, shipping, tax."),
    Field("total", DECIMAL, required=True, description="Order total."),
    Field("billing_address", OBJECT, fields=POSTAL_ADDRESS_FIELDS, description="Billing address."),
    Field(
        "shipping_address", OBJECT, fields=POSTAL_ADDRESS_FIELDS, description="Shipping address."
    ),
    Field("shipping_method", STRING, description="Shipping method label."),
    Field("payment_method", STRING, description="Payment method label."),
    Field("payment_term", STRING, description="Payment term label."),
    Field("status", STRING, description="Order status code as the store names it, e.g. open."),
    Field(
        "created_at", DATETIME, required=True, description="When the order was placed (ISO 8601)."
    ),
    Field("updated_at", DATETIME, description="When the store last changed it (ISO 8601)."),
)


def _key(data: dict[str, Any], origin: int | None) -> str:
    return f"{origin_part(origin)}:{data['number']}"


def _checks(data: dict[str, Any]) -> list[FieldError]:
    errors = region_check("billing_address.", data.get("billing_address"))
    errors += region_check("shipping_address.", data.get("shipping_address"))
    return errors


SCHEMA = EntitySchema(
    entity="order",
    refers_to=("customer", "customer_user", "product"),
    description="A sales order with lines, subtotals, addresses, status and timestamps.",
    fields=FIELDS,
    key_function=_key,
    key_description='source subscription id:number ("hub:number" for orders typed into the hub)',
    checks=(_checks,),
    keyed_by_origin=True,
    example={
        "number": "1001",
        "customer": "Acme Inc.",
        "customer_user": "jane@acme.example",
        "currency": "USD",
        "lines": [
            {
                "sku": "CHAIR-1",
                "quantity": "2",
                "unit": "item",
                "price": "129.00",
                "total": "258.00",
            }
        ],
        "total": "258.00",
        "status": "open",
        "created_at": "2024-05-01T10:00:00Z",
    },
)
