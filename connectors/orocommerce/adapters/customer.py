"""Customer (company) push, found by name.

Document (``hub/schemas/customer.py``)::

    {"name": "Acme Inc.", "group": "Wholesale", "parent": "Acme Holding",
     "payment_term": "net 30", "tax_code": "CUSTOMER_STANDARD", "code": "C-1001"}

All but ``name`` are optional; ``code`` is sent as ``externalId`` on 6.1 and later. A missing
group follows Auto Create Customer Group (created when Yes, the record fails when No); a
missing parent, payment term or tax code fails the record naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters.base import OroAdapter, changed, changed_links, ref
from connectors.orocommerce.jsonapi import Ref, Resource, document, resource_object, to_one


class CustomerPush(OroAdapter):
    entity = "customer"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        name = str(doc["name"])
        attributes: dict[str, Any] = {"name": name}
        if doc.get("code") and self.api_version >= (6, 1):
            attributes["externalId"] = str(doc["code"])
        links = self.links(doc)
        current = self._current(name, known)
        if current is None:
            body = document(
                resource_object(
                    "customers",
                    attributes=attributes,
                    relationships={k: to_one(v) for k, v in links.items()},
                )
            )
            created = self.client.create_customer(body)
            self.remember("customer", name, created.first.id)  # type: ignore[union-attr]
            return self.done("created", created)
        diff = changed(current.attributes, attributes)
        rels = changed_links(current, links)
        if not (diff or rels):
            return self.unchanged(current)
        body = document(
            resource_object("customers", current.id, attributes=diff, relationships=rels)
        )
        return self.done("updated", self.client.update_customer(current.id, body))

    def links(self, doc: Mapping[str, Any]) -> dict[str, Ref | None]:
        wanted: dict[str, Ref | None] = {}
        if "group" in doc:
            wanted["group"] = ref(
                "customergroups", doc["group"] and self.customer_group_id(doc["group"])
            )
        if "parent" in doc:
            wanted["parent"] = ref("customers", doc["parent"] and self.customer_id(doc["parent"]))
        if "payment_term" in doc:
            term = doc["payment_term"]
            wanted["paymentTerm"] = ref("paymentterms", term and self.payment_term_id(term))
        if "tax_code" in doc:
            code = doc["tax_code"]
            wanted["taxCode"] = ref("customertaxcodes", code and self.customer_tax_code_id(code))
        return wanted

    def _current(self, name: str, known: ExternalRef | None) -> Resource | None:
        if known is not None:
            try:
                found = self.client.get_customer(known.remote_id).first
            except NotFound:
                found = None
            if found is not None:
                return found
        for customer in self.client.find_customers_by_name(name):
            if str(customer.attr("name", "")).lower() == name.lower():
                self.remember("customer", name, customer.id)
                return customer
        return None
