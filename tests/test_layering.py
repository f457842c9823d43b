"""The dependency rules of DESIGN.md, held by a test rather than by review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"portal", "connectors", "subscriptions", "hub", "mappings", "sandbox"}

# package -> top-level imports it must never make
FORBIDDEN = {
    "connectors": {"django", "portal", "subscriptions", "hub", "mappings", "sandbox"},
    "hub": {"mappings", "subscriptions", "portal"},
    "subscriptions": {"mappings", "portal"},
    "sandbox": OURS - {"sandbox"} | {"django"},
}

# Benchmarks measure the connectors against the local emulators and counting server, so a
# connector's ``benchmarks.py`` may import ``sandbox``; nothing the workers run ever does.
ALLOWED_IN_BENCHMARKS = {"connectors": {"sandbox"}}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_its_import_rules(package):
    offenders = {}
    for path in (ROOT / package).rglob("*.py"):
        forbidden = FORBIDDEN[package]
        if path.name == "benchmarks.py":
            forbidden = forbidden - ALLOWED_IN_BENCHMARKS.get(package, set())
        offenders[str(path.relative_to(ROOT))] = sorted(imported_roots(path) & forbidden)
    assert {path: bad for path, bad in offenders.items() if bad} == {}
