"""Hub entity schemas: one module per entity, `get_schema(entity)` to find one."""

from __future__ import annotations

from hub.schemas import (
    address,
    customer,
    customer_group,
    customer_user,
    order,
    price,
    price_list,
    product,
    shipment_tracking,
)
from hub.schemas.base import EntitySchema, Field, FieldError

SCHEMAS: dict[str, EntitySchema] = {
    module.SCHEMA.entity: module.SCHEMA
    for module in (
        product,
        price,
        price_list,
        customer_group,
        customer,
        customer_user,
        address,
        order,
        shipment_tracking,
    )
}


class UnknownEntity(LookupError):
    """Raised for an entity name the hub does not know."""

    def __init__(self, entity: str) -> None:
        super().__init__(f'"{entity}" is not a hub entity; known entities: ' + ", ".join(SCHEMAS))
        self.entity = entity


def get_schema(entity: str) -> EntitySchema:
    """The schema of `entity`, or UnknownEntity."""
    try:
        return SCHEMAS[entity]
    except KeyError:
        raise UnknownEntity(entity) from None


__all__ = ["SCHEMAS", "EntitySchema", "Field", "FieldError", "UnknownEntity", "get_schema"]
