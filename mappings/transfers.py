"""Starting, retrying and cancelling transfers: what the admin, signals and schedules call.

Transfers are queued as rows first and handed to django-q2 after the commit (tasks take only
the transfer's id). The dispatcher schedule enqueues whatever is due and was not enqueued
recently, and re-enqueues transfers whose runner's lease expired: correctness never rests on
the broker delivering a task exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from hub.schemas import dependency_order
from mappings.models import MappingCollection
from mappings.transfer_models import Transfer, TransferLogLine

RUN_TASK = "mappings.tasks.run_transfer"
DEBOUNCE = timedelta(seconds=5)  # record changes within this time go out as one transfer
REENQUEUE_AFTER = timedelta(minutes=2)  # a queued transfer enqueued longer ago than this, again


def enqueue(transfer_id: int) -> None:
    """Hand the transfer to django-q2 once the current transaction commits."""

    def send() -> None:
        from django_q.tasks import async_task

        Transfer.objects.filter(pk=transfer_id).update(enqueued_at=timezone.now())
        async_task(RUN_TASK, transfer_id, task_name=f"transfer {transfer_id}", group="transfers")

    transaction.on_commit(send)


def start(
    collection: MappingCollection,
    *,
    trigger: str,
    user=None,
    record_ids: Sequence[int] | None = None,
    limit: int | None = None,
    checkpoint: dict | None = None,
    not_before=None,
    after: Transfer | None = None,
) -> Transfer:
    """Queue a transfer of `collection`; with `after`, it starts once that one has finished."""
    waits = after is not None and not after.finished
    transfer = Transfer.objects.create(
        subscription_id=collection.subscription_id,
        collection=collection,
        entity=collection.entity,
        direction=collection.direction,
        trigger=trigger,
        started_by=user if getattr(user, "pk", None) else None,
        record_ids=list(record_ids) if record_ids is not None else None,
        limit=limit,
        checkpoint=checkpoint or {},
        not_before=not_before or timezone.now(),
        after=after,
        waiting_reason=(
            f"Waiting for transfer {after.pk} ({after.entity.replace('_', ' ')}) to finish: "
            "what other records refer to goes first."
            if waits
            else ""
        ),
    )
    if transfer.not_before <= timezone.now() and not waits:
        enqueue(transfer.pk)
    return transfer


def push_all(collections: Iterable[MappingCollection], *, user=None) -> list[Transfer]:
    """ "Push all": every hub record through every enabled push collection given, one
    subscription's collections in a chain ordered by the hub's references (customer groups before
    customers, products and price lists before prices), so a new store is filled in one go
    instead of failing every record whose group or product is not there yet."""
    by_subscription: dict[int, list[MappingCollection]] = {}
    for collection in collections:
        if collection.enabled and collection.direction == "push":
            by_subscription.setdefault(collection.subscription_id, []).append(collection)
    made: list[Transfer] = []
    for subscription_collections in by_subscription.values():
        order = dependency_order(c.entity for c in subscription_collections)
        subscription_collections.sort(key=lambda c: (order.index(c.entity), c.pk))
        previous = None
        for collection in subscription_collections:
            previous = start(collection, trigger=Transfer.Trigger.MANUAL, user=user, after=previous)
            made.append(previous)
    return made


def release_followers(transfer_id: int) -> None:
    """Enqueue the transfers that waited for this one (the dispatcher would, within a minute)."""
    followers = Transfer.objects.filter(
        after_id=transfer_id, state=Transfer.State.QUEUED, not_before__lte=timezone.now()
    )
    for pk in followers.values_list("pk", flat=True):
        enqueue(pk)
    followers.update(waiting_reason="")


def transfer_now(
    collections: Iterable[MappingCollection], *, user=None, record_ids: Sequence[int] | None = None
) -> list[Transfer]:
    """ "Transfer now": every enabled collection given, for the selected records or all."""
    return [
        start(c, trigger=Transfer.Trigger.MANUAL, user=user, record_ids=record_ids)
        for c in collections
        if c.enabled
    ]


def records_changed(entity: str, ids: Sequence[int], origin_subscription_id: int | None) -> None:
    """Queue the changed records for every enabled push collection of that entity, debounced:
    changes within ``DEBOUNCE`` join one transfer that has not started yet. Never back to the
    subscription the change came from (no echo)."""
    collections = MappingCollection.objects.filter(
        entity=entity, direction="push", enabled=True
    ).exclude(subscription_id=origin_subscription_id)
    for collection in collections:
        with transaction.atomic():
            pending = (
                Transfer.objects.select_for_update()
                .filter(
                    collection=collection,
                    trigger=Transfer.Trigger.RECORD_CHANGE,
                    state=Transfer.State.QUEUED,
                    runs=0,
                )
                .order_by("pk")
                .first()
            )
            if pending is not None:
                known = set(pending.record_ids or [])
                pending.record_ids = [
                    *(pending.record_ids or []),
                    *(i for i in ids if i not in known),
                ]
                pending.save(update_fields=["record_ids"])
                continue
            transfer = start(
                collection,
                trigger=Transfer.Trigger.RECORD_CHANGE,
                record_ids=list(dict.fromkeys(ids)),
                not_before=timezone.now() + DEBOUNCE,
            )
            enqueue(transfer.pk)  # the task waits out the debounce (a few seconds) itself


def retry_lines(
    lines: QuerySet[TransferLogLine] | Iterable[TransferLogLine], *, user=None
) -> list[Transfer]:
    """Send the failed records of these log lines again, one retry transfer per collection.

    Pull lines have no hub record: their transfer's window is pulled again instead."""
    by_transfer: dict[int, list[TransferLogLine]] = {}
    for line in lines:
        if line.status == TransferLogLine.Status.FAILED and line.retried_by_id is None:
            by_transfer.setdefault(line.transfer_id, []).append(line)
    made: list[Transfer] = []
    with transaction.atomic():
        for transfer_id, failed in by_transfer.items():
            original = Transfer.objects.select_related("collection").get(pk=transfer_id)
            if original.direction == "push":
                ids = list(dict.fromkeys(line.record_id for line in failed if line.record_id))
                if not ids:
                    continue
                retry = start(
                    original.collection, trigger=Transfer.Trigger.RETRY, user=user, record_ids=ids
                )
            else:
                window = {
                    k: original.checkpoint[k]
                    for k in ("since", "until")
                    if k in original.checkpoint
                }
                retry = start(
                    original.collection,
                    trigger=Transfer.Trigger.RETRY,
                    user=user,
                    checkpoint={**window, "cursor": None} if window else {},
                )
            TransferLogLine.objects.filter(pk__in=[line.pk for line in failed]).update(
                retried_by=retry
            )
            made.append(retry)
    return made


