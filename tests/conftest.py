"""Shared fixtures. Tests never resolve DNS (these machines have no internet)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _offline_settings(settings):
    settings.SETTINGS_RESOLVE_HOSTS = False
    settings.PORTAL_PUBLIC_URL = "http://127.0.0.1:8000"
    settings.OUTBOUND_ALLOWED_HOSTS = []
