"""``manage.py benchmark NAME [options]``: dispatches to the ``benchmarks.py`` of each app.

A benchmark class has ``help``, ``add_arguments(parser)`` and ``run(options) -> dict``; the
returned figures are printed last, as one JSON object.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

BENCHMARK_MODULES = (
    "connectors.benchmarks",
    "subscriptions.benchmarks",
    "hub.benchmarks",
    "mappings.benchmarks",
)


def available() -> dict[str, type]:
    found: dict[str, type] = {}
    for module_name in BENCHMARK_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        found.update(getattr(module, "BENCHMARKS", {}))
    return found


class Command(BaseCommand):
    help = "Run a benchmark; the last line printed is one JSON object of figures."

    def run_from_argv(self, argv: list[str]) -> None:
        # The benchmark's own options depend on its name, so parse in two steps.
        benchmarks = available()
        if len(argv) < 3 or argv[2] in ("-h", "--help"):
            self.stdout.write("Benchmarks: " + ", ".join(sorted(benchmarks)))
            return
        name = argv[2]
        if name not in benchmarks:
            raise CommandError(f"Unknown benchmark {name!r}; choose from {sorted(benchmarks)}.")
        bench = benchmarks[name]()
        parser = self.create_parser(argv[0], f"benchmark {name}")
        bench.add_arguments(parser)
        options = vars(parser.parse_args(argv[3:]))
        figures = bench.run(options)
        sys.stdout.write(json.dumps(figures, sort_keys=True) + "\n")

    def handle(self, *args: Any, **options: Any) -> None:  # pragma: no cover - run_from_argv
        raise CommandError("Usage: manage.py benchmark NAME [options]")