def retry_failures(transfers: Iterable[Transfer], *, user=None) -> list[Transfer]:
    lines = TransferLogLine.objects.filter(
        transfer__in=list(transfers), status=TransferLogLine.Status.FAILED, retried_by__isnull=True
    )
    return retry_lines(lines, user=user)


def cancel(transfers: Iterable[Transfer]) -> int:
    """Queued transfers stop at once; running ones at their runner's next record."""
    ids = [t.pk for t in transfers]
    now = timezone.now()
    queued = list(
        Transfer.objects.filter(pk__in=ids, state=Transfer.State.QUEUED).values_list(
            "pk", flat=True
        )
    )
    stopped = Transfer.objects.filter(pk__in=queued, state=Transfer.State.QUEUED).update(
        state=Transfer.State.CANCELLED, finished_at=now, cancel_requested=True, message="Cancelled."
    )
    flagged = Transfer.objects.filter(pk__in=ids, state=Transfer.State.RUNNING).update(
        cancel_requested=True
    )
    for pk in queued:  # a running one releases its followers when its runner stops
        release_followers(pk)
    return stopped + flagged


def resume_paused(subscription_id: int) -> int:
    """After reauthorization: transfers paused for it are due again."""
    ids = list(
        Transfer.objects.filter(
            subscription_id=subscription_id,
            state=Transfer.State.QUEUED,
            waiting_reason__startswith="Paused: the subscription needs reauthorization",
        ).values_list("pk", flat=True)
    )
    Transfer.objects.filter(pk__in=ids).update(not_before=timezone.now(), waiting_reason="")
    for pk in ids:
        enqueue(pk)
    return len(ids)


def due_transfers(now=None) -> list[int]:
    """What the dispatcher enqueues: queued and due, not enqueued in the last minutes; or
    running with an expired lease (its worker died)."""
    now = now or timezone.now()
    stale = now - REENQUEUE_AFTER
    return list(
        Transfer.objects.filter(
            Q(state=Transfer.State.QUEUED, not_before__lte=now)
            & Transfer.unblocked()
            & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
            | Q(state=Transfer.State.RUNNING, lease_expires_at__lt=now)
        )
        .order_by("not_before")
        .values_list("pk", flat=True)[:500]
    )


def start_polls(subscription_id: int) -> list[Transfer]:
    """A scheduled poll: one pull transfer per enabled pull collection, unless one is already
    queued or running for it."""
    made = []
    for collection in MappingCollection.objects.filter(
        subscription_id=subscription_id, direction="pull", enabled=True
    ):
        busy = Transfer.objects.filter(
            collection=collection, state__in=[Transfer.State.QUEUED, Transfer.State.RUNNING]
        ).exists()
        if not busy:
            made.append(start(collection, trigger=Transfer.Trigger.SCHEDULE))
    return made


def prune_log_lines(now=None) -> int:
    """Delete log lines older than TRANSFER_LOG_RETENTION_DAYS, in chunks; transfers stay."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TRANSFER_LOG_RETENTION_DAYS)
    deleted = 0
    while True:
        ids = list(
            TransferLogLine.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
                :5000
            ]
        )
        if not ids:
            return deleted
        deleted += TransferLogLine.objects.filter(pk__in=ids).delete()[0]
