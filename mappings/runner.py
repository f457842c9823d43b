"""The transfer runner: one continuation task's share of one transfer.

``run(transfer_id)`` claims the transfer (a lease on its row), takes one of the subscription's
Concurrent Batch Executions slots, works for at most ``SLICE_SECONDS`` and then checkpoints and
asks for a continuation. Every record's outcome (its log line, its external id, the transfer's
counts and checkpoint) is committed in one transaction, after the store call and only while
this task still holds the lease: a worker killed mid-transfer loses nothing, and the rerun starts
after the last committed record. A record sent but not committed (the kill came between the two)
is sent again; the adapters find by natural key before they create, so the store still gets no
duplicate.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from connectors.adapters import ExternalRef, PullWindow
from connectors.http.errors import ConnectorError, RequeueLater, Throttled
from connectors.http.throttle import lease_keeper
from connectors.tokens import NeedsReauthorization
from hub import services as hub
from hub.models import ExternalId, Record
from mappings.compiled import compiled_plan
from mappings.connections import CallCollector, NoAdapter, build_adapter
from mappings.engine import CollectionInvalid
from mappings.models import MappingCollection
from mappings.transfer_models import PullState, Transfer, TransferLogLine
from subscriptions.call_counters import shared_counters
from subscriptions.runtime import throttle_key, throttle_policy
from subscriptions.throttle import get_throttle_backend

logger = logging.getLogger(__name__)

SLICE_SECONDS = 120  # one continuation task works at most this long, then hands over
CANCEL_CHECK_SECONDS = 2.0
BATCH_SIZE = 200  # hub records read per query
BATCH_SLOT_RETRY = timedelta(seconds=10)
THROTTLED_RETRY = timedelta(seconds=5)
PULL_SETTLE = timedelta(seconds=5)  # a window ends this long before now: late commits land
PULL_OVERLAP = timedelta(seconds=60)  # the next window starts this long before the last ended
DEFAULT_LOOKBACK_DAYS = 7

Outcome = Literal["finished", "continue", "waiting", "skipped"]


def lease_seconds() -> int:
    """A transfer whose task died is taken over this long after its last renewal."""
    return settings.TRANSFER_LEASE_SECONDS


class LeaseLost(Exception):
    """Another task took the transfer over (this one stalled past its lease)."""


class StopSlice(Exception):
    """End this task's work now; the transfer row already says when to go on."""


@dataclass
class Slice:
    transfer: Transfer
    owner: str
    deadline: float
    lease_renewed: float

    cancel_checked: float = 0.0

    def renew_if_due(self) -> None:
        """Renew the lease every third of its length; look for a cancel every few seconds."""
        now = time.monotonic()
        if now - self.lease_renewed >= lease_seconds() / 3:
            renewed = Transfer.objects.filter(pk=self.transfer.pk, lease_owner=self.owner).update(
                lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds())
            )
            if not renewed:
                raise LeaseLost
            self.lease_renewed = now
        if now - self.cancel_checked >= CANCEL_CHECK_SECONDS:
            self.cancel_checked = now
            cancel = Transfer.objects.filter(pk=self.transfer.pk).values_list(
                "cancel_requested", flat=True
            )
            if cancel.get():
                self.transfer.cancel_requested = True
                raise StopSlice

    @property
    def out_of_time(self) -> bool:
        return time.monotonic() >= self.deadline


# --- claiming and finishing ---------------------------------------------------------------


def claim(transfer_id: int, owner: str) -> Transfer | None:
    """Take the transfer if it is due, or if its last runner's lease expired."""
    now = timezone.now()
    taken = (
        Transfer.objects.filter(pk=transfer_id)
        .filter(
            Q(state=Transfer.State.QUEUED, not_before__lte=now) & Transfer.unblocked()
            | Q(state=Transfer.State.RUNNING, lease_expires_at__lt=now)
        )
        .update(
            state=Transfer.State.RUNNING,
            lease_owner=owner,
            lease_expires_at=now + timedelta(seconds=lease_seconds()),
            runs=F("runs") + 1,
            started_at=Coalesce(F("started_at"), now),
            waiting_reason="",
        )
    )
    return (
        Transfer.objects.select_related("subscription", "collection").get(pk=transfer_id)
        if taken
        else None
    )


