"""Transfers run by a real django-q2 cluster (another process, its own workers, the configured
broker: the ORM broker without REDIS_URL, Redis with it) against a stub store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from hub import services as hub
from hub.models import ExternalId, Record
from mappings import tasks, transfers
from mappings.engine import FIELD
from mappings.models import FieldMapping, MappingCollection
from mappings.transfer_models import Transfer
from tests.factories import SubscriptionFactory
from tests.support.stub_store import StubStore, running_stub_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, databases=["default", "coordination"]),
]

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def cluster(store: StubStore, log: Path) -> Iterator[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "STUB_STORE_URL": store.url,
        "Q_WORKERS": "2",
        "Q_TIMEOUT": "30",
        "Q_RETRY": "120",
        "TRANSFER_LEASE_SECONDS": str(LEASE),
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.qcluster_with_stub_store"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the test can kill every worker
        )
    try:
        yield process
    finally:
        stop(process, signal.SIGTERM)


def stop(process: subprocess.Popen, how: signal.Signals) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, how)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def wait_for(check: Callable[[], bool], what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; cluster log:\n{log.read_text()[-3000:]}")


def finished(transfer: Transfer) -> Callable[[], bool]:
    def check() -> bool:
        transfer.refresh_from_db()
        return transfer.finished

    return check


def collection(direction: str, source: str) -> MappingCollection:
    made = MappingCollection.objects.create(
        subscription=SubscriptionFactory(),
        name=f"Customer groups ({direction})",
        entity="customer_group",
        direction=direction,
    )
    FieldMapping.objects.create(
        collection=made, target_field="name", source_kind=FIELD, source_path=source
    )
    return made


@pytest.fixture(autouse=True)
def no_connector_schema(monkeypatch):
    # The stub store takes {"name": ...}; the connectors' own schemas are tested elsewhere.
    monkeypatch.setattr(MappingCollection, "target_schema", lambda self: None)


def test_a_push_runs_end_to_end_on_the_cluster(tmp_path):
    log = tmp_path / "cluster.log"
    push = collection("push", "name")
    for n in range(6):
        hub.upsert("customer_group", {"name": f"Group {n}"})
    Transfer.objects.all().delete()  # drop the record-change transfers; start one ourselves
    with running_stub_store() as store, cluster(store, log):
        transfer = transfers.start(push, trigger=Transfer.Trigger.MANUAL)
        wait_for(finished(transfer), "the push", log)
    assert transfer.state == Transfer.State.SUCCEEDED, transfer.message
    assert sorted(store.groups) == [f"Group {n}" for n in range(6)]
    assert transfer.lines.count() == 6
    assert ExternalId.objects.filter(subscription_id=push.subscription_id).count() == 6


def test_a_pull_runs_end_to_end_on_the_cluster(tmp_path):
    log = tmp_path / "cluster.log"
    pull = collection("pull", "number")
    with running_stub_store() as store, cluster(store, log):
        transfer = transfers.start(pull, trigger=Transfer.Trigger.SCHEDULE)
        wait_for(finished(transfer), "the pull", log)
    assert transfer.state == Transfer.State.SUCCEEDED, transfer.message
    names = Record.objects.filter(origin_subscription_id=pull.subscription_id)
    assert sorted(names.values_list("key", flat=True)) == sorted(o["number"] for o in store.orders)


def test_a_killed_cluster_loses_no_record_and_duplicates_none(tmp_path):
    log = tmp_path / "cluster.log"
    push = collection("push", "name")
    for n in range(20):
        hub.upsert("customer_group", {"name": f"Group {n:02}"})
    Transfer.objects.all().delete()
    with running_stub_store(latency=0.15) as store:
        with cluster(store, log) as first:
            transfer = transfers.start(push, trigger=Transfer.Trigger.MANUAL)
            wait_for(lambda: Transfer.objects.get(pk=transfer.pk).done >= 4, "progress", log)
            stop(first, signal.SIGKILL)  # every process of the cluster, mid-transfer
        transfer.refresh_from_db()
        assert transfer.state == Transfer.State.RUNNING and transfer.done < 20

        with cluster(store, log):
            time.sleep(LEASE + 0.5)  # the dead worker's lease runs out...
            assert tasks.dispatch() >= 1  # ...and the dispatcher's next tick hands it over
            wait_for(finished(transfer), "the resumed push", log)
    assert transfer.state == Transfer.State.SUCCEEDED, transfer.message
    assert transfer.done == 20 and transfer.lines.count() == 20  # none lost, none logged twice
    assert sorted(store.groups) == [f"Group {n:02}" for n in range(20)]  # one remote object each
    assert transfer.runs >= 2
