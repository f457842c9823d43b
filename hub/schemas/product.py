"""Product: simple, configurable (with variants) or kit (with kit items). Key: the SKU."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hub.schemas.base import (
    ATTRIBUTES,
    BOOLEAN,
    CHOICE,
    DECIMAL,
    INTEGER,
    LIST,
    LOCALIZED,
    OBJECT,
    STRING,
    EntitySchema,
    Field,
    FieldError,
)
from hub.schemas.common import UNIT_FIELDS

TYPES = ("simple", "configurable", "kit")
STATUSES = ("enabled", "disabled")
INVENTORY_STATUSES = ("in_stock", "out_of_stock", "discontinued")
WEIGHT_UNITS = ("kg", "lbs", "g", "oz")
LENGTH_UNITS = ("cm", "m", "mm", "inch", "foot")

KIT_ITEM = Field(
    "kit_item",
    OBJECT,
    fields=(
        Field("label", STRING, required=True, description="What the kit item is, e.g. Base Unit."),
        Field("optional", BOOLEAN, default=False, description="Whether a buyer may skip it."),
        Field("sort_order", INTEGER, description="Position in the kit."),
        Field("minimum_quantity", DECIMAL, description="Least quantity a buyer may choose."),
        Field("maximum_quantity", DECIMAL, description="Most quantity a buyer may choose."),
        Field("unit", STRING, required=True, description="Unit code of the kit item."),
        Field(
            "products",
            LIST,
            required=True,
            item=Field("sku", STRING),
            description="SKUs a buyer may choose from for this item.",
        ),
    ),
)

FIELDS = (
    Field("sku", STRING, required=True, description="Stock keeping unit; the natural key."),
    Field(
        "type",
        CHOICE,
        choices=TYPES,
        default="simple",
        description="simple (default), configurable or kit.",
    ),
    Field("names", LOCALIZED, required=True, description='Name per locale: {"en": "Chair"}.'),
    Field("descriptions", LOCALIZED, description="Long description per locale."),
    Field("short_descriptions", LOCALIZED, description="Short description per locale."),
    Field(
        "status",
        CHOICE,
        choices=STATUSES,
        default="enabled",
        description="enabled (default) or disabled.",
    ),
    Field(
        "primary_unit",
        OBJECT,
        required=True,
        fields=UNIT_FIELDS,
        description="The unit the product is counted in, with its precision.",
    ),
    Field(
        "units",
        LIST,
        item=Field("unit", OBJECT, fields=UNIT_FIELDS),
        description="Additional units.",
    ),
    Field("category", STRING, description="Category title."),
    Field("brand", STRING, description="Brand name."),
    Field("tax_code", STRING, description="Product tax code."),
    Field(
        "weight",
        OBJECT,
        fields=(
            Field("value", DECIMAL, required=True, description="Weight."),
            Field("unit", CHOICE, choices=WEIGHT_UNITS, required=True, description="Weight unit."),
        ),
        description="Shipping weight with its unit.",
    ),
    Field(
        "dimensions",
        OBJECT,
        fields=(
            Field("length", DECIMAL, required=True, description="Length."),
            Field("width", DECIMAL, required=True, description="Width."),
            Field("height", DECIMAL, required=True, description="Height."),
            Field("unit", CHOICE, choices=LENGTH_UNITS, required=True, description="Length unit."),
        ),
        description="Shipping dimensions with their unit.",
    ),
    Field(
        "inventory_status",
        CHOICE,
        choices=INVENTORY_STATUSES,
        description="in_stock, out_of_stock or discontinued.",
    ),
    Field(
        "attribute_family",
        STRING,
        description="Attribute family code (Oro), product type (commercetools).",
    ),
    Field(
        "variant_fields",
        LIST,
        item=Field("name", STRING),
        description="Configurable only: attributes the variants differ by.",
    ),
    Field(
        "variants",
        LIST,
        item=Field("sku", STRING),
        description="Configurable only: the variant SKUs.",
    ),
    Field(
        "kit_items",
        LIST,
        item=KIT_ITEM,
        description="Kit only (and required there): the kit items.",
    ),
    Field(
        "attributes",
        ATTRIBUTES,
        description="Custom attributes: name -> text, number, true/false or a list.",
    ),
)


def _checks(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    kind = data.get("type")
    if data.get("variants") and kind != "configurable":
        errors.append(FieldError("variants", "only a configurable product has variants"))
    if data.get("variant_fields") and kind != "configurable":
        errors.append(
            FieldError("variant_fields", "only a configurable product has variant fields")
        )
    if kind == "kit" and not data.get("kit_items"):
        errors.append(FieldError("kit_items", "a kit needs at least one kit item"))
    if data.get("kit_items") and kind != "kit":
        errors.append(FieldError("kit_items", "only a kit product has kit items"))
    if data.get("sku") in (data.get("variants") or []):
        errors.append(FieldError("variants", "a product cannot be its own variant"))
    for i, item in enumerate(data.get("kit_items") or []):
        low, high = item.get("minimum_quantity"), item.get("maximum_quantity")
        if low is not None and high is not None and Decimal(low) > Decimal(high):
            errors.append(
                FieldError(f"kit_items[{i}].maximum_quantity", "is less than the minimum quantity")
            )
    primary = (data.get("primary_unit") or {}).get("code")
    for i, unit in enumerate(data.get("units") or []):
        if unit.get("code") == primary:
            errors.append(
                FieldError(f"units[{i}].code", f'"{primary}" is already the primary unit')
            )
    return errors


SCHEMA = EntitySchema(
    entity="product",
    description="A product: simple, configurable with variants, or a kit with kit items.",
    fields=FIELDS,
    key_function=lambda data, origin: data["sku"],
    key_description="sku",
    checks=(_checks,),
    example={
        "sku": "CHAIR-1",
        "names": {"en": "Office chair"},
        "primary_unit": {"code": "item", "precision": 0},
        "category": "Chairs",
        "attributes": {"color": "black"},
    },
)
