"""The documents the commercetools connector accepts (push) and produces (pull).

Names follow the hub's words (snake case); the adapters turn them into commercetools drafts
and update actions (reference/commercetools.md §4). Every ``key`` field (product type,
category, tax category, customer group, channel) is a commercetools ``key`` the adapter
resolves to an id. Localized texts (``name``, ``slug``, ``description``) are objects of
locale -> text, e.g. ``{"en": "Hard Hat"}``. Amounts are decimal strings, never floats.
"""

from __future__ import annotations

from connectors.documents import (
    BOOLEAN,
    DATETIME,
    DECIMAL,
    INTEGER,
    KEY,
    LIST,
    MONEY,
    OBJECT,
    STRING,
    DocField,
    DocumentSchema,
)

ADDRESS_FIELDS = {
    # document name -> commercetools Address field
    "key": "key",
    "title": "title",
    "first_name": "firstName",
    "last_name": "lastName",
    "company": "company",
    "street_name": "streetName",
    "street_number": "streetNumber",
    "additional_street_info": "additionalStreetInfo",
    "postal_code": "postalCode",
    "city": "city",
    "region": "region",
    "state": "state",
    "country": "country",
    "phone": "phone",
    "email": "email",
}


def _price_fields(prefix: str) -> tuple[DocField, ...]:
    return (
        DocField(f"{prefix}currency", STRING, required=True, description="ISO 4217, e.g. USD."),
        DocField(f"{prefix}amount", MONEY, required=True, description='Decimal string, "19.99".'),
        DocField(f"{prefix}customer_group", KEY, description="Customer group key (scope)."),
        DocField(f"{prefix}channel", KEY, description="Channel key (scope)."),
        DocField(f"{prefix}country", STRING, description="ISO 3166-1 country code (scope)."),
    )


PRODUCT_PUSH = DocumentSchema(
    entity="product",
    direction="push",
    description="A product with its variants; the first variant is the master variant.",
    fields=(
        DocField("key", STRING, max_length=256, description="Product key ([a-zA-Z0-9_-]{2,256})."),
        DocField("product_type", KEY, required=True, description="Product type key."),
        DocField("name", OBJECT, required=True, open=True, description="Localized name."),
        DocField("slug", OBJECT, required=True, open=True, description="Localized slug."),
        DocField("description", OBJECT, open=True, description="Localized description."),
        DocField("categories", LIST, item=KEY, description="Category keys; the whole set."),
        DocField("tax_category", KEY, description="Tax category key."),
        DocField("publish", BOOLEAN, description="Publish after creating or changing it."),
        DocField("variants", LIST, required=True, description="Master variant first."),
        DocField("variants[].sku", STRING, required=True, description="The variant's SKU."),
        DocField("variants[].key", STRING, description="The variant's key."),
        DocField(
            "variants[].attributes",
            OBJECT,
            open=True,
            description="Attribute name -> value, typed by the product type; the whole set.",
        ),
        DocField(
            "variants[].prices",
            LIST,
            description="Embedded prices; the whole set. Leave out to keep the remote prices.",
        ),
        *_price_fields("variants[].prices[]."),
    ),
)

PRICE_PUSH = DocumentSchema(
    entity="price",
    direction="push",
    description="One price of one SKU in one scope: an embedded variant price, or a standalone "
    "price when the product's price mode is Standalone.",
    fields=(
        DocField("sku", STRING, required=True, description="SKU of the variant."),
        DocField("key", STRING, description="Standalone price key (standalone prices only)."),
        *_price_fields(""),
        DocField(
            "quantity",
            DECIMAL,
            description="The quantity the price starts at; only 1 is pushed (no tiers).",
        ),
    ),
)

CUSTOMER_USER_PUSH = DocumentSchema(
    entity="customer_user",
    direction="push",
    description="A commercetools Customer (a person with an email), found by email.",
    fields=(
        DocField("email", STRING, required=True, description="Email; the natural key."),
        DocField("key", STRING, description="Customer key."),
        DocField("first_name", STRING, description="First name."),
        DocField("last_name", STRING, description="Last name."),
        DocField("middle_name", STRING, description="Middle name."),
        DocField("company_name", STRING, description="Company name."),
        DocField("external_id", STRING, description="Id in another system."),
        DocField("customer_group", KEY, description="Customer group key."),
        DocField("addresses", LIST, description="The whole set of keyed addresses."),
        *(
            DocField(
                f"addresses[].{name}",
                STRING,
                required=name in ("key", "country"),
                description=f"Address {target}.",
            )
            for name, target in ADDRESS_FIELDS.items()
        ),
        DocField("default_shipping_address", KEY, description="Key of an address above."),
        DocField("default_billing_address", KEY, description="Key of an address above."),
    ),
)

