"""The hub_upsert benchmark runs and leaves the database as it was."""

from __future__ import annotations

import pytest

from hub.benchmarks import BENCHMARKS
from hub.models import Record

pytestmark = pytest.mark.django_db


def test_the_upsert_benchmark_reports_figures_and_keeps_no_rows():
    figures = BENCHMARKS["hub_upsert"]().run({"records": 20})
    assert figures["records"] == 20
    assert {"create_ms_per_record", "unchanged_ms_per_record", "change_ms_per_record"} <= set(
        figures
    )
    assert figures["peak_rss_mb"] > 0
    assert not Record.objects.exists()
