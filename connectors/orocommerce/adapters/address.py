"""Address push, on the resource its owner needs: ``customeraddresses`` for a customer,
``customeruseraddresses`` for a customer user (seed 001).

Document (``hub/schemas/address.py``)::

    {"owner": {"type": "customer" | "customer_user", "key": "Acme Inc." | "amy@acme.test"},
     "label": "Head office", "types": ["billing", "shipping"],
     "default_billing": true, "default_shipping": false,
     "organization": "Acme Inc.", "first_name": "Amy", "last_name": "Ng",
     "street": "1 Main St", "street2": null, "city": "Springfield", "postal_code": "12345",
     "country": "US" | "United States", "region": "NY" | "US-NY" | "New York", "phone": "..."}

Country and region are resolved by code without a call, by name through the cached lookups.
The existing address is found by owner, country and region (seed 001's search), then by label,
or else by street and postal code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters.base import OroAdapter, changed, changed_links, ref
from connectors.orocommerce.jsonapi import Ref, Resource, document, resource_object, to_one

FIELDS = (
    ("label", "label"),
    ("organization", "organization"),
    ("first_name", "firstName"),
    ("last_name", "lastName"),
    ("street", "street"),
    ("street2", "street2"),
    ("city", "city"),
    ("postal_code", "postalCode"),
    ("phone", "phone"),
)
OWNERS = {
    "customer": ("customeraddresses", "customer", "customers"),
    "customer_user": ("customeruseraddresses", "customerUser", "customerusers"),
}


class AddressPush(OroAdapter):
    entity = "address"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        owner_type = doc["owner"]["type"]
        resource, relation, owner_resource = OWNERS[owner_type]
        key = str(doc["owner"]["key"])
        owner = self.customer_id(key) if owner_type == "customer" else self.customer_user_id(key)
        country = self.country_id(str(doc["country"]))
        region = self.region_id(str(doc["region"]), country) if doc.get("region") else None
        attributes = {name: doc[k] for k, name in FIELDS if k in doc}
        if "types" in doc:
            attributes["types"] = [
                {"addressType": t, "default": bool(doc.get(f"default_{t}", False))}
                for t in doc["types"]
            ]
        links: dict[str, Ref | None] = {
            "country": Ref("countries", country),
            "region": ref("regions", region),
        }
        current = self._current(resource, owner, country, region, doc, known)
        if current is None:
            relationships = {k: to_one(v) for k, v in links.items()}
            relationships[relation] = to_one((owner_resource, owner))
            body = document(
                resource_object(resource, attributes=attributes, relationships=relationships)
            )
            return self.done("created", self.client.create_address(resource, body))
        diff = changed(current.attributes, attributes)
        if "types" in diff and _same_types(current.attr("types"), attributes["types"]):
            del diff["types"]
        rels = changed_links(current, links)
        if not (diff or rels):
            return self.unchanged(current)
        body = document(resource_object(resource, current.id, attributes=diff, relationships=rels))
        return self.done("updated", self.client.update_address(resource, current.id, body))

    def _current(
        self,
        resource: str,
        owner: str,
        country: str,
        region: str | None,
        doc: Mapping[str, Any],
        known: ExternalRef | None,
    ) -> Resource | None:
        if known is not None:
            try:
                found = self.client.get_address(resource, known.remote_id).first
            except NotFound:
                found = None
            if found is not None:
                return found
        candidates = list(self.client.find_addresses(resource, owner, country, region))
        label = doc.get("label")
        if label:
            for item in candidates:
                if str(item.attr("label") or "").lower() == str(label).lower():
                    return item
        for item in candidates:
            if (item.attr("street"), item.attr("postalCode")) == (
                doc.get("street"),
                doc.get("postal_code"),
            ):
                return item
        return None


def _same_types(have: Any, want: list[dict[str, Any]]) -> bool:
    def norm(items: Any) -> set[tuple[str, bool]]:
        return {
            (str(i.get("addressType")), bool(i.get("default")))
            for i in items or []
            if isinstance(i, dict)
        }

    return norm(have) == norm(want)