def _hand_back(transfer: Transfer, owner: str, *, not_before: datetime, reason: str = "") -> None:
    Transfer.objects.filter(pk=transfer.pk, lease_owner=owner).update(
        state=Transfer.State.QUEUED,
        lease_owner="",
        lease_expires_at=None,
        not_before=not_before,
        waiting_reason=reason[:300],
    )


def _finish(transfer: Transfer, owner: str, *, message: str = "", state: str | None = None) -> None:
    transfer.refresh_from_db(fields=["done", "failed", "cancel_requested"])
    if state is None:
        if transfer.cancel_requested:
            state = Transfer.State.CANCELLED
        elif transfer.failed == 0:
            state = Transfer.State.SUCCEEDED
        elif transfer.failed < transfer.done:
            state = Transfer.State.PARTLY_FAILED
        else:
            state = Transfer.State.FAILED
    Transfer.objects.filter(pk=transfer.pk, lease_owner=owner).update(
        state=state,
        lease_owner="",
        lease_expires_at=None,
        finished_at=timezone.now(),
        message=message,
        waiting_reason="",
    )


# --- the task's entry point ---------------------------------------------------------------


def run(transfer_id: int, owner: str, *, slice_seconds: float = SLICE_SECONDS) -> Outcome:
    transfer = claim(transfer_id, owner)
    if transfer is None:
        return "skipped"  # not due, waits for another, finished, or another task holds it
    subscription = transfer.subscription
    if transfer.cancel_requested:
        _finish(transfer, owner, state=Transfer.State.CANCELLED, message="Cancelled.")
        return "finished"
    if subscription.auth_status == "needs_reauthorization":
        # Paused until someone authorizes again (subscription_reauthorized resumes it).
        _hand_back(
            transfer,
            owner,
            not_before=timezone.now() + timedelta(days=3650),
            reason="Paused: the subscription needs reauthorization. "
            + (subscription.auth_status_reason or ""),
        )
        return "waiting"
    backend = get_throttle_backend()
    key = throttle_key(subscription)
    policy = throttle_policy(subscription)
    batch = backend.try_acquire_batch(key, policy, ttl=lease_seconds())
    if batch is None:
        _hand_back(
            transfer,
            owner,
            not_before=timezone.now() + BATCH_SLOT_RETRY,
            reason=f"Waiting for one of the subscription's {policy.batch_executions} "
            "Concurrent Batch Executions; the others are running.",
        )
        return "waiting"
    lease_keeper().keep(backend, batch, lease_seconds())
    started = time.monotonic()
    work = Slice(transfer, owner, started + slice_seconds, started, started)
    try:
        if transfer.direction == "push":
            return _push(work)
        return _pull(work)
    except LeaseLost:
        logger.warning("Transfer %s was taken over by another worker", transfer.pk)
        return "skipped"
    except StopSlice:
        if transfer.cancel_requested:
            _finish(transfer, owner, state=Transfer.State.CANCELLED, message="Cancelled.")
            return "finished"
        return "waiting"
    finally:
        lease_keeper().drop(batch)
        backend.release(batch)
        shared_counters().flush()  # the subscription's API usage, as of this run


def _setup(work: Slice, direction: str) -> tuple[Any, Any, CallCollector] | None:
    """The compiled mapping and the adapter, or None after failing the transfer clearly."""
    transfer = work.transfer
    collection: MappingCollection = transfer.collection
    try:
        plan = compiled_plan(collection)
    except CollectionInvalid as exc:
        problems = "; ".join(str(e) for e in exc.errors)
        _finish(
            transfer,
            work.owner,
            state=Transfer.State.FAILED,
            message=f"The mapping collection “{collection.name}” has errors: {problems}",
        )
        return None
    recorder = CallCollector()
    try:
        adapter = build_adapter(
            transfer.subscription, transfer.entity, direction, recorder=recorder
        )
    except (NoAdapter, ConnectorError, ValueError) as exc:
        _finish(transfer, work.owner, state=Transfer.State.FAILED, message=str(exc))
        return None
    return plan, adapter, recorder


