"""Customer group push, found by key.

Document (see ``documents.CUSTOMER_GROUP_PUSH``)::

    {"key": "wholesale", "name": "Wholesale"}

Created as ``{key, groupName}``; an existing group's name is changed with ``changeName``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import AdapterContext, ExternalRef, PushOutcome
from connectors.commercetools.actions import apply_update, customer_group_actions
from connectors.commercetools.adapters.common import client_of, outcome
from connectors.http.errors import NotFound


class CustomerGroupPush:
    entity = "customer_group"

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = client_of(context)

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        desired = {"key": document["key"], "groupName": document["name"]}
        current = None
        if known is not None:
            try:
                current = self.client.customer_group(known.remote_id)
            except NotFound:
                current = None
        if current is None:
            current = self.client.customer_group_by_key(document["key"])
        if current is None:
            created = self.client.create_customer_group(desired)
            self.context.lookups.set(f"commercetools:customer group:{document['key']}", created)
            return outcome(created, [], created=True)
        record, actions = apply_update(
            current,
            lambda group: customer_group_actions(group, desired),
            self.client.update_customer_group,
            self.client.customer_group,
        )
        return outcome(record, actions)
