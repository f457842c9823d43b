"""A deterministic demo catalog for the commercetools sandbox."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from .actions import (
    customer_from_draft,
    order_from_draft,
    product_from_draft,
    tax_category_from_draft,
)

if TYPE_CHECKING:
    from .server import CommercetoolsSandbox

ORDER_HOURS = 6

NOUNS = [
    "Safety Gloves",
    "Hard Hat",
    "Hi-Vis Vest",
    "Steel Toe Boots",
    "Ear Defenders",
    "Dust Mask",
    "Work Light",
    "Extension Cord",
    "Cordless Drill",
    "Drill Bit Set",
    "Tape Measure",
    "Utility Knife",
]


def seed(sb: CommercetoolsSandbox) -> None:
    rng = random.Random(20261123)
    # Timestamps spread over the past, ending an hour ago: the orders (every 6 hours, last)
    # fall inside the last week, where a first order pull looks.
    span_hours = len(NOUNS) * 3 * 6 + 15 * 8 + 20 * ORDER_HOURS
    base = sb.now() - (span_hours + 1) * 3600
    clock = [base]

    def tick(hours: float) -> None:
        clock[0] += hours * 3600

    original_now = sb.now
    sb.now = lambda: clock[0]  # type: ignore[method-assign]  # spread seed timestamps over ten days
    try:
        ptype = sb.new_doc(
            "product-types",
            {
                "key": "workwear",
                "name": "Workwear",
                "description": "",
                "attributes": [{"name": "color", "type": {"name": "text"}}],
            },
        )
        # A project's catch-all type, as many have: the portal's default product mapping sends
        # products without an attribute family to the type with key "default".
        # The demo catalog (demo/*.jsonl) varies its safety boots by EU size: an enum, as a
        # project would model a fixed size run, unique per combination within a product.
        sb.new_doc(
            "product-types",
            {
                "key": "default",
                "name": "Default",
                "description": "",
                "attributes": [
                    {
                        "name": "size",
                        "label": {"en": "Size"},
                        "isRequired": False,
                        "type": {
                            "name": "enum",
                            "values": [{"key": str(n), "label": str(n)} for n in range(36, 49)],
                        },
                        "attributeConstraint": "CombinationUnique",
                        "isSearchable": True,
                        "inputHint": "SingleLine",
                        "level": "Variant",
                    }
                ],
            },
        )
        # The demo's products name the tax category TAX_STANDARD (their hub tax code).
        tax_category_from_draft(
            sb,
            {
                "key": "TAX_STANDARD",
                "name": "Standard",
                "description": "Standard rate",
                "rates": [
                    {
                        "name": "US sales tax",
                        "amount": 0.0,
                        "includedInPrice": False,
                        "country": "US",
                    },
                    {
                        "name": "DE MwSt. 19%",
                        "amount": 0.19,
                        "includedInPrice": True,
                        "country": "DE",
                    },
                ],
            },
        )
        cats = [
            sb.new_doc(
                "categories",
                {
                    "key": k,
                    "name": {"en": n},
                    "slug": {"en": k},
                    "orderHint": "0.5",
                    "parent": None,
                    "ancestors": [],
                },
            )
            for k, n in [
                ("safety", "Safety"),
                ("power-tools", "Power Tools"),
                ("hand-tools", "Hand Tools"),
                # the demo catalog's other categories (their hub titles as keys, slugified)
                ("footwear", "Footwear"),
                ("lighting", "Lighting"),
            ]
        ]
        groups = [
            sb.new_doc("customer-groups", {"key": k, "name": n})
            for k, n in [("retail", "Retail"), ("wholesale", "Wholesale"), ("partners", "Partners")]
        ]
        for n, noun in enumerate(NOUNS * 3, 1):
            grade = ["Standard", "Pro", "Heavy Duty"][(n - 1) // len(NOUNS)]
            cents = rng.randrange(500, 25000)
            tick(6)
            product_from_draft(
                sb,
                {
                    "key": f"sb-{1000 + n}",
                    "productType": {"id": ptype["id"]},
                    "name": {"en": f"{grade} {noun}"},
                    "slug": {"en": f"sb-{1000 + n}"},
                    "publish": True,
                    "categories": [{"id": cats[n % 3]["id"]}],
                    "masterVariant": {
                        "sku": f"SB-{1000 + n}",
                        "prices": [
                            {"value": {"currencyCode": "USD", "centAmount": cents}},
                            {
                                "value": {"currencyCode": "USD", "centAmount": cents * 85 // 100},
                                "customerGroup": {
                                    "typeId": "customer-group",
                                    "id": groups[1]["id"],
                                },
                            },
                        ],
                        "attributes": [{"name": "color", "value": "orange"}],
                    },
                    "variants": [{"sku": f"SB-{1000 + n}-L"}] if n % 4 == 0 else [],
                },
            )
            if n % 6 == 0:
                sb.new_doc(
                    "standalone-prices",
                    {
                        "key": f"sp-{n}",
                        "sku": f"SB-{1000 + n}",
                        "active": True,
                        "value": {
                            "type": "centPrecision",
                            "currencyCode": "EUR",
                            "centAmount": cents,
                            "fractionDigits": 2,
                        },
                    },
                )
        customers = []
        for n in range(1, 16):
            tick(8)
            customers.append(
                customer_from_draft(
                    sb,
                    {
                        "key": f"customer-{n}",
                        "email": f"buyer{n}@example.com",
                        "firstName": f"Buyer{n}",
                        "lastName": "Example",
                        "companyName": f"Company {n}",
                        "customerGroup": {"id": groups[n % 3]["id"]},
                        "addresses": [
                            {
                                "key": "hq",
                                "streetName": "Main Street",
                                "streetNumber": str(n),
                                "postalCode": "10001",
                                "city": "New York",
                                "country": "US",
                            }
                        ],
                        "defaultShippingAddress": 0,
                        "defaultBillingAddress": 0,
                    },
                )
            )
        products = list(sb.data["products"].values())
        for n in range(1, 21):
            tick(ORDER_HOURS)
            customer = customers[n % len(customers)]
            lines = []
            total = 0
            for product in rng.sample(products, 1 + n % 3):
                variant = product["masterData"]["current"]["masterVariant"]
                qty = rng.randrange(1, 6)
                price = variant["prices"][0]["value"]
                total += price["centAmount"] * qty
                lines.append(
                    {
                        "productId": product["id"],
                        "name": product["masterData"]["current"]["name"],
                        "variant": {"id": 1, "sku": variant["sku"]},
                        "quantity": qty,
                        "price": {"value": price},
                    }
                )
            order = order_from_draft(
                sb,
                {
                    "orderNumber": f"CT-{2000 + n}",
                    "customerId": customer["id"],
                    "customerEmail": customer["email"],
                    "lineItems": lines,
                    "totalPrice": {"currencyCode": "USD", "centAmount": total},
                    "shippingAddress": customer["addresses"][0],
                    "billingAddress": customer["addresses"][0],
                    "shipmentState": "Shipped" if n % 4 == 0 else "Pending",
                    "paymentState": "Paid",
                },
            )
            if n % 4 == 0:
                order["shippingInfo"]["deliveries"].append(
                    {
                        "id": f"delivery-{n}",
                        "key": None,
                        "createdAt": order["createdAt"],
                        "items": [
                            {"id": li["id"], "quantity": li["quantity"]}
                            for li in order["lineItems"]
                        ],
                        "parcels": [
                            {
                                "id": f"parcel-{n}",
                                "createdAt": order["createdAt"],
                                "measurements": None,
                                "trackingData": {
                                    "trackingId": f"1Z999AA1{n:08d}",
                                    "carrier": "UPS",
                                },
                                "items": [],
                            }
                        ],
                        "address": None,
                    }
                )
    finally:
        sb.now = original_now  # type: ignore[method-assign]
