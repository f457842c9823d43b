"""What the commercetools adapters share: key -> reference resolution through the
per-subscription lookup cache, and the outcome of an update."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.adapters import AdapterContext, PushAction, PushOutcome, RecordRejected
from connectors.commercetools.client import CommercetoolsClient, Doc

MISSING_HINT = (
    "Create the {what} in commercetools (Merchant Center) or push it first, or correct the key "
    "in the mapping. The portal never invents referenced records."
)


def client_of(context: AdapterContext) -> CommercetoolsClient:
    return context.client  # type: ignore[no-any-return]


def resolve(context: AdapterContext, what: str, key: str, load: Callable[[str], Doc | None]) -> Doc:
    """The remote record with ``key`` (cached for the subscription), or ``RecordRejected``
    naming what is missing."""
    found = context.lookups.get(f"commercetools:{what}:{key}")
    if found is None:
        found = load(key)
        if found is None:
            raise RecordRejected(
                f"No {what} with key {key!r} exists in commercetools.",
                hint=MISSING_HINT.format(what=what),
            )
        context.lookups.set(f"commercetools:{what}:{key}", found)
    return found


def reference(type_id: str, record: Doc) -> dict[str, str]:
    return {"typeId": type_id, "id": record["id"]}


def outcome(
    record: Doc, actions: list[Any], *, created: bool = False, notes: tuple[str, ...] = ()
) -> PushOutcome:
    action: PushAction = "created" if created else ("updated" if actions else "unchanged")
    return PushOutcome(action, record["id"], str(record.get("version", "")), notes)
