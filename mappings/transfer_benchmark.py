"""``python manage.py benchmark transfers``: the portal's own cost of moving records.

It pushes N hub products through the OroCommerce default product collection and pulls N orders
(five lines each) into the hub, with a real django-q2 cluster (forked from this process, the
configured broker) doing the work, against a local stub store with a fixed latency. The stub
adapter makes one throttled call per pushed record and one per page of 500 pulled orders
through the subscription's own ``ConnectorSession`` (Limit 500 per 1 second, as DECISIONS.md
asks of benchmarks), so what is measured is what the portal controls: store calls per record,
the workers' CPU per record, records per second and a worker's peak memory.

Everything happens in a throwaway database (Django's test-database machinery: a new SQLite
file or PostgreSQL database, migrated, dropped at the end) and under a cluster name of its own,
so a portal running beside it never sees the benchmark's records or tasks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from connectors.adapters import PullPage, PushOutcome

PAGE_SIZE = 500


class _Store(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, latency: float, orders: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency = latency
        self.orders = orders
        self.calls = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _order(n: int) -> dict[str, Any]:
    lines = [
        {"sku": f"BENCH-{(n * 5 + i) % 997}", "quantity": "2", "unit": "item", "price": "9.50"}
        for i in range(5)
    ]
    return {
        "id": str(n),
        "number": f"SO-{n:06}",
        "currency": "USD",
        "status": "open",
        "lines": lines,
        "total": "95.00",
        "created_at": "2026-11-19T08:00:00Z",
        "updated_at": "2026-11-20T10:00:00Z",
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Store
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else Nagle + delayed ACK add ~40 ms per answer

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, body: Any) -> None:
        time.sleep(self.server.latency)
        with self.server.lock:
            self.server.calls += 1
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer({"id": uuid.uuid4().hex[:12]})

    def do_GET(self) -> None:
        after = int(self.path.rsplit("after=", 1)[-1])
        last = min(after + PAGE_SIZE, self.server.orders)
        self._answer({"data": [_order(n) for n in range(after + 1, last + 1)]})


class _StubAdapter:
    """One call per pushed record; one call per page of pulled orders."""

    def __init__(self, session: Any, url: str) -> None:
        self.session = session
        self.url = url

    def push(self, document: dict[str, Any], known: Any) -> PushOutcome:
        response = self.session.request(
            "POST", f"{self.url}/products", json=document, safe_to_retry=True
        )
        return PushOutcome("updated" if known else "created", response.json()["id"])

    def pull_page(self, window: Any, cursor: dict[str, Any] | None) -> PullPage:
        after = (cursor or {}).get("after", 0)
        data = self.session.get_json(f"{self.url}/orders?after={after}")["data"]
        return PullPage(data, {"after": after + len(data)} if len(data) == PAGE_SIZE else None)


def _children_usage() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class TransfersBenchmark:
    help = (
        "Push N products and pull N orders through a real django-q2 cluster against a local "
        "stub store; reports records per second, store calls and worker CPU per record."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--records", type=int, default=10_000, help="products and orders")
        parser.add_argument("--latency", type=float, default=2.0, help="stub latency, ms")
        parser.add_argument("--workers", type=int, default=2, help="django-q2 workers")
        parser.add_argument("--keep-db", action="store_true", help="do not drop the database")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        from django.db import connections

        default = connections["default"]
        original = default.settings_dict["NAME"]
        test_settings = default.settings_dict.setdefault("TEST", {})
        if default.vendor == "sqlite":
            throwaway = str(Path(original).with_name(f"benchmark_{os.getpid()}.sqlite3"))
        else:
            throwaway = f"{original}_benchmark_{os.getpid()}"
        test_settings["NAME"] = throwaway  # never the name a test run may be using
        name = default.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        connections["coordination"].settings_dict["NAME"] = name
        connections["coordination"].close()
        try:
            return self._run(options)
        finally:
            connections["coordination"].close()
            if not options.get("keep_db"):
                default.creation.destroy_test_db(original, verbosity=0)
            connections["coordination"].settings_dict["NAME"] = original

    def _run(self, options: dict[str, Any]) -> dict[str, Any]:
        from django_q.brokers import get_broker
        from django_q.cluster import Cluster
        from django_q.conf import Conf

        from hub import services as hub
        from mappings import runner
        from mappings.defaults import create_default_mappings
        from mappings.engine import FIELD
        from mappings.models import FieldMapping, MappingCollection
        from mappings.transfer_models import Transfer
        from subscriptions.models import Subscription
        from subscriptions.runtime import connector_session

        records, workers = options["records"], options["workers"]
        subscription = Subscription.objects.create(
            connector="orocommerce",
            name=f"Benchmark {uuid.uuid4().hex[:8]}",
            version="1.0",
            settings={"api_url": "http://127.0.0.1", "admin_base_path": "admin"},
            throttle_limit=500,
            throttle_seconds=1,
            concurrent_connections=5,
            concurrent_batch_executions=5,
        )
        hub.upsert_many("product", (_product(n) for n in range(records)))
        create_default_mappings(subscription)
        push = MappingCollection.objects.get(
            subscription=subscription, entity="product", direction="push"
        )
        MappingCollection.objects.filter(subscription=subscription).exclude(pk=push.pk).delete()
        pull = MappingCollection.objects.create(
            subscription=subscription, name="Orders (benchmark)", entity="order", direction="pull"
        )
        for target, source in (
            ("number", "number"),
            ("currency", "currency"),
            ("status", "status"),
            ("lines", "lines"),
            ("total", "total"),
            ("created_at", "created_at"),
            ("updated_at", "updated_at"),
        ):
            FieldMapping.objects.create(
                collection=pull, target_field=target, source_kind=FIELD, source_path=source
            )
        Transfer.objects.all().delete()  # record-change transfers of the generated products

        store = _Store(options["latency"] / 1000, records)
        threading.Thread(target=store.serve_forever, daemon=True).start()

        def adapter(subscription: Any, entity: str, direction: str, *, recorder: Any) -> Any:
            session = connector_session(
                subscription, recorder=recorder, allowed_hosts=("127.0.0.1",)
            )
            return _StubAdapter(session, store.url)

        runner.build_adapter = adapter  # the forked workers inherit it
        Conf.PREFIX = Conf.CLUSTER_NAME = f"switchboard-benchmark-{uuid.uuid4().hex[:8]}"
        Conf.WORKERS = workers
        results: dict[str, Any] = {"benchmark": "transfers", "records": records}
        try:
            for direction, collection in (("push", push), ("pull", pull)):
                results[direction] = self._measure(store, collection, Cluster, get_broker)
        finally:
            store.shutdown()
        results["workers"] = workers
        results["latency_ms"] = options["latency"]
        return results

    @staticmethod
    def _measure(store: _Store, collection: Any, cluster_class: Any, get_broker: Any) -> dict:
        """One direction on a fresh cluster: the workers' CPU is known once they have exited."""
        from django.db import connections

        from mappings import transfers
        from mappings.transfer_models import Transfer

        for connection in connections.all():
            connection.close()  # forked children must open their own
        calls_before, cpu_before = store.calls, _children_usage()[0]
        cluster = cluster_class(get_broker())
        cluster.start()
        started = time.monotonic()
        try:
            transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
            while True:
                time.sleep(0.2)
                transfer.refresh_from_db()
                if transfer.finished:
                    break
            elapsed = time.monotonic() - started
        finally:
            cluster.stop()
        cpu_after, peak_rss = _children_usage()
        done = max(transfer.done, 1)
        return {
            "state": transfer.state,
            "done": transfer.done,
            "failed": transfer.failed,
            "seconds": round(elapsed, 2),
            "records_per_s": round(transfer.done / elapsed, 1),
            "calls_per_record": round((store.calls - calls_before) / done, 4),
            "worker_cpu_ms_per_record": round((cpu_after - cpu_before) * 1000 / done, 3),
            "worker_peak_rss_mb": round(peak_rss, 1),
        }


def _product(n: int) -> dict[str, Any]:
    return {
        "sku": f"BENCH-{n:06}",
        "type": "simple",
        "names": {"en": f"Benchmark product {n}", "de": f"Benchmark-Produkt {n}"},
        "status": "enabled",
        "primary_unit": {"code": "item", "precision": 0},
        "category": "Benchmarks",
        "brand": "Switchboard",
        "tax_code": "TAX1",
        "weight": {"value": "1.250", "unit": "kg"},
        "attributes": {"color": "blue", "size": "M"},
    }


BENCHMARKS = {"transfers": TransfersBenchmark}
