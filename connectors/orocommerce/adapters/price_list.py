"""Price list push, found by name, with its customer-group assignments.

Document (``hub/schemas/price_list.py``)::

    {"name": "Wholesale USD", "currencies": ["USD"], "active": true,
     "customer_groups": ["Wholesale"]}

Each named group is assigned once (``pricelisttocustomergroups``, found by group and list);
a missing group follows Auto Create Customer Group (Yes creates it; No fails the record
naming the group and the setting).

When the document carries ``customer_groups``, it lists all the groups of this price list, so
an assignment of this price list to a group it no longer names is deleted (the assignment's
relationships are read-only on update, §2.4, so a delete is the only way to end one). Only
those: the portal manages a price list's customer-group assignments and nothing around them,
so assignments of other price lists (to the same groups too), assignments to single customers
(``pricelisttocustomers``) and the fallback settings are never touched, and a document
without ``customer_groups`` leaves every assignment as it is.
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
        manages_groups = "customer_groups" in doc
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
        changes = self._assign(current.id, groups, remove_others=manages_groups)
        diff = changed(current.attributes, attributes)
        if not diff:
            if changes:
                return PushOutcome("updated", current.id, str(current.attr("updatedAt") or ""))
            return self.unchanged(current)
        body = document(resource_object("pricelists", current.id, attributes=diff))
        return self.done("updated", self.client.update_price_list(current.id, body))

    def _assign(self, price_list: str, groups: list[str], *, remove_others: bool = False) -> int:
        """Assign the groups not yet assigned, and with ``remove_others`` delete this price
        list's assignments to groups not named; the number of changes."""
        if not groups and not remove_others:
            return 0
        found = self.client.find_price_list_groups(price_list_id=price_list)
        assigned = {a.one("customerGroup").id: a.id for a in found if a.one("customerGroup")}
        changes = 0
        if remove_others:
            for group, assignment in assigned.items():
                if group not in groups:
                    self.client.delete_price_list_group(assignment)
                    changes += 1
        done = set(assigned)
        for group in groups:
            if group in done:
                continue  # assigned already (or named twice)
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
            done.add(group)
            changes += 1
        return changes

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