def _stop_for(work: Slice, exc: ConnectorError) -> Outcome:
    """A failure that concerns the whole subscription, not the record: stop and come back."""
    now = timezone.now()
    if isinstance(exc, NeedsReauthorization):
        _hand_back(
            work.transfer,
            work.owner,
            not_before=now + timedelta(days=3650),
            reason=f"Paused: the subscription needs reauthorization. {exc.hint}",
        )
    elif isinstance(exc, RequeueLater):
        _hand_back(
            work.transfer,
            work.owner,
            not_before=max(exc.not_before, now),
            reason=f"The store asked us to wait until {exc.not_before:%H:%M:%S} UTC: {exc}",
        )
    else:  # Throttled: our own bounded wait ran out
        _hand_back(work.transfer, work.owner, not_before=now + THROTTLED_RETRY, reason=str(exc))
    return "waiting"


def _subscription_wide(exc: ConnectorError) -> bool:
    return isinstance(exc, NeedsReauthorization | RequeueLater | Throttled)


def _line(work: Slice, **fields: Any) -> TransferLogLine:
    transfer = work.transfer
    return TransferLogLine(
        transfer=transfer,
        subscription_id=transfer.subscription_id,
        entity=transfer.entity,
        attempt=transfer.runs,
        **fields,
    )


def _failure(exc: ConnectorError) -> dict[str, Any]:
    return {
        "status": TransferLogLine.Status.FAILED,
        "action": "failed",
        "error_class": exc.error_class,
        "error_code": exc.code,
        "message": str(exc),
        "hint": exc.hint,
    }


def _commit(work: Slice, line: TransferLogLine, checkpoint: dict, counts: dict[str, int]) -> None:
    """The record's log line, the transfer's counts and checkpoint: all or nothing, and only
    while this task holds the lease."""
    updates = {name: F(name) + n for name, n in counts.items() if n}
    with transaction.atomic():
        moved = Transfer.objects.filter(pk=work.transfer.pk, lease_owner=work.owner).update(
            checkpoint=checkpoint, **updates
        )
        if not moved:
            raise LeaseLost
        line.save()
    work.transfer.checkpoint = checkpoint


# --- push -----------------------------------------------------------------------------------


def pushed_hash(document: dict[str, Any], mapping_version: int) -> str:
    body = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{mapping_version}:{body}".encode()).hexdigest()


def _known_ids(transfer: Transfer, record_ids: list[int]) -> dict[int, Any]:
    """What the hub remembers of a batch of records in this store: one query per batch."""
    rows = ExternalId.objects.filter(
        subscription_id=transfer.subscription_id, entity=transfer.entity, record_id__in=record_ids
    )
    return {row.record_id: row for row in rows}


def _push_records(transfer: Transfer) -> Iterator[tuple[int, Record | None, int, Any]]:
    """(position, record or None when it no longer exists, record id, its external id or None)
    for every record after the checkpoint."""
    position = int(transfer.checkpoint.get("position", 0))
    if transfer.record_ids is not None:
        ids = list(transfer.record_ids)[position:]
        if transfer.limit is not None:
            ids = ids[: max(transfer.limit - position, 0)]
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            found = Record.objects.in_bulk(chunk)
            known = _known_ids(transfer, chunk)
            for offset, record_id in enumerate(chunk):
                yield (
                    position + start + offset + 1,
                    found.get(record_id),
                    record_id,
                    known.get(record_id),
                )
        return
    last_pk = int(transfer.checkpoint.get("last_pk", 0))
    while transfer.limit is None or position < transfer.limit:
        batch = list(
            Record.objects.filter(
                entity=transfer.entity, archived_at__isnull=True, pk__gt=last_pk
            ).order_by("pk")[:BATCH_SIZE]
        )
        if not batch:
            return
        known = _known_ids(transfer, [r.pk for r in batch])
        for record in batch:
            position += 1
            last_pk = record.pk
            yield position, record, record.pk, known.get(record.pk)
            if transfer.limit is not None and position >= transfer.limit:
                return


def _push_total(transfer: Transfer) -> int:
    if transfer.record_ids is not None:
        total = len(transfer.record_ids)
    else:
        total = Record.objects.filter(entity=transfer.entity, archived_at__isnull=True).count()
    return min(total, transfer.limit) if transfer.limit is not None else total


