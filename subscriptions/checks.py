"""System checks: refuse to run with keys that cannot work (anchors.md pitfall 8)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from subscriptions import crypto


@register(Tags.security)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        crypto.keyring()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="subscriptions.E001")]
    return []


@register(Tags.database)
def check_keys_open_stored_secrets(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A canary: the newest stored secret must decrypt with the configured keys."""
    from subscriptions.models import Credential

    try:
        crypto.keyring()
        newest = Credential.objects.order_by("-updated_at").values_list("value", flat=True)[:1]
        list(newest)
    except (ImproperlyConfigured, DatabaseError):
        return []  # reported by E001, or no tables yet
    except crypto.DecryptionFailed as exc:
        return [Error(str(exc), id="subscriptions.E002")]
    return []
