"""``benchmark commercetools`` reports calls per record for each phase (small run)."""

from __future__ import annotations

from connectors.benchmarks import BENCHMARKS
from connectors.commercetools.benchmarks import CommercetoolsBenchmark


def test_the_benchmark_is_registered_and_reports_each_phase():
    assert BENCHMARKS["commercetools"] is CommercetoolsBenchmark
    result = CommercetoolsBenchmark().run({"products": 3, "orders": 600})
    assert result["first_push"]["records"] == 3
    # find by key, find by SKU, create; product type, category and customer group are looked
    # up once and cached (3 calls).
    assert result["first_push"]["requests"] == 3 * 3 + 3
    assert result["repeat_push"]["requests_per_record"] == 1.0  # one read, no write
    assert result["repeat_push"]["unchanged"] == 3
    assert result["order_pull"]["records"] == 600 and result["order_pull"]["requests"] == 2
    assert result["order_pull"]["missed_or_doubled"] == 0