def _push(work: Slice) -> Outcome:
    transfer = work.transfer
    ready = _setup(work, "push")
    if ready is None:
        return "finished"
    plan, adapter, recorder = ready
    if transfer.total is None:
        transfer.total = _push_total(transfer)
        Transfer.objects.filter(pk=transfer.pk).update(total=transfer.total)
    subscription_id = transfer.subscription_id
    version = transfer.collection.version
    for position, record, record_id, known in _push_records(transfer):
        work.renew_if_due()
        if work.out_of_time:
            _hand_back(transfer, work.owner, not_before=timezone.now())
            return "continue"
        checkpoint = {"position": position, "last_pk": record_id}
        if record is None:
            line = _line(
                work,
                record_key=f"#{record_id}",
                status=TransferLogLine.Status.FAILED,
                action="failed",
                error_class="data",
                error_code="record_missing",
                message=f"Hub record {record_id} no longer exists.",
                hint="Nothing to send; it was deleted after the transfer was queued.",
            )
            _commit(work, line, checkpoint, {"done": 1, "failed": 1})
            continue
        if record.archived_at is not None:
            stopped = _archived(work, adapter, recorder, record, known, checkpoint)
            if stopped:
                return stopped
            continue
        rendered = plan.render(record.data)
        if not rendered.ok:
            problems = "; ".join(str(e) for e in rendered.errors)
            line = _line(
                work,
                record=record,
                record_key=record.key,
                status=TransferLogLine.Status.FAILED,
                action="failed",
                error_class="data",
                error_code="mapping_error",
                message=problems,
                hint="Fix the record in the hub, or the field mapping named, then retry.",
            )
            _commit(work, line, checkpoint, {"done": 1, "failed": 1})
            continue
        document = rendered.document
        digest = pushed_hash(document, version)
        if known is not None and known.last_pushed_hash == digest:
            line = _line(
                work,
                record=record,
                record_key=record.key,
                remote_id=known.remote_id,
                status=TransferLogLine.Status.OK,
                action="unchanged",
                message="Unchanged since the last push: nothing sent.",
            )
            _commit(work, line, checkpoint, {"done": 1, "skipped": 1})
            continue
        ref = ExternalRef(known.remote_id, known.remote_version) if known else None
        try:
            outcome = adapter.push(document, ref)
        except ConnectorError as exc:
            if _subscription_wide(exc):
                recorder.drain()
                return _stop_for(work, exc)
            line = _line(work, record=record, record_key=record.key, calls=recorder.drain_entries())
            for name, value in _failure(exc).items():
                setattr(line, name, value)
            if known is not None:
                line.remote_id = known.remote_id
            _commit(work, line, checkpoint, {"done": 1, "failed": 1})
            continue
        except Exception as exc:  # a bug of ours or an answer no one foresaw: the batch goes on
            logger.exception("Transfer %s: pushing %s failed", transfer.pk, record.key)
            line = _line(
                work,
                record=record,
                record_key=record.key,
                calls=recorder.drain_entries(),
                status=TransferLogLine.Status.FAILED,
                action="failed",
                error_class="internal",
                error_code=type(exc).__name__,
                message=f"Unexpected error: {type(exc).__name__}.",
                hint="Contact support with this log line; the record can be retried.",
            )
            _commit(work, line, checkpoint, {"done": 1, "failed": 1})
            continue
        line = _line(
            work,
            record=record,
            record_key=record.key,
            remote_id=outcome.remote_id,
            calls=recorder.drain_entries(),
            status=TransferLogLine.Status.OK,
            action=outcome.action,
            message="; ".join(outcome.notes),
        )
        counter = {"created": "created", "updated": "updated", "deleted": "updated"}.get(
            outcome.action, "skipped"
        )
        with transaction.atomic():
            if known is not None and known.remote_id == str(outcome.remote_id):
                hub.remember_push(known, outcome.remote_version, digest)
            else:
                hub.remember_external_id(
                    subscription_id,
                    transfer.entity,
                    record,
                    outcome.remote_id,
                    remote_version=outcome.remote_version,
                    pushed_hash=digest,
                )
            _commit(work, line, checkpoint, {"done": 1, counter: 1})
    _finish(transfer, work.owner)
    return "finished"


