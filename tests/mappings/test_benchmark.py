"""``manage.py benchmark mapping`` renders generated products through the default OroCommerce
product collection and prints its figures last, as one JSON object."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mappings.benchmarks import BENCHMARKS, product

ROOT = Path(__file__).resolve().parents[2]


def test_generated_products_are_valid_hub_products():
    import random

    from hub.entities import get_schema

    rng = random.Random(1)
    for index in (1, 7, 10):
        assert get_schema("product").validate(product(index, rng)) == []


def test_the_benchmark_reports_its_figures():
    figures = BENCHMARKS["mapping"]().run({"records": 30, "seed": 6})
    assert figures["records"] == 30
    assert figures["errors"] == 0
    assert figures["field_mappings"] >= 25
    assert figures["ms_per_record"] > 0
    assert figures["peak_rss_mb"] > 0


def test_the_command_prints_json_last():
    completed = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "mapping", "--records", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    assert figures["records"] == 20 and figures["errors"] == 0
    assert {"ms_per_record", "peak_rss_mb", "field_mappings"} <= set(figures)
