"""Customer: a company (Oro customers). Key: code, else name."""

from __future__ import annotations

from typing import Any

from hub.schemas.base import ATTRIBUTES, STRING, EntitySchema, Field, FieldError

FIELDS = (
    Field("name", STRING, required=True, description="Company name."),
    Field("code", STRING, description="An explicit key; when set it is the natural key."),
    Field("group", STRING, description="Customer group name."),
    Field("parent", STRING, description="Key of the parent customer (code or name)."),
    Field("payment_term", STRING, description="Payment term label, e.g. Net 30."),
    Field("tax_code", STRING, description="Customer tax code."),
    Field("attributes", ATTRIBUTES, description="Custom fields: name -> value."),
)


def _key(data: dict[str, Any], origin: int | None) -> str:
    return data.get("code") or data["name"]


def _checks(data: dict[str, Any]) -> list[FieldError]:
    if data.get("parent") and data["parent"] == _key(data, None):
        return [FieldError("parent", "a customer cannot be its own parent")]
    return []


SCHEMA = EntitySchema(
    entity="customer",
    refers_to=("customer_group",),
    description="A customer company; people who buy for it are customer users.",
    fields=FIELDS,
    key_function=_key,
    key_description="code when given, else name",
    checks=(_checks,),
    example={"name": "Acme Inc.", "group": "Wholesale", "payment_term": "Net 30"},
)