def _archived(
    work: Slice, adapter: Any, recorder: CallCollector, record: Record, known: Any, checkpoint: dict
) -> Outcome | None:
    """An archived hub record is never sent; with "Propagate deletions" (DECISIONS.md "Hub keys
    and shapes") the store's copy is deleted, where the connector can delete that entity."""
    collection = work.transfer.collection
    line = _line(work, record=record, record_key=record.key, status=TransferLogLine.Status.OK)
    counts = {"done": 1, "skipped": 1}
    if not collection.propagate_deletions or known is None:
        line.action, line.message = "unchanged", "Archived in the hub: not sent."
    elif not hasattr(adapter, "delete"):
        line.action = "unchanged"
        line.status = TransferLogLine.Status.WARNING
        line.message = (
            "Archived in the hub, but this connector cannot delete "
            f"{record.entity.replace('_', ' ')} records: delete it in the store by hand."
        )
    else:
        try:
            adapter.delete(ExternalRef(known.remote_id, known.remote_version))
        except ConnectorError as exc:
            if _subscription_wide(exc):
                recorder.drain()
                return _stop_for(work, exc)
            line.calls = recorder.drain_entries()
            for name, value in _failure(exc).items():
                setattr(line, name, value)
            _commit(work, line, checkpoint, {"done": 1, "failed": 1})
            return None
        line.action, line.remote_id, line.calls = (
            "deleted",
            known.remote_id,
            recorder.drain_entries(),
        )
        line.message = "Archived in the hub: deleted in the store."
        counts = {"done": 1, "updated": 1}
        with transaction.atomic():
            hub.forget_external_id(known)
            _commit(work, line, checkpoint, counts)
        return None
    _commit(work, line, checkpoint, counts)
    return None


# --- pull -----------------------------------------------------------------------------------


def lookback_days(transfer: Transfer) -> int:
    """OroCommerce's Order Poll Days caps every poll's look-back (DECISIONS.md "Settings");
    connectors without that setting look 7 days back on the first pull."""
    try:
        return int(transfer.subscription.settings.get("order_poll_days") or DEFAULT_LOOKBACK_DAYS)
    except (TypeError, ValueError):
        return DEFAULT_LOOKBACK_DAYS


def pull_window(
    transfer: Transfer, state: PullState, now: datetime
) -> tuple[datetime, datetime, str]:
    """``[since, until)`` for a new pull, and a warning when records may have been missed."""
    until = now - PULL_SETTLE
    if transfer.trigger == Transfer.Trigger.INITIALIZATION:
        return datetime(1970, 1, 1, tzinfo=until.tzinfo), until, ""
    floor = now - timedelta(days=lookback_days(transfer))
    if state.watermark is None:
        return floor, until, ""
    if state.watermark < floor:
        days = lookback_days(transfer)
        warning = (
            f"The last successful pull reached {state.watermark:%Y-%m-%d %H:%M} UTC, more than "
            f"{days} days ago; records changed before {floor:%Y-%m-%d %H:%M} UTC may have been "
            "missed. Widen Order Poll Days, or run an initialization."
        )
        return floor, until, warning
    return state.watermark, until, ""


