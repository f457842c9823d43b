"""Customer user: a person with an email who buys for a customer. Key: the email, lower-cased."""

from __future__ import annotations

from hub.schemas.base import BOOLEAN, EMAIL, LIST, STRING, EntitySchema, Field

FIELDS = (
    Field(
        "email", EMAIL, required=True, description="Email address; lower-cased, the natural key."
    ),
    Field("first_name", STRING, required=True, description="First name."),
    Field("last_name", STRING, required=True, description="Last name."),
    Field("middle_name", STRING, description="Middle name."),
    Field("phone", STRING, description="Phone number."),
    Field("customer", STRING, description="Key of the customer (company) the person buys for."),
    Field(
        "roles",
        LIST,
        item=Field("role", STRING),
        description="Role names, e.g. Buyer, Administrator.",
    ),
    Field(
        "enabled",
        BOOLEAN,
        default=True,
        description="Whether the person may sign in (default true).",
    ),
)

SCHEMA = EntitySchema(
    entity="customer_user",
    refers_to=("customer",),
    description="A person with an email (Oro customerusers, commercetools Customer).",
    fields=FIELDS,
    key_function=lambda data, origin: data["email"],
    key_description="email (lower-cased)",
    example={
        "email": "jane@acme.example",
        "first_name": "Jane",
        "last_name": "Doe",
        "customer": "Acme Inc.",
        "roles": ["Buyer"],
    },
)
