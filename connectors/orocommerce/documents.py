# ruff: noqa: E501  (one field per line reads best as a table)
"""The documents the OroCommerce connector accepts and produces, per entity and direction.

Names follow the hub's words (snake case); the adapter turns a document into Oro's JSON:API
resources (``reference/orocommerce.md`` §2.1, §2.2): ``product_type`` becomes ``productType``,
``names`` become ``productnames``, ``primary_unit`` becomes the ``primaryUnitPrecision``, and
every ``key`` field (unit code, category title, brand name, tax code, attribute family code,
SKU) is resolved to an id by the look-ups seed 001 lists. Every other entity the connector
pushes has its document here too, and the order pull's document is what the adapter produces
(the pull mapping reads it and renders a hub order).
"""

from __future__ import annotations

from connectors.documents import (
    BOOLEAN,
    DATE,
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

PRODUCT_TYPES = ("simple", "configurable", "kit")
STATUSES = ("enabled", "disabled")
# prodinventorystatuses ids (§2.1).
INVENTORY_STATUSES = ("in_stock", "out_of_stock", "discontinued")

PRODUCT_PUSH = DocumentSchema(
    entity="product",
    direction="push",
    description="A product as the connector creates or updates it in OroCommerce.",
    fields=(
        DocField("sku", STRING, required=True, max_length=255, description="The SKU; Oro's unique product key."),
        DocField("product_type", STRING, required=True, choices=PRODUCT_TYPES, description="productType."),
        DocField("status", STRING, required=True, choices=STATUSES, description="enabled or disabled."),
        DocField("name", STRING, required=True, max_length=255, description="The default product name (productnames, localization null)."),
        DocField("names", OBJECT, open=True, description="Localized names: localization code -> name."),
        DocField("description", STRING, description="Default long description (productdescriptions)."),
        DocField("descriptions", OBJECT, open=True, description="Localized long descriptions: localization code -> text."),
        DocField("short_description", STRING, description="Default short description (productshortdescriptions)."),
        DocField("short_descriptions", OBJECT, open=True, description="Localized short descriptions: localization code -> text."),
        DocField("primary_unit", OBJECT, required=True, description="primaryUnitPrecision."),
        DocField("primary_unit.code", KEY, required=True, description="productunits id, e.g. item, set."),
        DocField("primary_unit.precision", INTEGER, required=True, description="Decimal places."),
        DocField("primary_unit.conversion_rate", DECIMAL, description="Always 1 for the primary unit."),
        DocField("primary_unit.sell", BOOLEAN, description="Sold in this unit."),
        DocField("unit_precisions", LIST, description="Extra units (unitPrecisions)."),
        DocField("unit_precisions[].code", KEY, required=True, description="productunits id."),
        DocField("unit_precisions[].precision", INTEGER, required=True, description="Decimal places."),
        DocField("unit_precisions[].conversion_rate", DECIMAL, description="Primary units per unit."),
        DocField("unit_precisions[].sell", BOOLEAN, description="Sold in this unit."),
        DocField("category", KEY, description="Category title (categories)."),
        DocField("brand", KEY, description="Brand name (brands)."),
        DocField("tax_code", KEY, description="Product tax code (producttaxcodes)."),
        DocField("attribute_family", KEY, required=True, description="Attribute family code, e.g. default_family."),
        DocField("inventory_status", KEY, required=True, choices=INVENTORY_STATUSES, description="inventory_status."),
        DocField("featured", BOOLEAN, description="Shown as featured."),
        DocField("new_arrival", BOOLEAN, description="Shown as a new arrival."),
        DocField("availability_date", DATE, description="availability_date."),
        DocField("weight", OBJECT, description="productShippingOptions weight."),
        DocField("weight.value", DECIMAL, required=True, description="Weight."),
        DocField("weight.unit", KEY, required=True, description="weightunits code: kg, lbs."),
        DocField("dimensions", OBJECT, description="productShippingOptions dimensions."),
        DocField("dimensions.length", DECIMAL, required=True, description="Length."),
        DocField("dimensions.width", DECIMAL, required=True, description="Width."),
        DocField("dimensions.height", DECIMAL, required=True, description="Height."),
        DocField("dimensions.unit", KEY, required=True, description="lengthunits code: cm, inch."),
        DocField("freight_class", KEY, description="productShippingOptions freightClass: freightclasses code, e.g. parcel."),
        DocField("variant_fields", LIST, item=STRING, description="Configurable: variantFields."),
        DocField("variants", LIST, item=KEY, description="Configurable: variant SKUs (variantLinks)."),
        DocField("kit_items", LIST, description="Kit: kitItems (required for a kit)."),
        DocField("kit_items[].label", STRING, required=True, description="productkititemlabels."),
        DocField("kit_items[].optional", BOOLEAN, description="optional."),
        DocField("kit_items[].sort_order", INTEGER, description="sortOrder."),
        DocField("kit_items[].minimum_quantity", DECIMAL, description="minimumQuantity."),
        DocField("kit_items[].maximum_quantity", DECIMAL, description="maximumQuantity."),
        DocField("kit_items[].unit", KEY, required=True, description="productUnit code."),
        DocField("kit_items[].products", LIST, item=KEY, required=True, description="kitItemProducts SKUs."),
        DocField("meta_title", STRING, description="metaTitles default value."),
        DocField("meta_titles", OBJECT, open=True, description="Localized meta titles: localization code -> text."),
        DocField("meta_description", STRING, description="metaDescriptions default value."),
        DocField("meta_descriptions", OBJECT, open=True, description="Localized meta descriptions: localization code -> text."),
        DocField("meta_keywords", STRING, description="metaKeywords default value."),
        DocField("meta_keywords_by_locale", OBJECT, open=True, description="Localized meta keywords: localization code -> text."),
        DocField("slug", STRING, description="slugPrototypes default value (the URL slug)."),
        DocField("slugs", OBJECT, open=True, description="Localized URL slugs: localization code -> slug."),
        DocField("attributes", OBJECT, open=True, description="Custom product attributes (extend fields) by field name: sent as product attributes."),
    ),
)  # fmt: skip

# The other entities: one schema per (entity, direction), in the adapters' words.

PRICE_PUSH = DocumentSchema(
    entity="price",
    direction="push",
    description="A product price (productprices), found by price list, product, unit, currency and quantity.",
    fields=(
        DocField("sku", KEY, required=True, max_length=255, description="The product's SKU; Auto Create Product decides when it is missing."),
        DocField("price_list", KEY, required=True, description="Price list name (pricelists)."),
        DocField("currency", STRING, required=True, max_length=3, description="ISO 4217 code."),
        DocField("value", MONEY, required=True, description="The price; Oro keeps four decimal places."),
        DocField("quantity", DECIMAL, description="Quantity tier the price starts at (default 1)."),
        DocField("unit", KEY, required=True, description="productunits id, e.g. item."),
        DocField("is_default", BOOLEAN, description="Written to the Default Pricing Custom Field Name, when the subscription has one."),
    ),
)  # fmt: skip

PRICE_LIST_PUSH = DocumentSchema(
    entity="price_list",
    direction="push",
    description="A price list (pricelists), found by name, and its customer-group assignments.",
    fields=(
        DocField("name", STRING, required=True, max_length=255, description="The price list's name; Oro's key for it."),
        DocField("currencies", LIST, item=STRING, required=True, description="priceListCurrencies: ISO 4217 codes."),
        DocField("active", BOOLEAN, description="active."),
        DocField("customer_groups", LIST, item=KEY, description="Customer group names (pricelisttocustomergroups); only added, never removed."),
    ),
)  # fmt: skip

CUSTOMER_GROUP_PUSH = DocumentSchema(
    entity="customer_group",
    direction="push",
    description="A customer group (customergroups), found by name.",
    fields=(
        DocField("name", STRING, required=True, max_length=255, description="The group's name; Oro's key for it."),
        DocField("payment_term", KEY, description="Payment term label (paymentterms)."),
    ),
)  # fmt: skip

CUSTOMER_PUSH = DocumentSchema(
    entity="customer",
    direction="push",
    description="A customer company (customers), found by name.",
    fields=(
        DocField("name", STRING, required=True, max_length=255, description="Company name; Oro's key for it."),
        DocField("code", STRING, max_length=36, description="externalId (6.1 and later)."),
        DocField("group", KEY, description="Customer group name; Auto Create Customer Group decides when it is missing."),
        DocField("parent", KEY, description="Parent customer's name."),
        DocField("payment_term", KEY, description="Payment term label (paymentterms)."),
        DocField("tax_code", KEY, description="Customer tax code (customertaxcodes)."),
    ),
)  # fmt: skip

CUSTOMER_USER_PUSH = DocumentSchema(
    entity="customer_user",
    direction="push",
    description="A person who buys for a customer (customerusers), found by email.",
    fields=(
        DocField("email", STRING, required=True, max_length=255, description="Email; Oro's key for the person."),
        DocField("first_name", STRING, required=True, max_length=255, description="firstName."),
        DocField("last_name", STRING, required=True, max_length=255, description="lastName."),
        DocField("middle_name", STRING, max_length=255, description="middleName."),
        DocField("customer", KEY, required=True, description="The customer's name; Oro requires one (push customers first)."),
        DocField("roles", LIST, item=KEY, description="Role labels or codes (customeruserroles), e.g. Buyer."),
        DocField("enabled", BOOLEAN, description="May sign in; sent on update only when it differs."),
    ),
)  # fmt: skip

ADDRESS_OWNERS = ("customer", "customer_user")
ADDRESS_TYPES = ("billing", "shipping")

ADDRESS_PUSH = DocumentSchema(
    entity="address",
    direction="push",
    description="An address of a customer (customeraddresses) or a customer user (customeruseraddresses).",
    fields=(
        DocField("owner", OBJECT, required=True, description="Who the address belongs to."),
        DocField("owner.type", STRING, required=True, choices=ADDRESS_OWNERS, description="customer or customer_user: picks the resource."),
        DocField("owner.key", KEY, required=True, description="The customer's name or the customer user's email."),
        DocField("label", STRING, max_length=255, description="label; the address is found again by it."),
        DocField("types", LIST, item=STRING, description="billing and/or shipping (types[].addressType)."),
        DocField("default_billing", BOOLEAN, description="types[].default of billing."),
        DocField("default_shipping", BOOLEAN, description="types[].default of shipping."),
        DocField("organization", STRING, max_length=255, description="Company name on the address."),
        DocField("first_name", STRING, max_length=255, description="firstName."),
        DocField("last_name", STRING, max_length=255, description="lastName."),
        DocField("street", STRING, required=True, max_length=500, description="street."),
        DocField("street2", STRING, max_length=500, description="street2."),
        DocField("city", STRING, required=True, max_length=255, description="city."),
        DocField("postal_code", STRING, max_length=255, description="postalCode."),
        DocField("country", KEY, required=True, description="ISO 3166-1 alpha-2 code (countries' id), or a country name."),
        DocField("region", KEY, description='Region code ("NY", "US-NY"; regions\' id) or name.'),
        DocField("phone", STRING, max_length=255, description="phone."),
    ),
)  # fmt: skip

SHIPMENT_TRACKING_PUSH = DocumentSchema(
    entity="shipment_tracking",
    direction="push",
    description="A tracking number on an order (ordershippingtrackings).",
    fields=(
        DocField("order", KEY, required=True, description="The order's id in OroCommerce (the number the order pull gave it)."),
        DocField("tracking_number", STRING, required=True, max_length=255, description="number."),
        DocField("carrier", STRING, max_length=255, description="method (the carrier wins over the shipping method)."),
        DocField("method", STRING, max_length=255, description="method, when there is no carrier."),
    ),
)  # fmt: skip


def _postal(prefix: str) -> tuple[DocField, ...]:
    """An order address as the pull gives it (orderaddresses, §2.8)."""
    return (
        DocField(prefix, OBJECT, description="orderaddresses, included with the order."),
        DocField(f"{prefix}.organization", STRING, description="organization."),
        DocField(f"{prefix}.first_name", STRING, description="firstName."),
        DocField(f"{prefix}.last_name", STRING, description="lastName."),
        DocField(f"{prefix}.street", STRING, description="street."),
        DocField(f"{prefix}.street2", STRING, description="street2."),
        DocField(f"{prefix}.city", STRING, description="city."),
        DocField(f"{prefix}.postal_code", STRING, description="postalCode."),
        DocField(f"{prefix}.phone", STRING, description="phone."),
        DocField(f"{prefix}.country", STRING, description="The country's id: ISO 3166-1 alpha-2."),
        DocField(
            f"{prefix}.region", STRING, description='The region\'s id ("US-NY"), else customRegion.'
        ),
    )


ORDER_PULL = DocumentSchema(
    entity="order",
    direction="pull",
    description="An order as the order pull produces it: one include call per page brings its lines, subtotals, addresses, customer, person and payment term.",
    fields=(
        DocField("id", STRING, required=True, description="The order's id: the remote id the hub remembers."),
        DocField("number", STRING, required=True, description="The order's id again, as the hub order's number (shipment trackings name it)."),
        DocField("identifier", STRING, description="identifier, e.g. SO-1001."),
        DocField("po_number", STRING, description="poNumber."),
        DocField("customer", STRING, description="The customer's name."),
        DocField("customer_code", STRING, description="The customer's externalId (6.1+): the hub customer's code."),
        DocField("customer_user", STRING, description="The customer user's email."),
        DocField("currency", STRING, required=True, description="currency."),
        DocField("total", MONEY, required=True, description="totalValue."),
        DocField("lines", LIST, required=True, description="lineItems."),
        DocField("lines[].sku", STRING, required=True, description="productSku."),
        DocField("lines[].name", STRING, description="productName."),
        DocField("lines[].quantity", DECIMAL, required=True, description="quantity, as decimal text."),
        DocField("lines[].unit", STRING, description="productUnitCode."),
        DocField("lines[].price", MONEY, description="value: the unit price."),
        DocField("lines[].total", MONEY, description="quantity x value, to four places."),
        DocField("subtotals", LIST, description="orderSubtotals (6.1+); before 6.1 the order's subtotalValue."),
        DocField("subtotals[].type", STRING, description="orderSubtotalType: subtotal, discount, shipping_cost, tax."),
        DocField("subtotals[].label", STRING, description="label."),
        DocField("subtotals[].amount", MONEY, description="amount."),
        *_postal("billing_address"),
        *_postal("shipping_address"),
        DocField("shipping_method", STRING, description="shippingMethod."),
        DocField("payment_term", STRING, description="The payment term's label."),
        DocField("status", STRING, description="internalStatus id: open, pending, processing, closed, cancelled."),
        DocField("created_at", DATETIME, required=True, description="createdAt."),
        DocField("updated_at", DATETIME, description="updatedAt."),
    ),
)  # fmt: skip

DOCUMENTS = {
    ("product", "push"): PRODUCT_PUSH,
    ("price", "push"): PRICE_PUSH,
    ("price_list", "push"): PRICE_LIST_PUSH,
    ("customer_group", "push"): CUSTOMER_GROUP_PUSH,
    ("customer", "push"): CUSTOMER_PUSH,
    ("customer_user", "push"): CUSTOMER_USER_PUSH,
    ("address", "push"): ADDRESS_PUSH,
    ("shipment_tracking", "push"): SHIPMENT_TRACKING_PUSH,
    ("order", "pull"): ORDER_PULL,
}
