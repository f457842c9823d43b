"""Customer push (hub ``customer_user``: a person with an email) -> a commercetools Customer.

Document (see ``documents.CUSTOMER_USER_PUSH``)::

    {"email": "jane@acme.example", "first_name": "Jane", "last_name": "Doe",
     "company_name": "Acme", "customer_group": "wholesale",
     "addresses": [{"key": "hq", "street_name": "Main Street", "street_number": "1",
                    "postal_code": "10001", "city": "New York", "country": "US"}],
     "default_shipping_address": "hq", "default_billing_address": "hq"}

Found by the known id, then by email, before creating. Addresses are matched by ``key``: new
keys are added, changed ones changed, keys no longer in the document removed; addresses
without a key (entered in the shop) are left alone. Defaults name address keys. The customer
group is found by key; a missing group is refused (push the group first). Customers are
created with ``authenticationMode: ExternalAuth``: the portal never sets passwords.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import AdapterContext, ExternalRef, PushOutcome, RecordRejected
from connectors.commercetools.actions import apply_update, customer_actions
from connectors.commercetools.adapters.common import client_of, outcome, reference, resolve
from connectors.commercetools.documents import ADDRESS_FIELDS
from connectors.http.errors import NotFound

Doc = dict[str, Any]

NAMES = {
    "key": "key",
    "email": "email",
    "first_name": "firstName",
    "last_name": "lastName",
    "middle_name": "middleName",
    "company_name": "companyName",
    "external_id": "externalId",
}


def address(document: Mapping[str, Any]) -> Doc:
    return {
        ADDRESS_FIELDS[name]: (value.upper() if name == "country" else value)
        for name, value in document.items()
        if name in ADDRESS_FIELDS and value not in (None, "")
    }


class CustomerPush:
    entity = "customer_user"

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = client_of(context)

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        desired = self.desired(document)
        current = self.find(document, known)
        if current is None:
            return outcome(
                self.client.create_customer(self.create_draft(desired)), [], created=True
            )
        record, actions = apply_update(
            current,
            lambda customer: customer_actions(customer, desired),
            self.client.update_customer,
            self.client.customer,
        )
        return outcome(record, actions)

    def find(self, document: Mapping[str, Any], known: ExternalRef | None) -> Doc | None:
        if known is not None:
            try:
                return self.client.customer(known.remote_id)
            except NotFound:
                pass
        return self.client.customer_by_email(document["email"])

    def desired(self, document: Mapping[str, Any]) -> Doc:
        desired: Doc = {
            target: document[name]
            for name, target in NAMES.items()
            if name in document and (name != "key" or document[name])
        }
        if "customer_group" in document:
            key = document["customer_group"]
            desired["customerGroup"] = (
                reference(
                    "customer-group",
                    resolve(self.context, "customer group", key, self.client.customer_group_by_key),
                )
                if key
                else None
            )
        if "addresses" in document:
            addresses = [address(a) for a in document["addresses"] or []]
            if not all(a.get("key") for a in addresses):
                raise RecordRejected(
                    "Every address needs a key (it is how a later change finds the address)."
                )
            keys = [a["key"] for a in addresses]
            if len(set(keys)) != len(keys):
                raise RecordRejected(f"Address keys must be unique per customer; got {keys}.")
            desired["addresses"] = addresses
        for name, target in (
            ("default_shipping_address", "defaultShippingAddress"),
            ("default_billing_address", "defaultBillingAddress"),
        ):
            key = document.get(name)
            if key:
                keys = {a["key"] for a in desired.get("addresses", [])}
                if "addresses" in desired and key not in keys:
                    raise RecordRejected(
                        f"{name} names address {key!r}, which is not among the addresses."
                    )
                desired[target] = key
        return desired

    @staticmethod
    def create_draft(desired: Mapping[str, Any]) -> Doc:
        """A CustomerDraft: defaults are indexes into ``addresses`` there, not keys."""
        draft: Doc = {k: v for k, v in desired.items() if v is not None}
        keys = [a["key"] for a in desired.get("addresses", [])]
        for target in ("defaultShippingAddress", "defaultBillingAddress"):
            if target in draft:
                draft[target] = keys.index(draft[target])
        draft["authenticationMode"] = "ExternalAuth"
        return draft
