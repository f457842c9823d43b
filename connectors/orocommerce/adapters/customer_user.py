"""Customer user (a person with an email) push, found by email.

Document (``hub/schemas/customer_user.py``)::

    {"email": "amy@acme.test", "first_name": "Amy", "last_name": "Ng", "middle_name": null,
     "customer": "Acme Inc.", "roles": ["Buyer"], "enabled": true}

``customer`` (the company's name) must exist in OroCommerce (push customers first). Roles are
matched by label or role code in code: OroCommerce has no label search on roles (seed 001), so
the role list is read once per subscription. ``enabled`` is sent on create, and on update only
when it differs: sending an unchanged boolean has disabled users by accident (reference §5).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters.base import OroAdapter, changed, changed_links
from connectors.orocommerce.jsonapi import Ref, Resource, document, resource_object, to_many, to_one

NAMES = (("first_name", "firstName"), ("last_name", "lastName"), ("middle_name", "middleName"))


class CustomerUserPush(OroAdapter):
    entity = "customer_user"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        email = str(doc["email"]).strip().lower()
        attributes: dict[str, Any] = {"email": email}
        for key, name in NAMES:
            if key in doc:
                attributes[name] = doc[key]
        if "enabled" in doc:
            attributes["enabled"] = bool(doc["enabled"])
        links: dict[str, Ref | None] = {}
        if doc.get("customer"):
            links["customer"] = Ref("customers", self.customer_id(str(doc["customer"])))
        roles = [Ref("customeruserroles", r) for r in self.role_ids(doc.get("roles") or [])]
        current = self._current(email, known)
        if current is None:
            attributes.setdefault("enabled", True)
            relationships: dict[str, Any] = {k: to_one(v) for k, v in links.items()}
            if roles:
                relationships["userRoles"] = to_many(roles)
            created = self.client.create_customer_user(
                document(
                    resource_object(
                        "customerusers", attributes=attributes, relationships=relationships
                    )
                )
            )
            self.remember("customeruser", email, created.first.id)  # type: ignore[union-attr]
            return self.done("created", created)
        diff = changed(current.attributes, attributes)
        rels = changed_links(current, links)
        if "roles" in doc and {r.id for r in current.many("userRoles")} != {r.id for r in roles}:
            rels["userRoles"] = to_many(roles)  # a to-many in PATCH replaces the set (§1.7)
        if not (diff or rels):
            return self.unchanged(current)
        body = document(
            resource_object("customerusers", current.id, attributes=diff, relationships=rels)
        )
        return self.done("updated", self.client.update_customer_user(current.id, body))

    def role_ids(self, names: list[str]) -> list[str]:
        if not names:
            return []  # no role to match: no need for the role list

        def load() -> dict[str, str] | None:
            found: dict[str, str] = {}
            for role in self.client.list_customer_user_roles():
                for attr in ("label", "role"):
                    value = role.attr(attr)
                    if isinstance(value, str) and value:
                        found.setdefault(value.lower(), role.id)
            return found or None

        known = self.cached("customeruserroles", "all", load) or {}
        ids = []
        for name in names:
            key = str(name).lower()
            ids.append(
                self.require(
                    "customer_user_role",
                    name,
                    known.get(key) or known.get(f"role_frontend_{key}"),
                    "customer user role",
                )
            )
        return ids

    def _current(self, email: str, known: ExternalRef | None) -> Resource | None:
        if known is not None:
            try:
                found = self.client.get_customer_user(known.remote_id).first
            except NotFound:
                found = None
            if found is not None:
                return found
        for user in self.client.find_customer_users_by_email(email):
            if str(user.attr("email", "")).lower() == email:
                self.remember("customeruser", email, user.id)
                return user
        return None
