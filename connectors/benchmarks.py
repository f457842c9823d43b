"""Benchmarks of the shared HTTP layer, run by ``python manage.py benchmark NAME``, and the
timing harness both connectors' benchmarks share (``push_and_pull``).

``throttle``: several worker processes (each with a few threads, like django-q2 workers) call
a local counting server through ``ConnectorSession`` on one subscription. The server, not the
throttle, judges: the most request starts it saw in any window of Seconds, and the most
requests in flight at once. ``ratio`` is the achieved rate over the best the settings allow,
``min(Limit / Seconds, Connections / latency)``.

Also runnable without Django: ``python -m connectors.benchmarks throttle --duration 5``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.adapters import ExternalRef, PullAdapter, PullWindow, PushAdapter
from connectors.http.calls import MemoryCallRecorder

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_throttle(*, redis_url: str, prefix: str) -> Any:
    from connectors.http.redis_throttle import RedisThrottle

    return RedisThrottle(redis_url, prefix=prefix)


# Throttle backends by name, as "module:function" (workers are spawned processes, so they get
# a name to import, not an object). The function is called with ``redis_url``, ``prefix`` and
# the run's ``backend_options``. Backends outside ``connectors`` (the database one lives in
# ``subscriptions``) register themselves from their AppConfig.ready().
THROTTLE_BACKENDS: dict[str, str] = {"redis": "connectors.benchmarks:redis_throttle"}


def register_throttle_backend(name: str, factory: str) -> None:
    """Make ``--backend NAME`` available; ``factory`` is "module:function"."""
    THROTTLE_BACKENDS[name] = factory


def make_throttle(
    factory: str, redis_url: str, prefix: str, options: dict[str, Any] | None = None
) -> Any:
    module_name, _, function = factory.partition(":")
    build = getattr(importlib.import_module(module_name), function)
    return build(redis_url=redis_url, prefix=prefix, **(options or {}))


def throttle_factory(backend: str) -> str:
    try:
        return THROTTLE_BACKENDS[backend]
    except KeyError:
        known = ", ".join(sorted(THROTTLE_BACKENDS))
        raise ValueError(f"unknown throttle backend {backend!r} (known: {known})") from None


def load_worker(
    config: dict[str, Any], barrier: Any, results: Any, budget: Any
) -> None:  # pragma: no cover - runs in child processes
    """One worker process: ``threads`` threads calling the server until time or budget ends."""
    from connectors.http import ConnectorSession, RetryPolicy, ThrottlePolicy, Timeouts

    throttle = make_throttle(
        config["factory"], config["redis_url"], config["prefix"], config["backend_options"]
    )
    policy = ThrottlePolicy(
        limit=config["limit"], seconds=config["seconds"], connections=config["connections"]
    )
    session = ConnectorSession(
        config["subscription"],
        policy=policy,
        throttle=throttle,
        timeouts=Timeouts(connect=5, read=10),
        retry=RetryPolicy(max_attempts=1),
        allowed_hosts=["127.0.0.1"],
        max_throttle_wait=config["seconds"] * 3 + 5,
    )
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    barrier.wait()
    deadline = time.monotonic() + config["duration"] if config["duration"] else None

    def run() -> None:
        while deadline is None or time.monotonic() < deadline:
            if budget is not None:
                with budget.get_lock():
                    if budget.value <= 0:
                        return
                    budget.value -= 1
            try:
                session.get(config["url"])
                key = "ok"
            except Exception:
                key = "errors"
            with lock:
                counts[key] += 1

    threads = [threading.Thread(target=run) for _ in range(config["threads"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(counts)


def run_load(
    server: Any,
    *,
    processes: int,
    threads: int,
    limit: int,
    seconds: int,
    connections: int,
    duration: float | None,
    requests: int | None,
    backend: str = "redis",
    redis_url: str = DEFAULT_REDIS_URL,
    backend_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run the worker processes against ``server`` (a CountingServer); return their counts."""
    ctx = multiprocessing.get_context("spawn")
    prefix = f"switchboard:bench:{uuid.uuid4().hex[:8]}"
    factory = throttle_factory(backend)
    config = {
        "factory": factory,
        "backend_options": backend_options or {},
        "redis_url": redis_url,
        "prefix": prefix,
        "subscription": "bench",
        "limit": limit,
        "seconds": seconds,
        "connections": connections,
        "url": server.url + "/ping",
        "duration": duration,
        "threads": threads,
    }
    barrier = ctx.Barrier(processes + 1)
    results = ctx.Queue()
    budget = ctx.Value("i", requests) if requests else None
    workers = [
        ctx.Process(target=load_worker, args=(config, barrier, results, budget))
        for _ in range(processes)
    ]
    for w in workers:
        w.start()
    try:
        barrier.wait(timeout=60)
        started = time.monotonic()
        counts = [results.get(timeout=(duration or 0) + seconds * 4 + 120) for _ in workers]
        elapsed = time.monotonic() - started
    finally:
        for w in workers:
            w.join(timeout=10)
            if w.is_alive():
                w.kill()
        make_throttle(factory, redis_url, prefix, backend_options).clear("bench")
    return {
        "ok": sum(c["ok"] for c in counts),
        "errors": sum(c["errors"] for c in counts),
        "elapsed_s": elapsed,
    }