ADDRESS_PUSH = DocumentSchema(
    entity="address",
    direction="push",
    description="One keyed address of a commercetools Customer, found by the customer's email.",
    fields=(
        DocField("customer", STRING, required=True, description="The customer's email."),
        *(
            DocField(
                name,
                STRING,
                required=name in ("key", "country"),
                description=f"Address {target}.",
            )
            for name, target in ADDRESS_FIELDS.items()
        ),
        DocField("default_shipping", BOOLEAN, description="Make it the default shipping address."),
        DocField("default_billing", BOOLEAN, description="Make it the default billing address."),
    ),
)

CUSTOMER_GROUP_PUSH = DocumentSchema(
    entity="customer_group",
    direction="push",
    description="A customer group, found by key.",
    fields=(
        DocField("key", STRING, required=True, description="Customer group key."),
        DocField("name", STRING, required=True, description="Group name."),
    ),
)

SHIPMENT_TRACKING_PUSH = DocumentSchema(
    entity="shipment_tracking",
    direction="push",
    description="A tracking number, pushed as a delivery with one parcel on the order.",
    fields=(
        DocField("order", STRING, required=True, description="The order number."),
        DocField("tracking_number", STRING, required=True, description="trackingId."),
        DocField("carrier", STRING, description="Carrier, e.g. UPS."),
        DocField("provider", STRING, description="Shipping provider."),
        DocField("tracking_url", STRING, description="Tracking page URL (provider's)."),
    ),
)


def _address_fields(prefix: str, description: str) -> tuple[DocField, ...]:
    return (
        DocField(prefix, OBJECT, description=description),
        *(DocField(f"{prefix}.{name}", STRING) for name in ADDRESS_FIELDS if name != "key"),
        DocField(f"{prefix}.key", STRING),
    )


ORDER_PULL = DocumentSchema(
    entity="order",
    direction="pull",
    description="A commercetools Order (reference §4) in the hub's words; amounts are exact "
    "decimal strings in the order's currency.",
    fields=(
        DocField("id", STRING, required=True, description="Order id."),
        DocField("version", INTEGER, required=True, description="Order version."),
        DocField("number", STRING, required=True, description="orderNumber, else the id."),
        DocField("po_number", STRING, description="purchaseOrderNumber."),
        DocField("customer_id", STRING, description="customerId."),
        DocField("customer_email", STRING, description="customerEmail."),
        DocField("currency", STRING, required=True, description="ISO 4217 code."),
        DocField("total", DECIMAL, required=True, description="totalPrice."),
        DocField("total_net", DECIMAL, description="taxedPrice.totalNet."),
        DocField("total_gross", DECIMAL, description="taxedPrice.totalGross."),
        DocField("total_tax", DECIMAL, description="taxedPrice.totalTax."),
        DocField("order_state", STRING, description="Open, Confirmed, Complete, Cancelled."),
        DocField("shipment_state", STRING, description="shipmentState."),
        DocField("payment_state", STRING, description="paymentState."),
        DocField("created_at", DATETIME, description="createdAt."),
        DocField("updated_at", DATETIME, required=True, description="lastModifiedAt."),
        DocField("completed_at", DATETIME, description="completedAt."),
        DocField("shipping_method", STRING, description="shippingInfo.shippingMethodName."),
        DocField("shipping_total", DECIMAL, description="shippingInfo.price."),
        *_address_fields("billing_address", "billingAddress."),
        *_address_fields("shipping_address", "shippingAddress."),
        DocField("lines", LIST, description="lineItems, then customLineItems."),
        DocField("lines[].id", STRING, required=True, description="Line item id."),
        DocField("lines[].sku", STRING, description="variant.sku (empty for custom lines)."),
        DocField("lines[].product_id", STRING, description="productId."),
        DocField("lines[].product_key", STRING, description="productKey."),
        DocField("lines[].name", STRING, description="The name in the order's first locale."),
        DocField("lines[].names", OBJECT, open=True, description="Localized names."),
        DocField("lines[].quantity", INTEGER, required=True, description="quantity."),
        DocField("lines[].price", DECIMAL, description="Unit price (price.value)."),
        DocField("lines[].total", DECIMAL, description="totalPrice."),
        DocField("lines[].custom", BOOLEAN, description="A custom line item."),
        DocField("trackings", LIST, description="Parcels with tracking data."),
        DocField("trackings[].tracking_number", STRING, required=True, description="trackingId."),
        DocField("trackings[].carrier", STRING, description="carrier."),
    ),
)

DOCUMENTS = {
    ("product", "push"): PRODUCT_PUSH,
    ("price", "push"): PRICE_PUSH,
    ("customer_user", "push"): CUSTOMER_USER_PUSH,
    ("address", "push"): ADDRESS_PUSH,
    ("customer_group", "push"): CUSTOMER_GROUP_PUSH,
    ("shipment_tracking", "push"): SHIPMENT_TRACKING_PUSH,
    ("order", "pull"): ORDER_PULL,
}
