"""The push-and-pull harness both connectors' benchmarks share (``connectors.benchmarks``)."""

from __future__ import annotations

import importlib
import subprocess
import sys

from connectors.adapters import PullPage, PushOutcome
from connectors.benchmarks import all_benchmarks, push_and_pull
from connectors.http.calls import CallRecord, MemoryCallRecorder


def call(recorder: MemoryCallRecorder, method: str) -> None:
    recorder(CallRecord("bench", method, "http://store/x", 200, 1.0, 1))


class Store:
    """One read per push, plus a write for records it does not know; two pages of orders."""

    def __init__(self, recorder: MemoryCallRecorder) -> None:
        self.recorder = recorder
        self.orders: list[dict] = []
        self.known: list = []

    def push(self, document, known):
        self.known.append(known)
        call(self.recorder, "GET")
        if known is None:
            call(self.recorder, "POST")
            return PushOutcome("created", f"id-{document['n']}", "1")
        return PushOutcome("unchanged", known.remote_id, known.remote_version)

    def pull_page(self, window, cursor):
        call(self.recorder, "GET")
        start = (cursor or {}).get("at", 0)
        more = start + 2 < len(self.orders)
        return PullPage(self.orders[start : start + 2], {"at": start + 2} if more else None)


def test_each_phase_counts_its_own_calls_and_the_seeding_is_not_timed():
    recorder = MemoryCallRecorder()
    store = Store(recorder)
    seeded = []

    def seed(moment):
        seeded.append(moment)
        call(recorder, "POST")  # seeding's own calls belong to no phase
        store.orders = [{"id": str(n)} for n in range(3)]

    phases = push_and_pull(recorder, store, [{"n": 1}, {"n": 2}], store, seed)
    assert (phases.first_push.requests, phases.repeat_push.requests) == (4, 2)
    assert [o.action for o in phases.repeat_push.result] == ["unchanged"] * 2
    assert [k.remote_id for k in store.known[2:]] == ["id-1", "id-2"]  # the ids it got first
    assert (phases.pull.requests, [d["id"] for d in phases.pull.result]) == (2, ["0", "1", "2"])
    assert len(seeded) == 1 and all(p.seconds >= 0 for p in vars(phases).values())


def test_both_connectors_benchmarks_are_registered_whichever_module_is_imported_first():
    assert {"throttle", "commercetools", "orocommerce"} <= set(all_benchmarks())
    # A connector's benchmark module imports the harness from connectors.benchmarks, which
    # lists that module's benchmarks in turn: importing it first must not be circular.
    for first in ("connectors.commercetools.benchmarks", "connectors.orocommerce.benchmarks"):
        code = f"import {first}, connectors.benchmarks as b; print(sorted(b.BENCHMARKS))"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "commercetools" in done.stdout and "orocommerce" in done.stdout
    assert importlib.import_module("connectors.benchmarks").BENCHMARKS["throttle"]
