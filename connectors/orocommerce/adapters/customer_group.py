"""Customer group push, found by name.

Document (``hub/schemas/customer_group.py``)::

    {"name": "Wholesale", "payment_term": "net 30"}     # payment_term optional (a label)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters.base import OroAdapter, changed, changed_links, ref
from connectors.orocommerce.jsonapi import Resource, document, resource_object, to_one


class CustomerGroupPush(OroAdapter):
    entity = "customer_group"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        name = str(doc["name"])
        current = self._current(name, known)
        attributes = {"name": name}
        links = {}
        if "payment_term" in doc:
            term = doc["payment_term"]
            links["paymentTerm"] = ref("paymentterms", term and self.payment_term_id(term))
        if current is None:
            created = self.client.create_customer_group(
                document(
                    resource_object(
                        "customergroups",
                        attributes=attributes,
                        relationships={k: to_one(v) for k, v in links.items()},
                    )
                )
            )
            self.remember("customergroup", name, created.first.id)  # type: ignore[union-attr]
            return self.done("created", created)
        diff = changed(current.attributes, attributes)
        rels = changed_links(current, links)
        if not (diff or rels):
            return self.unchanged(current)
        body = document(
            resource_object("customergroups", current.id, attributes=diff, relationships=rels)
        )
        return self.done("updated", self.client.update_customer_group(current.id, body))

    def _current(self, name: str, known: ExternalRef | None) -> Resource | None:
        if known is not None:
            try:
                found = self.client.get_customer_group(known.remote_id).first
            except NotFound:
                found = None
            if found is not None:
                return found
        for group in self.client.find_customer_groups_by_name(name):
            if str(group.attr("name", "")).lower() == name.lower():
                self.remember("customergroup", name, group.id)
                return group
        return None
