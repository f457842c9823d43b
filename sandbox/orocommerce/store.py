"""In-memory records of the OroCommerce sandbox.

A record is `{"type", "id", "attributes", "relationships", "org", "search"}`; a relationship value
is a `(type, id)` tuple, None, or a list of tuples.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from .schema import Resource

Ref = tuple[str, str]


class Store:
    def __init__(self, schema: dict[str, Resource]) -> None:
        self.schema = schema
        self.records: dict[str, dict[str, dict[str, Any]]] = {}
        self._counters: dict[str, itertools.count[int]] = {}

    def add(
        self,
        type_: str,
        id_: str,
        attributes: dict[str, Any] | None = None,
        relationships: dict[str, Any] | None = None,
        org: str | None = None,
        search: str = "",
    ) -> dict[str, Any]:
        record = {
            "type": type_,
            "id": id_,
            "attributes": dict(attributes or {}),
            "relationships": dict(relationships or {}),
            "org": org,
            "search": search,
        }
        self.records.setdefault(type_, {})[id_] = record
        return record

    def get(self, type_: str, id_: str) -> dict[str, Any] | None:
        return self.records.get(type_, {}).get(id_)

    def all(self, type_: str) -> list[dict[str, Any]]:
        return list(self.records.get(type_, {}).values())

    def next_id_factory(self, type_: str) -> Callable[[], str]:
        def next_id() -> str:
            return self.next_id(type_)

        return next_id

    def next_id(self, type_: str) -> str:
        existing = [int(i) for i in self.records.get(type_, {}) if i.isdigit()]
        counter = self._counters.setdefault(type_, itertools.count(max(existing, default=0) + 1))
        while True:
            candidate = str(next(counter))
            if candidate not in self.records.get(type_, {}):
                return candidate

    def link_inverses(
        self, record: dict[str, Any], removed: dict[str, list[Ref]] | None = None
    ) -> None:
        """Keeps both sides of a paired relationship in step (order.lineItems <-> item.orders)."""
        resource = self.schema.get(record["type"])
        if resource is None:
            return
        me = (record["type"], record["id"])
        for name, rel in resource.rels.items():
            if not rel.inverse:
                continue
            value = record["relationships"].get(name)
            targets = value if isinstance(value, list) else [value] if value else []
            for ref in targets:
                self._attach(ref, rel.inverse, me)
            for ref in (removed or {}).get(name, []):
                self._detach(ref, rel.inverse, me)

    def _attach(self, ref: Ref, name: str, me: Ref) -> None:
        target = self.get(*ref)
        if target is None:
            return
        target_rel = self.schema[ref[0]].rels.get(name)
        if target_rel is None:
            return
        if target_rel.many:
            current = target["relationships"].setdefault(name, []) or []
            if me not in current:
                target["relationships"][name] = [*current, me]
        else:
            target["relationships"][name] = me

    def _detach(self, ref: Ref, name: str, me: Ref) -> None:
        target = self.get(*ref)
        if target is None:
            return
        current = target["relationships"].get(name)
        if isinstance(current, list):
            target["relationships"][name] = [r for r in current if r != me]
        elif current == me:
            target["relationships"][name] = None

    def link_all_inverses(self) -> None:
        for type_ in list(self.records):
            for record in self.all(type_):
                self.link_inverses(record)
