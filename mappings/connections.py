"""From a subscription and a mapping collection to a working connector adapter.

Each connector folder exposes the same two things, so this module needs no change for a third
connector: ``client.build_client(session, settings)`` and ``adapters.ADAPTERS``, keyed by
(entity, direction).
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from connectors.adapters import AdapterContext, MemoryLookupCache
from connectors.http.calls import MemoryCallRecorder
from subscriptions.models import Subscription
from subscriptions.runtime import authorized_session

_caches: dict[int, MemoryLookupCache] = {}
_caches_lock = threading.Lock()


class NoAdapter(LookupError):
    pass


def lookup_cache(subscription_id: int) -> MemoryLookupCache:
    """The per-subscription cache of natural key -> remote id lookups, shared by the transfers
    that one worker process runs (five minutes' expiry)."""
    with _caches_lock:
        cache = _caches.get(subscription_id)
        if cache is None:
            cache = _caches[subscription_id] = MemoryLookupCache()
        return cache


class CallCollector(MemoryCallRecorder):
    """The recorder of one transfer: the runner drains it after each record, and the calls go
    on that record's transfer log line."""

    def drain_entries(self) -> list[dict[str, Any]]:
        return [record.as_log_entry() for record in self.drain()]


def adapter_class(connector: str, entity: str, direction: str) -> type:
    try:
        adapters = importlib.import_module(f"connectors.{connector}.adapters").ADAPTERS
    except (ImportError, AttributeError):
        raise NoAdapter(f"The {connector} connector has no entity adapters.") from None
    try:
        return adapters[(entity, direction)]
    except KeyError:
        raise NoAdapter(
            f"The {connector} connector cannot {direction} {entity.replace('_', ' ')} records."
        ) from None


def build_adapter(
    subscription: Subscription, entity: str, direction: str, *, recorder: CallCollector
) -> Any:
    """The adapter for one transfer, on the subscription's authorized, throttled session."""
    cls = adapter_class(subscription.connector, entity, direction)
    client_module = importlib.import_module(f"connectors.{subscription.connector}.client")
    session = authorized_session(subscription, recorder=recorder)
    client = client_module.build_client(session, subscription.settings)
    context = AdapterContext(
        client=client, settings=subscription.settings, lookups=lookup_cache(subscription.pk)
    )
    return cls(context)
