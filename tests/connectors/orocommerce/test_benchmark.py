"""``benchmark orocommerce`` at a small size: the figures are call counts, not timings."""

from __future__ import annotations

from connectors.benchmarks import BENCHMARKS


def test_the_benchmark_reports_calls_per_product_and_per_order():
    figures = BENCHMARKS["orocommerce"]().run({"products": 5, "orders": 20})
    assert (figures["products"], figures["orders"], figures["order_lines"]) == (5, 20, 100)
    assert figures["calls_per_product_repeat"] == 1.0 and figures["unchanged_on_repeat"] == 5
    # find by SKU + create each, plus family, category, brand, tax code and two units once,
    # and localizations, weight unit, length unit, freight classes, product fields once.
    assert figures["calls_per_product_first"] == (5 * 2 + 6 + 5) / 5
    assert figures["calls_per_order"] == 1 / 20  # one page brings all 20 with their lines
