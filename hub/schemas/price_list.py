"""Price list: a named list of prices in one or more currencies. Key: code, else name."""

from __future__ import annotations

from typing import Any

from hub.schemas.base import BOOLEAN, CURRENCY, LIST, STRING, EntitySchema, Field

FIELDS = (
    Field("name", STRING, required=True, description="Price list name."),
    Field("code", STRING, description="An explicit key; when set it is the natural key."),
    Field(
        "currencies",
        LIST,
        required=True,
        item=Field("currency", CURRENCY),
        description="ISO 4217 codes the list prices in.",
    ),
    Field(
        "active", BOOLEAN, default=True, description="Whether the list is in use (default true)."
    ),
    Field(
        "customer_groups",
        LIST,
        item=Field("name", "string"),
        description="Customer group names the list is assigned to.",
    ),
)


def _key(data: dict[str, Any], origin: int | None) -> str:
    return data.get("code") or data["name"]


SCHEMA = EntitySchema(
    entity="price_list",
    refers_to=("customer_group",),
    description="A price list.",
    fields=FIELDS,
    key_function=_key,
    key_description="code when given, else name",
    example={"name": "Default Price List", "currencies": ["USD", "EUR"]},
)
