"""Address: owned by a customer or a customer user. Key: owner type, owner key and label."""

from __future__ import annotations

from typing import Any

from hub.schemas.base import BOOLEAN, CHOICE, LIST, OBJECT, STRING, EntitySchema, Field, FieldError
from hub.schemas.common import POSTAL_ADDRESS_FIELDS, region_check

OWNER_TYPES = ("customer", "customer_user")
ADDRESS_TYPES = ("billing", "shipping")

FIELDS = (
    Field(
        "owner",
        OBJECT,
        required=True,
        fields=(
            Field(
                "type",
                CHOICE,
                required=True,
                choices=OWNER_TYPES,
                description="customer or customer_user.",
            ),
            Field(
                "key",
                STRING,
                required=True,
                description="The owner's hub key (customer code/name or email).",
            ),
        ),
        description="Who the address belongs to.",
    ),
    Field("key", STRING, description="An explicit key; replaces the label in the natural key."),
    Field("label", STRING, description="Name of the address for its owner, e.g. Head office."),
    *POSTAL_ADDRESS_FIELDS,
    Field(
        "types",
        LIST,
        item=Field("type", CHOICE, choices=ADDRESS_TYPES),
        description="billing and/or shipping.",
    ),
    Field("default_billing", BOOLEAN, description="The owner's default billing address."),
    Field("default_shipping", BOOLEAN, description="The owner's default shipping address."),
)


def _key(data: dict[str, Any], origin: int | None) -> str:
    owner = data["owner"]
    owner_key = owner["key"].lower() if owner["type"] == "customer_user" else owner["key"]
    return f"{owner['type']}:{owner_key}:{data.get('key') or data['label']}"


def _checks(data: dict[str, Any]) -> list[FieldError]:
    errors = []
    if not data.get("key") and not data.get("label"):
        errors.append(FieldError("label", "is required when no explicit key is given"))
    errors += region_check("", data)
    types = data.get("types") or []
    if data.get("default_billing") and types and "billing" not in types:
        errors.append(FieldError("default_billing", "the address is not a billing address"))
    if data.get("default_shipping") and types and "shipping" not in types:
        errors.append(FieldError("default_shipping", "the address is not a shipping address"))
    return errors


SCHEMA = EntitySchema(
    entity="address",
    refers_to=("customer", "customer_user"),
    description="A postal address of a customer or a customer user.",
    fields=FIELDS,
    key_function=_key,
    key_description="owner type:owner key:label (or the explicit key instead of the label)",
    checks=(_checks,),
    example={
        "owner": {"type": "customer", "key": "Acme Inc."},
        "label": "Head office",
        "street": "1 Main St",
        "city": "Springfield",
        "postal_code": "62701",
        "country": "US",
        "region": "US-IL",
        "types": ["billing", "shipping"],
    },
)
