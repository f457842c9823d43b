"""Signals the hub sends; `mappings` listens (the hub imports nothing of ours)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after the transaction commits, once per (entity, origin) changed in that transaction:
# sender=Record, entity=str, ids=list[int] (the changed records' pks, in order, no repeats),
# origin_subscription_id=int | None (the subscription the change came from, so a push never
# echoes a record back to the store it was pulled from). Never sent for a no-op or a rollback.
# Ids changed inside a savepoint that was rolled back may still be listed: receivers re-read
# the records by id and skip what is missing or unchanged.
records_changed = Signal()
