"""Customer group: Oro customergroups, commercetools customer groups. Key: the name."""

from __future__ import annotations

from hub.schemas.base import STRING, EntitySchema, Field

FIELDS = (
    Field("name", STRING, required=True, description="Group name; the natural key."),
    Field("payment_term", STRING, description="Payment term label for the group."),
)

SCHEMA = EntitySchema(
    entity="customer_group",
    description="A group of customers (companies) that shares prices and terms.",
    fields=FIELDS,
    key_function=lambda data, origin: data["name"],
    key_description="name",
    example={"name": "Wholesale"},
)