class ThrottleBenchmark:
    help = (
        "Several processes share one subscription's throttle against a local server; reports "
        "the most starts in any window, the most in flight, and the rate over the ceiling."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--processes", type=int, default=4)
        parser.add_argument("--threads", type=int, default=2, help="threads per process")
        parser.add_argument("--limit", type=int, default=100, help="API Throttle Limit")
        parser.add_argument("--seconds", type=int, default=1, help="API Throttle Seconds")
        parser.add_argument("--connections", type=int, default=5, help="Concurrent Connections")
        parser.add_argument("--latency", type=float, default=20.0, help="server latency, ms")
        parser.add_argument("--requests", type=int, default=None, help="stop after N calls")
        parser.add_argument("--duration", type=float, default=None, help="seconds (default 5)")
        parser.add_argument("--backend", default="redis", choices=sorted(THROTTLE_BACKENDS))
        parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        from sandbox.counting import counting_server

        latency = options["latency"] / 1000
        requests = options.get("requests")
        duration = options.get("duration") or (None if requests else 5.0)
        seconds, limit = options["seconds"], options["limit"]
        with counting_server(latency) as server:
            counts = run_load(
                server,
                processes=options["processes"],
                threads=options["threads"],
                limit=limit,
                seconds=seconds,
                connections=options["connections"],
                duration=duration,
                requests=requests,
                backend=options["backend"],
                redis_url=options["redis_url"],
            )
            starts = sorted(server.starts)
            max_in_window = server.max_in_window(seconds)
            max_in_flight = server.max_in_flight
        ceiling = min(limit / seconds, options["connections"] / latency if latency else 1e12)
        if duration and starts:
            # Starts inside the run's first `duration` seconds: a whole number of windows
            # when duration is a multiple of Seconds, so the ceiling is exact.
            measured = sum(1 for t in starts if t < starts[0] + duration)
            rate = measured / duration
        else:
            rate = len(starts) / counts["elapsed_s"]
        return {
            "benchmark": "throttle",
            "backend": options["backend"],
            "processes": options["processes"],
            "threads": options["threads"],
            "requests": len(starts),
            "errors": counts["errors"],
            "elapsed_s": round(counts["elapsed_s"], 3),
            "rate_per_s": round(rate, 2),
            "ceiling_per_s": round(ceiling, 2),
            "ratio": round(rate / ceiling, 4),
            "max_in_window": max_in_window,
            "limit": limit,
            "seconds": seconds,
            "max_in_flight": max_in_flight,
            "connections": options["connections"],
            "latency_ms": options["latency"],
        }


# --- the connectors' push and pull benchmarks ------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """One timed phase: what the work returned, the HTTP calls it made, its wall time."""

    result: Any
    requests: int
    seconds: float


@dataclass(frozen=True)
class PushAndPull:
    first_push: Phase  # result: the PushOutcome of each document
    repeat_push: Phase  # result: the PushOutcome of each document, remote ids known
    pull: Phase  # result: every pulled document, in page order


def push_and_pull(
    calls: MemoryCallRecorder,
    push: PushAdapter,
    documents: Sequence[dict[str, Any]],
    pull: PullAdapter,
    seed_orders: Callable[[datetime], None],
) -> PushAndPull:
    """The three phases both connectors measure against their sandbox, timed the same way:
    push ``documents`` none known; push them again with the remote ids they got; then call
    ``seed_orders(moment)`` (untimed) and pull one window around that moment to its end.
    Each phase counts only its own calls on ``calls``."""

    def timed(work: Callable[[], Any]) -> Phase:
        calls.records.clear()
        started = time.perf_counter()
        result = work()
        return Phase(result, len(calls.records), time.perf_counter() - started)

    first = timed(lambda: [push.push(d, None) for d in documents])
    refs = [ExternalRef(o.remote_id, o.remote_version) for o in first.result]
    repeat = timed(lambda: [push.push(d, r) for d, r in zip(documents, refs, strict=True)])
    # A day ahead, so the window holds the seeded orders and nothing the sandbox seeded itself.
    moment = datetime.now(UTC) + timedelta(days=1)
    seed_orders(moment)
    window = PullWindow(moment - timedelta(seconds=1), moment + timedelta(seconds=1))

    def pull_window() -> list[dict[str, Any]]:
        pulled: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = pull.pull_page(window, cursor)
            pulled += page.documents
            cursor = page.cursor
            if cursor is None:
                return pulled

    return PushAndPull(first, repeat, timed(pull_window))


# --- the registry ---------------------------------------------------------------------------

OWN_BENCHMARKS: dict[str, type] = {"throttle": ThrottleBenchmark}
# Read on first use, not at import: those modules import push_and_pull from here.
CONNECTOR_BENCHMARK_MODULES = (
    "connectors.commercetools.benchmarks",
    "connectors.orocommerce.benchmarks",
)


def all_benchmarks() -> dict[str, type]:
    """Every benchmark of the connectors package, by name."""
    found = dict(OWN_BENCHMARKS)
    for module_name in CONNECTOR_BENCHMARK_MODULES:
        found |= importlib.import_module(module_name).BENCHMARKS
    return found


def __getattr__(name: str) -> Any:
    # ``BENCHMARKS`` (what ``manage.py benchmark`` reads) without the import cycle.
    if name == "BENCHMARKS":
        return all_benchmarks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    benchmarks = all_benchmarks()
    parser = argparse.ArgumentParser(prog="python -m connectors.benchmarks")
    parser.add_argument("name", choices=sorted(benchmarks))
    bench = benchmarks["throttle"]()
    bench.add_arguments(parser)
    options = vars(parser.parse_args(argv))
    print(json.dumps(benchmarks[options.pop("name")]().run(options)))


if __name__ == "__main__":
    main()
