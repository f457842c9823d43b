"""The throttle benchmark keeps the interface ``manage.py benchmark`` dispatches to."""

from __future__ import annotations

import argparse

import pytest

from connectors.benchmarks import BENCHMARKS
from tests.connectors.http.conftest import REDIS_URL, redis_or_skip


def test_benchmark_declares_its_options():
    bench = BENCHMARKS["throttle"]()
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    options = vars(parser.parse_args(["--processes", "2", "--limit", "50", "--latency", "5"]))
    assert options["processes"] == 2 and options["limit"] == 50 and options["latency"] == 5.0
    assert {"seconds", "connections", "requests", "duration", "backend"} <= set(options)
    assert bench.help


@pytest.mark.slow
def test_benchmark_run_reports_its_figures():
    redis_or_skip()
    bench = BENCHMARKS["throttle"]()
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    args = ["--processes", "2", "--limit", "20", "--requests", "30", "--redis-url", REDIS_URL]
    result = bench.run(vars(parser.parse_args(args)))
    assert result["requests"] == 30 and result["errors"] == 0
    assert result["max_in_window"] <= result["limit"] == 20
    assert result["max_in_flight"] <= result["connections"]
    for key in ("ratio", "elapsed_s", "ceiling_per_s"):
        assert result[key] > 0


def test_counting_server_counts_the_busiest_window():
    from sandbox.counting import CountingServer

    server = CountingServer()
    try:
        server.starts.extend([0.0, 0.5, 0.99, 1.0, 1.5, 1.6])
        assert server.max_in_window(1) == 4  # 0.99, 1.0, 1.5, 1.6 lie within [0.99, 1.99)
        assert server.max_in_window(0.1) == 2
    finally:
        server.server_close()
