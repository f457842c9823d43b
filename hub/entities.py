"""The hub's entities: their names, schemas and the lookup the rest of the project uses."""

from __future__ import annotations

from hub.schemas import SCHEMAS, EntitySchema, FieldError, UnknownEntity, get_schema

ENTITIES: tuple[str, ...] = (
    "product",
    "price",
    "price_list",
    "customer_group",
    "customer",
    "customer_user",
    "address",
    "order",
    "shipment_tracking",
)

ENTITY_CHOICES: list[tuple[str, str]] = [(name, name.replace("_", " ")) for name in ENTITIES]

if tuple(SCHEMAS) != ENTITIES:  # pragma: no cover - a programming error, caught at import
    raise RuntimeError("every hub entity needs exactly one schema, in the order of ENTITIES")

__all__ = [
    "ENTITIES",
    "ENTITY_CHOICES",
    "EntitySchema",
    "FieldError",
    "UnknownEntity",
    "get_schema",
]
