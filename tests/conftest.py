"""Shared fixtures. Tests never resolve DNS (these machines have no internet)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _offline_settings(settings):
    settings.SETTINGS_RESOLVE_HOSTS = False
    settings.PORTAL_PUBLIC_URL = "http://127.0.0.1:8000"
    settings.OUTBOUND_ALLOWED_HOSTS = []


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request: pytest.FixtureRequest) -> None:
    """Suffix the test databases' names on xdist workers (as pytest-django does) and also when
    ``PYTEST_XDIST_WORKER`` is set by hand: several test runs against one PostgreSQL server
    (developers, agents, CI) then never share, or drop, each other's test database."""
    from pytest_django.fixtures import _set_suffix_to_test_databases

    suffix = getattr(request.config, "workerinput", {}).get("workerid") or os.environ.get(
        "PYTEST_XDIST_WORKER"
    )
    if suffix:
        _set_suffix_to_test_databases(suffix=suffix)
