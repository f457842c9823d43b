"""The throttle across real processes, judged by a server that counts what reaches it.

Several spawned worker processes (each with threads, like django-q2 workers) call one local
server for one subscription. The server's own record must never show more than Limit request
starts in any window of Seconds, nor more than Concurrent Connections in flight. On Redis and
on the database (PostgreSQL; SQLite runs one worker, DECISIONS.md "SQLite and multi-process").
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid

import pytest

from connectors.benchmarks import make_throttle, run_load, throttle_factory
from sandbox.counting import counting_server
from tests.connectors.http.conftest import REDIS_URL, redis_or_skip

pytestmark = pytest.mark.slow

DATABASE = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


@pytest.fixture(params=["redis", pytest.param("db", marks=DATABASE)])
def backend(request) -> dict:
    """How worker processes reach the shared throttle: ``run_load`` keyword arguments."""
    if request.param == "redis":
        redis_or_skip()
        return {"backend": "redis", "redis_url": REDIS_URL}
    from django.db import connections

    coordination = connections["coordination"]
    if coordination.vendor != "postgresql":
        pytest.skip(
            "multi-process guarantees of the database throttle are tested on PostgreSQL "
            "(set DATABASE_URL); SQLite runs a single worker"
        )
    # The workers are new processes: point them at the test database.
    return {
        "backend": "db",
        "redis_url": REDIS_URL,
        "backend_options": {"database": coordination.settings_dict["NAME"]},
    }


@pytest.mark.parametrize(
    ("limit", "seconds", "connections", "latency"),
    [
        (15, 1, 3, 0.01),  # the window is the binding limit
        (200, 1, 2, 0.03),  # the connections are the binding limit
    ],
)
def test_processes_share_one_window_and_one_set_of_connections(
    backend, limit, seconds, connections, latency
):
    with counting_server(latency) as server:
        counts = run_load(
            server,
            processes=3,
            threads=2,
            limit=limit,
            seconds=seconds,
            connections=connections,
            duration=2.2,
            requests=None,
            **backend,
        )
        max_in_window = server.max_in_window(seconds)
        max_in_flight = server.max_in_flight
        total = len(server.starts)
    assert counts["errors"] == 0
    assert total == counts["ok"]
    assert max_in_window <= limit
    assert max_in_flight <= connections
    # The workers pushed hard enough for the binding limit to be reached, so the bounds
    # above were really tested (6 threads want far more than either limit allows).
    assert max_in_window == limit or max_in_flight == connections


def _take_lease_and_die(factory: str, options: dict, prefix: str, ready) -> None:  # a child
    throttle = make_throttle(factory, REDIS_URL, prefix, options)
    assert throttle.try_acquire("sub:batches", 1, ttl=1.0) is not None
    ready.set()
    os._exit(1)  # dies without releasing: like a killed worker


def test_a_dead_workers_lease_comes_back_after_its_expiry(backend):
    factory = throttle_factory(backend["backend"])
    options = backend.get("backend_options", {})
    prefix = f"switchboard:test:{uuid.uuid4().hex[:8]}"
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    child = ctx.Process(target=_take_lease_and_die, args=(factory, options, prefix, ready))
    child.start()
    assert ready.wait(30)
    child.join(30)
    assert child.exitcode == 1

    throttle = make_throttle(factory, REDIS_URL, prefix, options)
    try:
        assert throttle.try_acquire("sub:batches", 1, ttl=1.0) is None  # still held by the dead
        deadline = time.monotonic() + 5
        lease = None
        while lease is None and time.monotonic() < deadline:
            time.sleep(0.05)
            lease = throttle.try_acquire("sub:batches", 1, ttl=1.0)
        assert lease is not None
    finally:
        throttle.clear("sub")
