# ruff: noqa: E501  (one field per line reads best as a table)
"""The documents the OroCommerce connector accepts and produces, per entity and direction.

Names follow the hub's words (snake case); the adapter turns a document into Oro's JSON:API
resources (``reference/orocommerce.md`` §2.1, §2.2): ``product_type`` becomes ``productType``,
``names`` become ``productnames``, ``primary_unit`` becomes the ``primaryUnitPrecision``, and
every ``key`` field (unit code, category title, brand name, tax code, attribute family code,
SKU) is resolved to an id by the look-ups seed 001 lists. Issues 7 and 8 add the other
entities.
"""

from __future__ import annotations

from connectors.documents import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    KEY,
    LIST,
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

DOCUMENTS = {("product", "push"): PRODUCT_PUSH}
