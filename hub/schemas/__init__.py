"""Hub entity schemas: one module per entity, `get_schema(entity)` to find one."""

from __future__ import annotations

from collections.abc import Iterable

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


def dependency_order(entities: Iterable[str]) -> list[str]:
    """`entities` ordered so that each comes after every entity it refers to (``refers_to``),
    otherwise in the order of SCHEMAS. References to entities not given are ignored."""
    wanted = set(entities)
    ordered: list[str] = []

    def visit(entity: str, path: tuple[str, ...]) -> None:
        if entity in ordered or entity not in wanted:
            return
        if entity in path:  # a cycle would be a schema bug; never loop on it
            raise ValueError("hub entities refer to each other in a cycle: " + " -> ".join(path))
        for needed in get_schema(entity).refers_to:
            visit(needed, (*path, entity))
        ordered.append(entity)

    for entity in sorted(wanted, key=list(SCHEMAS).index):
        visit(entity, ())
    return ordered


__all__ = [
    "SCHEMAS",
    "EntitySchema",
    "Field",
    "FieldError",
    "UnknownEntity",
    "dependency_order",
    "get_schema",
]
