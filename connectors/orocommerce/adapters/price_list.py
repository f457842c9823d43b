"""Price list push, found by name, with its customer-group assignments.

Document (``hub/schemas/price_list.py``)::

    {"name": "Wholesale USD", "currencies": ["USD"], "active": true,
     "customer_groups": ["Wholesale"]}

Each named group is assigned once (``pricelisttocustomergroups``, found by group and list);
a missing group follows Auto Create Customer Group (Yes creates it; No fails the record
naming the group and the setting). Assignments are only added: one removed from the list is
left in OroCommerce (a note says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters.base import OroAdapter, changed
from connectors.orocommerce.jsonapi import Resource, document, resource_object, to_one


class PriceListPush(OroAdapter):
    entity = "price_list"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        name = str(doc["name"])
        attributes: dict[str, Any] = {
            "name": name,
            "priceListCurrencies": [str(c).upper() for c in doc["currencies"]],
        }
        if "active" in doc:
            attributes["active"] = bool(doc["active"])
        groups = [self.customer_group_id(str(g)) for g in doc.get("customer_groups") or []]
        current = self._current(name, known)
        if current is None:
            created = self.client.create_price_list(
                document(resource_object("pricelists", attributes=attributes))
            )
            assert created.first is not None
            self.remember("pricelist", name, created.first.id)
            self._assign(created.first.id, groups)
            return self.done("created", created)
        added = self._assign(current.id, groups)
        diff = changed(current.attributes, attributes)
        if not diff:
            if added:
                return PushOutcome("updated", current.id, str(current.attr("updatedAt") or ""))
            return self.unchanged(current)
        body = document(resource_object("pricelists", current.id, attributes=diff))
        return self.done("updated", self.client.update_price_list(current.id, body))

    def _assign(self, price_list: str, groups: list[str]) -> int:
        if not groups:
            return 0
        assigned = {
            a.one("customerGroup").id
            for a in self.client.find_price_list_groups(price_list_id=price_list)
            if a.one("customerGroup")
        }
        added = 0
        for group in groups:
            if group in assigned:
                continue
            body = document(
                resource_object(
                    "pricelisttocustomergroups",
                    attributes={"sortOrder": 1, "mergeAllowed": True},
                    relationships={
                        "priceList": to_one(("pricelists", price_list)),
                        "customerGroup": to_one(("customergroups", group)),
                    },
                )
            )
            self.client.create_price_list_group(body)
            assigned.add(group)
            added += 1
        return added

    def _current(self, name: str, known: ExternalRef | None) -> Resource | None:
        if known is not None:
            try:
                found = self.client.get_price_list(known.remote_id).first
            except NotFound:
                found = None
            if found is not None:
                return found
        for price_list in self.client.find_price_lists_by_name(name):
            if str(price_list.attr("name", "")).lower() == name.lower():
                self.remember("pricelist", name, price_list.id)
                return price_list
        return None
