"""The transfer runner: push and pull, checkpoints, leases, failures that lose nothing.

The store is a fake adapter (the connectors' own tests cover their adapters); the hub, the
mapping engine, the transfer rows and the throttle's batch slots are the real ones.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from connectors.adapters import PullPage, PushOutcome
from connectors.http.errors import InvalidData, RequeueLater
from connectors.tokens import NeedsReauthorization
from hub import services as hub
from hub.models import ExternalId
from mappings import runner, transfers
from mappings.engine import FIELD
from mappings.models import FieldMapping, MappingCollection
from mappings.transfer_models import PullState, Transfer, TransferLogLine
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


class FakeStore:
    """Remote customer groups keyed by name: finds by natural key before it creates, as every
    real adapter does, so a record sent twice is still one remote object."""

    def __init__(self) -> None:
        self.objects: dict[str, dict] = {}
        self.writes = 0
        self.fail_names: set[str] = set()
        self.die_after: int | None = None
        self.raise_next: Exception | None = None

    def push(self, document, known):
        if self.raise_next is not None:
            exc, self.raise_next = self.raise_next, None
            raise exc
        name = document["name"]
        if name in self.fail_names:
            raise InvalidData(f"name {name!r} is not accepted", hint="Rename the group.")
        self.writes += 1
        if self.die_after is not None and self.writes > self.die_after:
            raise KeyboardInterrupt  # the worker is killed after the store call, before commit
        current = self.objects.get(name)
        if current is None:
            self.objects[name] = {"id": str(len(self.objects) + 1), **document}
            return PushOutcome("created", self.objects[name]["id"])
        current.update(document)
        return PushOutcome("updated", current["id"])


class FakePull:
    def __init__(self, pages: list[list[dict]]) -> None:
        self.pages = pages
        self.windows = []

    def pull_page(self, window, cursor):
        self.windows.append(window)
        index = (cursor or {}).get("page", 0)
        more = index + 1 < len(self.pages)
        return PullPage(self.pages[index], {"page": index + 1} if more else None)


@pytest.fixture
def store(monkeypatch):
    fake = FakeStore()
    monkeypatch.setattr(runner, "build_adapter", lambda *a, **kw: fake)
    monkeypatch.setattr(MappingCollection, "target_schema", lambda self: None)
    monkeypatch.setattr(transfers, "enqueue", lambda transfer_id: None)  # the tests run tasks
    return fake


def push_collection(subscription=None) -> MappingCollection:
    collection = MappingCollection.objects.create(
        subscription=subscription or SubscriptionFactory(),
        name="Customer groups to the store",
        entity="customer_group",
        direction="push",
    )
    FieldMapping.objects.create(
        collection=collection, target_field="name", source_kind=FIELD, source_path="name"
    )
    return collection


def groups(*names: str) -> list:
    return [hub.upsert("customer_group", {"name": n}).record for n in names]


def run_to_end(transfer: Transfer, owner: str = "worker-1") -> str:
    outcome = runner.run(transfer.pk, owner)
    while outcome == "continue":
        outcome = runner.run(transfer.pk, owner)
    transfer.refresh_from_db()
    return outcome


def test_a_push_sends_every_record_and_remembers_the_remote_ids(store):
    collection = push_collection()
    records = groups("Wholesale", "Retail", "Partners")
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    assert run_to_end(transfer) == "finished"
    assert transfer.state == Transfer.State.SUCCEEDED
    assert (transfer.total, transfer.done, transfer.created, transfer.failed) == (3, 3, 3, 0)
    assert sorted(store.objects) == ["Partners", "Retail", "Wholesale"]
    remote = ExternalId.objects.get(record=records[0], subscription_id=collection.subscription_id)
    assert remote.remote_id == store.objects["Wholesale"]["id"]
    assert set(transfer.lines.values_list("action", flat=True)) == {"created"}


def test_an_unchanged_record_is_not_sent_again(store):
    collection = push_collection()
    groups("Wholesale")
    run_to_end(transfers.start(collection, trigger=Transfer.Trigger.MANUAL))
    again = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(again)
    assert store.writes == 1
    assert (again.skipped, again.state) == (1, Transfer.State.SUCCEEDED)
    assert again.lines.get().action == "unchanged"


def test_an_edited_mapping_sends_the_record_again(store):
    collection = push_collection()
    groups("Wholesale")
    run_to_end(transfers.start(collection, trigger=Transfer.Trigger.MANUAL))
    collection.refresh_from_db()
    collection.description = "now with a description"
    collection.save()  # the version goes up: the pushed hash no longer matches
    run_to_end(transfers.start(collection, trigger=Transfer.Trigger.MANUAL))
    assert store.writes == 2


def test_a_failed_record_does_not_stop_the_batch_and_its_retry_succeeds(store):
    collection = push_collection()
    groups("Wholesale", "Bad group", "Retail")
    store.fail_names = {"Bad group"}
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(transfer)
    assert transfer.state == Transfer.State.PARTLY_FAILED
    assert (transfer.created, transfer.failed) == (2, 1)
    failed = transfer.lines.get(status=TransferLogLine.Status.FAILED)
    assert failed.record_key == "Bad group"
    assert (failed.error_class, failed.hint) == ("data", "Rename the group.")
    assert "is not accepted" in failed.message

    store.fail_names = set()  # the cause is fixed
    (retry,) = transfers.retry_lines([failed])
    assert retry.record_ids == [failed.record_id]
    run_to_end(retry)
    assert retry.state == Transfer.State.SUCCEEDED
    assert "Bad group" in store.objects
    failed.refresh_from_db()
    assert failed.retried_by_id == retry.pk
    assert transfers.retry_lines([failed]) == []  # retried once, not again


def test_a_record_the_mapping_cannot_render_fails_naming_the_field(store):
    collection = push_collection()
    FieldMapping.objects.create(
        collection=collection,
        target_field="code",
        source_kind=FIELD,
        source_path="code",
        required=True,
    )
    groups("Wholesale")
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(transfer)
    line = transfer.lines.get()
    assert transfer.state == Transfer.State.FAILED
    assert line.error_code == "mapping_error"
    assert "code" in line.message
    assert store.writes == 0


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(store):
    collection = push_collection()
    groups(*(f"Group {n}" for n in range(10)))
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    store.die_after = 4  # the 5th record reaches the store, then the worker dies
    with pytest.raises(KeyboardInterrupt):
        runner.run(transfer.pk, "worker-1")
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.RUNNING
    assert transfer.done == 4

    # Nobody may take it over while the dead worker's lease lasts...
    assert runner.run(transfer.pk, "worker-2") == "skipped"
    # ...then the next task (a retry or the dispatcher's) does, from the checkpoint.
    Transfer.objects.filter(pk=transfer.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert transfer.pk in transfers.due_transfers()
    store.die_after = None
    assert run_to_end(transfer, "worker-2") == "finished"
    assert transfer.state == Transfer.State.SUCCEEDED
    assert transfer.done == 10
    assert len(store.objects) == 10  # the 5th was sent twice, but is one remote object
    assert transfer.lines.count() == 10
    assert ExternalId.objects.filter(subscription_id=collection.subscription_id).count() == 10


def test_a_transfer_works_in_slices_and_continues_from_its_checkpoint(store, monkeypatch):
    collection = push_collection()
    groups(*(f"Group {n}" for n in range(5)))
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    assert runner.run(transfer.pk, "w", slice_seconds=0) == "continue"
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.QUEUED
    assert run_to_end(transfer) == "finished"
    assert transfer.done == 5 and transfer.runs >= 2


def test_a_busy_subscription_makes_the_transfer_wait_for_a_batch_slot(store):
    from subscriptions.runtime import throttle_key, throttle_policy
    from subscriptions.throttle import get_throttle_backend

    collection = push_collection(SubscriptionFactory(concurrent_batch_executions=1))
    groups("Wholesale")
    backend = get_throttle_backend()
    subscription = collection.subscription
    held = backend.try_acquire_batch(
        throttle_key(subscription), throttle_policy(subscription), ttl=60
    )
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    try:
        assert runner.run(transfer.pk, "w") == "waiting"
    finally:
        backend.release(held)
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.QUEUED
    assert "Concurrent Batch Executions" in transfer.waiting_reason
    assert transfer.not_before > timezone.now()


def test_a_long_retry_after_puts_the_transfer_back_for_later(store):
    collection = push_collection()
    groups("Wholesale")
    store.raise_next = RequeueLater(
        "HTTP 429 with Retry-After: 120", not_before=timezone.now() + timedelta(seconds=120)
    )
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    assert runner.run(transfer.pk, "w") == "waiting"
    transfer.refresh_from_db()
    assert transfer.done == 0  # the record is sent later, not failed
    assert transfer.not_before > timezone.now() + timedelta(seconds=100)


def test_needs_reauthorization_pauses_until_someone_authorizes_again(store):
    collection = push_collection()
    groups("Wholesale")
    store.raise_next = NeedsReauthorization("The refresh token is invalid.")
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    assert runner.run(transfer.pk, "w") == "waiting"
    transfer.refresh_from_db()
    assert transfer.waiting_reason.startswith("Paused: the subscription needs reauthorization")
    assert transfer.pk not in transfers.due_transfers()  # no worker keeps retrying
    assert transfers.resume_paused(collection.subscription_id) == 1
    assert run_to_end(transfer) == "finished"
    assert transfer.state == Transfer.State.SUCCEEDED


def test_cancel_stops_a_queued_transfer_at_once(store):
    collection = push_collection()
    groups("Wholesale")
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    assert transfers.cancel([transfer]) == 1
    assert runner.run(transfer.pk, "w") == "skipped"
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.CANCELLED
    assert store.writes == 0


def test_a_hub_change_queues_a_transfer_for_every_enabled_push_collection(store):
    sending = push_collection()
    MappingCollection.objects.filter(pk=push_collection().pk).update(enabled=False)
    (record,) = groups("Wholesale")
    queued = Transfer.objects.get(trigger=Transfer.Trigger.RECORD_CHANGE)
    assert (queued.collection_id, queued.record_ids) == (sending.pk, [record.pk])
    assert queued.not_before > timezone.now()  # debounced


def test_record_changes_are_debounced_into_one_transfer_and_never_echoed(store):
    (first,) = groups("Wholesale")
    (second,) = groups("Retail")
    mine = push_collection()
    origin = push_collection(SubscriptionFactory())
    transfers.records_changed("customer_group", [first.pk], origin.subscription_id)
    transfers.records_changed("customer_group", [second.pk, first.pk], origin.subscription_id)
    queued = Transfer.objects.filter(trigger=Transfer.Trigger.RECORD_CHANGE)
    assert list(queued.values_list("collection_id", flat=True)) == [mine.pk]
    assert queued.get().record_ids == [first.pk, second.pk]


# --- pull -----------------------------------------------------------------------------------


def pull_collection(subscription=None) -> MappingCollection:
    collection = MappingCollection.objects.create(
        subscription=subscription or SubscriptionFactory(),
        name="Customer groups from the store",
        entity="customer_group",
        direction="pull",
    )
    FieldMapping.objects.create(
        collection=collection, target_field="name", source_kind=FIELD, source_path="attributes.name"
    )
    return collection


@pytest.fixture
def pull(monkeypatch):
    holder = {}
    monkeypatch.setattr(runner, "build_adapter", lambda *a, **kw: holder["adapter"])
    monkeypatch.setattr(transfers, "enqueue", lambda transfer_id: None)

    def use(pages):
        holder["adapter"] = FakePull(pages)
        return holder["adapter"]

    return use


def remote(number: int, name: str | None = None) -> dict:
    return {"id": str(number), "attributes": {"name": name or f"Group {number}"}}


def test_a_pull_pages_into_the_hub_and_moves_the_watermark(pull):
    collection = pull_collection()
    adapter = pull([[remote(1), remote(2)], [remote(3), {"id": "4", "attributes": {}}]])
    transfer = transfers.start(collection, trigger=Transfer.Trigger.SCHEDULE)
    assert run_to_end(transfer) == "finished"
    assert (transfer.done, transfer.created, transfer.failed) == (4, 3, 1)
    assert transfer.state == Transfer.State.PARTLY_FAILED
    assert hub.Record.objects.filter(origin_subscription_id=collection.subscription_id).count() == 3
    bad = transfer.lines.get(status=TransferLogLine.Status.FAILED)
    assert (bad.remote_id, bad.error_class) == ("4", "data")
    state = PullState.objects.get(subscription=collection.subscription, entity="customer_group")
    window = adapter.windows[0]
    assert state.watermark == window.until - runner.PULL_OVERLAP
    # The first window looked back the subscription's Order Poll Days (7 in the factory).
    assert timedelta(days=6, hours=23) < window.until - window.since <= timedelta(days=7)

    again = pull([[remote(3)]])
    second = transfers.start(collection, trigger=Transfer.Trigger.SCHEDULE)
    run_to_end(second)
    assert again.windows[0].since == state.watermark  # the overlap re-reads, the hub absorbs
    assert second.skipped == 1 and second.created == 0


def test_a_pull_resumes_after_its_last_committed_page(pull, monkeypatch):
    collection = pull_collection()
    adapter = pull([[remote(1)], [remote(2)], [remote(3)]])
    transfer = transfers.start(collection, trigger=Transfer.Trigger.SCHEDULE)
    real = adapter.pull_page

    def dies_on_the_third_page(window, cursor):
        if (cursor or {}).get("page") == 2:
            raise KeyboardInterrupt
        return real(window, cursor)

    monkeypatch.setattr(adapter, "pull_page", dies_on_the_third_page)
    with pytest.raises(KeyboardInterrupt):
        runner.run(transfer.pk, "worker-1")
    transfer.refresh_from_db()
    assert transfer.checkpoint["cursor"] == {"page": 2} and transfer.done == 2
    monkeypatch.setattr(adapter, "pull_page", real)
    Transfer.objects.filter(pk=transfer.pk).update(lease_expires_at=timezone.now())
    assert run_to_end(transfer, "worker-2") == "finished"
    assert transfer.done == 3 and transfer.created == 3


def test_an_old_watermark_is_capped_by_the_look_back_and_warned_about(pull):
    collection = pull_collection()
    PullState.objects.create(
        subscription=collection.subscription,
        entity="customer_group",
        watermark=timezone.now() - timedelta(days=30),
    )
    adapter = pull([[remote(1)]])
    transfer = transfers.start(collection, trigger=Transfer.Trigger.SCHEDULE)
    run_to_end(transfer)
    assert adapter.windows[0].since > timezone.now() - timedelta(days=7, minutes=1)
    warning = transfer.lines.get(status=TransferLogLine.Status.WARNING)
    assert "may have been missed" in warning.message
    assert "Order Poll Days" in warning.message and "initialization" in warning.message


def test_a_sample_pull_stops_after_its_limit_without_moving_the_watermark(pull):
    collection = pull_collection()
    pull([[remote(1), remote(2)], [remote(3)]])
    transfer = transfers.start(collection, trigger=Transfer.Trigger.SAMPLE, limit=1)
    run_to_end(transfer)
    assert transfer.done == 1
    state = PullState.objects.get(subscription=collection.subscription)
    assert state.watermark is None


def test_old_log_lines_are_pruned_and_transfers_kept(store, settings):
    settings.TRANSFER_LOG_RETENTION_DAYS = 30
    collection = push_collection()
    groups("Wholesale", "Retail")
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(transfer)
    TransferLogLine.objects.filter(record_key="Retail").update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert transfers.prune_log_lines() == 1
    assert list(transfer.lines.values_list("record_key", flat=True)) == ["Wholesale"]
    assert Transfer.objects.filter(pk=transfer.pk).exists()


def test_an_archived_record_is_not_sent_but_deleted_when_the_collection_propagates(store):
    collection = push_collection()
    (record,) = groups("Wholesale")
    run_to_end(transfers.start(collection, trigger=Transfer.Trigger.MANUAL))
    deleted = []
    store.delete = lambda known: deleted.append(known.remote_id)
    hub.archive(record)

    kept = transfers.start(collection, trigger=Transfer.Trigger.MANUAL, record_ids=[record.pk])
    run_to_end(kept)
    assert kept.lines.get().message == "Archived in the hub: not sent."
    assert deleted == [] and store.writes == 1

    MappingCollection.objects.filter(pk=collection.pk).update(propagate_deletions=True)
    gone = transfers.start(collection, trigger=Transfer.Trigger.MANUAL, record_ids=[record.pk])
    run_to_end(gone)
    line = gone.lines.get()
    assert (line.action, line.remote_id) == ("deleted", store.objects["Wholesale"]["id"])
    assert deleted == [store.objects["Wholesale"]["id"]]
    assert not ExternalId.objects.filter(record=record).exists()
