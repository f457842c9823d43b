"""Address push (hub ``address`` owned by a customer user) -> one keyed address of a
commercetools Customer.

Document (see ``documents.ADDRESS_PUSH``)::

    {"customer": "jane@acme.example", "key": "hq", "street_name": "1 Main St",
     "city": "Springfield", "postal_code": "62701", "country": "US", "state": "US-IL",
     "default_billing": true}

The customer is found by email (push customer users first). The address with this key is
added, or changed when it differs; the customer's other addresses are left alone. A default
flag makes it the default shipping or billing address. The outcome's remote id is the
address's id; its version is the customer's (an address has none of its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import AdapterContext, ExternalRef, PushOutcome, RecordRejected
from connectors.commercetools.actions import address_actions, apply_update
from connectors.commercetools.adapters.common import client_of
from connectors.commercetools.adapters.customer import address


class AddressPush:
    entity = "address"

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = client_of(context)

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        email = document["customer"]
        customer = self.client.customer_by_email(email)
        if customer is None:
            raise RecordRejected(
                f"No customer with email {email!r} exists in commercetools.",
                hint="Push the customer user first (addresses belong to a customer), or "
                "correct the owner of the address in the hub.",
            )
        wanted = address(document)
        record, actions = apply_update(
            customer,
            lambda current: address_actions(
                current,
                wanted,
                default_shipping=bool(document.get("default_shipping")),
                default_billing=bool(document.get("default_billing")),
            ),
            self.client.update_customer,
            self.client.customer,
        )
        ident = next(a["id"] for a in record["addresses"] if a.get("key") == wanted["key"])
        added = any(a["action"] == "addAddress" for a in actions)
        return PushOutcome(
            "created" if added else ("updated" if actions else "unchanged"),
            str(ident),
            str(record.get("version", "")),
            (f"customer {email}",),
        )
