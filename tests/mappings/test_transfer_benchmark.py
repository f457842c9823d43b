"""``benchmark transfers`` runs end to end (tiny sizes) and prints its figures last."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_the_transfers_benchmark_prints_its_figures_as_the_last_line(tmp_path):
    env = dict(os.environ)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    else:  # its throwaway database is named after this one: never the test run's own
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database.get('HOST') or '127.0.0.1'}:"
            f"{database.get('PORT') or 5432}/bench{os.getpid()}"
        )
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "transfers", "--records", "30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for direction in ("push", "pull"):
        assert figures[direction]["state"] == "succeeded", figures
        assert figures[direction]["done"] == 30
        assert figures[direction]["worker_cpu_ms_per_record"] > 0
    assert figures["push"]["calls_per_record"] == 1.0
    assert figures["pull"]["calls_per_record"] < 0.1  # one page of 500 holds them all