def _store_page(
    work: Slice, plan: Any, documents: list[dict[str, Any]], calls: list[dict[str, Any]]
) -> tuple[dict[str, int], list[TransferLogLine]]:
    """Render a page, upsert what rendered into the hub in bulk, and say what happened to each
    document (the page's calls go on its first line)."""
    transfer = work.transfer
    counts = {"done": len(documents), "created": 0, "updated": 0, "skipped": 0, "failed": 0}
    lines: list[TransferLogLine | None] = [None] * len(documents)
    rendered_rows: list[tuple[int, dict[str, Any]]] = []
    for index, document in enumerate(documents):
        rendered = plan.render(document)
        if rendered.ok:
            rendered_rows.append((index, rendered.document))
            continue
        lines[index] = _line(
            work,
            remote_id=str(document.get("id", "")),
            status=TransferLogLine.Status.FAILED,
            action="failed",
            error_class="data",
            error_code="mapping_error",
            message="; ".join(str(e) for e in rendered.errors),
            hint="Fix the pull mapping named, then retry the transfer.",
        )
    results = hub.upsert_many(
        transfer.entity,
        [row for _, row in rendered_rows],
        origin_subscription_id=transfer.subscription_id,
    )
    remembered = []
    for (index, _), row in zip(rendered_rows, results, strict=True):
        document = documents[index]
        remote_id = str(document.get("id", ""))
        if not row.ok:
            lines[index] = _line(
                work,
                remote_id=remote_id,
                status=TransferLogLine.Status.FAILED,
                action="failed",
                error_class="data",
                error_code="invalid_record",
                message="; ".join(str(e) for e in row.errors),
                hint="The store's record does not fit the hub's schema; fix the pull mapping "
                "or the record in the store.",
            )
            continue
        result = row.result
        action = "created" if result.created else "updated" if result.changed else "unchanged"
        lines[index] = _line(
            work,
            record=result.record,
            record_key=result.record.key,
            remote_id=remote_id,
            status=TransferLogLine.Status.OK,
            action=action,
        )
        if remote_id:
            version = str(document.get("updated_at") or document.get("updatedAt") or "")
            remembered.append((result.record, remote_id, version))
    hub.remember_external_ids(transfer.subscription_id, transfer.entity, remembered)
    done = [line for line in lines if line is not None]
    for line in done:
        if line.status == TransferLogLine.Status.FAILED:
            counts["failed"] += 1
        else:
            counts[{"created": "created", "updated": "updated"}.get(line.action, "skipped")] += 1
    if done and calls:
        done[0].calls = calls
    return counts, done


def _pull(work: Slice) -> Outcome:
    transfer = work.transfer
    ready = _setup(work, "pull")
    if ready is None:
        return "finished"
    plan, adapter, recorder = ready
    state, _ = PullState.objects.get_or_create(
        subscription_id=transfer.subscription_id, entity=transfer.entity
    )
    checkpoint = dict(transfer.checkpoint)
    if "since" not in checkpoint:
        since, until, warning = pull_window(transfer, state, timezone.now())
        checkpoint = {"since": since.isoformat(), "until": until.isoformat(), "cursor": None}
        if warning:
            line = _line(
                work,
                status=TransferLogLine.Status.WARNING,
                action="warning",
                error_class="configuration",
                error_code="pull_gap",
                message=warning,
            )
            _commit(work, line, checkpoint, {})
        else:
            Transfer.objects.filter(pk=transfer.pk, lease_owner=work.owner).update(
                checkpoint=checkpoint
            )
    window = PullWindow(
        datetime.fromisoformat(checkpoint["since"]), datetime.fromisoformat(checkpoint["until"])
    )
    cursor = checkpoint.get("cursor")
    pulled = int(checkpoint.get("pulled", 0))
    while True:
        work.renew_if_due()
        if work.out_of_time:
            _hand_back(transfer, work.owner, not_before=timezone.now())
            return "continue"
        try:
            page = adapter.pull_page(window, cursor)
        except ConnectorError as exc:
            if _subscription_wide(exc):
                recorder.drain()
                return _stop_for(work, exc)
            # The page could not be read: the window stays where it was, for the next poll.
            _line(work, calls=recorder.drain_entries(), **_failure(exc)).save()
            _finish(transfer, work.owner, state=Transfer.State.FAILED, message=f"{exc} {exc.hint}")
            return "finished"
        calls = recorder.drain_entries()
        documents = page.documents
        if transfer.limit is not None:
            documents = documents[: max(transfer.limit - pulled, 0)]
        with transaction.atomic():
            counts, lines = _store_page(work, plan, documents, calls)
            pulled += len(documents)
            finished = page.cursor is None or (
                transfer.limit is not None and pulled >= transfer.limit
            )
            checkpoint = {**checkpoint, "cursor": page.cursor, "pulled": pulled}
            updates = {name: F(name) + n for name, n in counts.items() if n}
            moved = Transfer.objects.filter(pk=transfer.pk, lease_owner=work.owner).update(
                checkpoint=checkpoint, total=pulled if finished else None, **updates
            )
            if not moved:
                raise LeaseLost
            TransferLogLine.objects.bulk_create(lines)
            if finished and transfer.limit is None:
                # The whole window is in: the next pull starts an overlap before its end.
                PullState.objects.filter(pk=state.pk).update(
                    watermark=window.until - PULL_OVERLAP, last_success_at=timezone.now()
                )
        cursor = page.cursor
        if finished:
            _finish(transfer, work.owner)
            return "finished"
