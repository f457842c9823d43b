"""``python manage.py benchmark mapping``: render generated products through the default
OroCommerce product collection and report the CPU time per record.

The plan is compiled once (as a transfer does) and every record is rendered and validated
against the connector's document schema. No database, no store.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from typing import Any

from connectors.registry import get_connector
from mappings.defaults import load_defaults
from mappings.engine import compile_collection
from mappings.schemas import target_schema
from mappings.transfer_benchmark import TransfersBenchmark

CATEGORIES = ("Chairs", "Desks", "Lamps", "Storage")
BRANDS = ("Acme", "Globex", "Initech")


def product(index: int, rng: random.Random) -> dict[str, Any]:
    """A hub product with most fields filled; every tenth is a kit, every seventh
    configurable, so lists and nested paths are exercised."""
    sku = f"sku-{index:06d}"
    data: dict[str, Any] = {
        "sku": f" {sku} ",
        "type": "simple",
        "names": {"en": f"Product {index}", "de": f"Produkt {index}"},
        "descriptions": {"en": f"A fine product, number {index}."},
        "status": "enabled" if index % 5 else "disabled",
        "primary_unit": {"code": "item", "precision": 0},
        "units": [{"code": "set", "precision": 0, "conversion_rate": "10", "sell": True}],
        "category": rng.choice(CATEGORIES),
        "brand": rng.choice(BRANDS),
        "tax_code": "taxable_items",
        "weight": {"value": f"{rng.randint(1, 5000) / 100:.2f}", "unit": "kg"},
        "dimensions": {"length": "10.5", "width": "20", "height": "30.25", "unit": "cm"},
        "inventory_status": "in_stock",
        "attribute_family": "default_family",
        "attributes": {
            "featured": "yes" if index % 3 == 0 else "no",
            "available_from": "2024-05-01",
        },
    }
    if index % 10 == 0:
        data["type"] = "kit"
        data["kit_items"] = [
            {"label": "Base", "optional": False, "sort_order": 1, "minimum_quantity": "1",
             "maximum_quantity": "2", "unit": "item", "products": ["SKU-A", "SKU-B"]},
        ]  # fmt: skip
    elif index % 7 == 0:
        data["type"] = "configurable"
        data["variant_fields"] = ["color"]
        data["variants"] = [f"{sku}-red", f"{sku}-blue"]
    return data


class MappingBenchmark:
    help = "Render N products through the default OroCommerce product collection."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--records", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=6)

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        connector = get_connector("orocommerce")
        default = next(
            d for d in load_defaults(connector) if (d.entity, d.direction) == ("product", "push")
        )
        rng = random.Random(options["seed"])  # noqa: S311  (test data, not secrets)
        records = [product(i, rng) for i in range(options["records"])]
        started = time.process_time()
        plan = compile_collection(default.fields, target_schema("orocommerce", "product", "push"))
        errors = 0
        for record in records:
            errors += len(plan.render(record).errors)
        cpu = time.process_time() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # ru_maxrss is kilobytes on Linux and bytes on macOS.
        peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
        return {
            "benchmark": "mapping",
            "records": len(records),
            "field_mappings": len(default.fields),
            "ms_per_record": round(cpu * 1000 / max(len(records), 1), 4),
            "peak_rss_mb": round(peak_mb, 1),
            "errors": errors,
        }


BENCHMARKS = {"mapping": MappingBenchmark, "transfers": TransfersBenchmark}
