"""`python manage.py benchmark hub_upsert [--records N]`: bulk upsert speed.

Upserts N products with `upsert_many` three times (all new, all unchanged, all changed) inside
one transaction that is rolled back at the end, so the database is left as it was.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from typing import Any

from django.db import transaction

from hub.services import upsert_many


def _products(count: int, brand: str) -> list[dict[str, Any]]:
    return [
        {
            "sku": f"BENCH-{i:06d}",
            "names": {"en": f"Benchmark product {i}", "de": f"Testprodukt {i}"},
            "primary_unit": {"code": "item", "precision": 0},
            "units": [{"code": "set", "precision": 0, "conversion_rate": "6"}],
            "category": "Benchmarks",
            "brand": brand,
            "weight": {"value": "1.25", "unit": "kg"},
            "attributes": {"color": "black", "sizes": ["S", "M", "L"]},
        }
        for i in range(count)
    ]


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


class Rollback(Exception):
    """Raised to leave the benchmark's transaction without keeping its rows."""


class HubUpsertBenchmark:
    help = "Bulk-upsert N products three times (new, unchanged, changed); ms per record each."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--records", type=int, default=5000)

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        count = options["records"]
        figures: dict[str, Any] = {"benchmark": "hub_upsert", "records": count}
        try:
            with transaction.atomic():
                for label, brand in (("create", "A"), ("unchanged", "A"), ("change", "B")):
                    rows = _products(count, brand)
                    started = time.perf_counter()
                    results = upsert_many("product", rows)
                    elapsed = time.perf_counter() - started
                    assert all(r.ok for r in results)
                    figures[f"{label}_ms_per_record"] = round(elapsed * 1000 / max(count, 1), 4)
                raise Rollback
        except Rollback:
            pass
        figures["peak_rss_mb"] = _peak_rss_mb()
        return figures


BENCHMARKS = {"hub_upsert": HubUpsertBenchmark}
