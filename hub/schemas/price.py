"""Price: one value of one product in one price list, currency, unit and quantity tier."""

from __future__ import annotations

from typing import Any

from hub.schemas.base import (
    BOOLEAN,
    CURRENCY,
    DECIMAL,
    STRING,
    EntitySchema,
    Field,
    FieldError,
    decimal_key,
)

FIELDS = (
    Field("sku", STRING, required=True, description="SKU of the product."),
    Field("price_list", STRING, required=True, description="Name (or code) of the price list."),
    Field("currency", CURRENCY, required=True, description="ISO 4217 code, e.g. USD."),
    Field("value", DECIMAL, required=True, description='The price as a decimal string, "19.99".'),
    Field(
        "quantity",
        DECIMAL,
        default="1",
        description="Quantity tier the price starts at (default 1).",
    ),
    Field("unit", STRING, required=True, description='Unit code, e.g. "item".'),
    Field("is_default", BOOLEAN, description="Whether this is the product's default price."),
)


def _key(data: dict[str, Any], origin: int | None) -> str:
    return "|".join(
        (
            data["sku"],
            data["price_list"],
            data["currency"],
            data["unit"],
            decimal_key(data["quantity"]),
        )
    )


def _checks(data: dict[str, Any]) -> list[FieldError]:
    errors = []
    if data["value"].startswith("-"):
        errors.append(FieldError("value", "must not be negative"))
    if decimal_key(data["quantity"]) in ("0",) or data["quantity"].startswith("-"):
        errors.append(FieldError("quantity", "must be more than zero"))
    return errors


SCHEMA = EntitySchema(
    entity="price",
    refers_to=("product", "price_list"),
    description="A product price in a price list, for a currency, unit and quantity tier.",
    fields=FIELDS,
    key_function=_key,
    key_description="sku|price_list|currency|unit|quantity (quantity in its shortest form: 1, 2.5)",
    checks=(_checks,),
    example={
        "sku": "CHAIR-1",
        "price_list": "Default Price List",
        "currency": "USD",
        "value": "129.00",
        "quantity": "1",
        "unit": "item",
    },
)
