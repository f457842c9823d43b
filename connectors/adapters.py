"""The contract between the transfer runner and a connector's entity adapters.

No Django here. A connector's ``adapters/`` package holds one module per hub entity and exposes
``ADAPTERS: dict[tuple[entity, direction], type]``; the runner (``mappings``) builds one adapter
per transfer with an ``AdapterContext`` and calls it record by record (push) or page by page
(pull). Like the Singer SDK's streams and Airbyte's CDK, the adapter owns the wire format and
the cursor; the runner owns what is stored (external ids, watermarks, logs).

Rules every adapter keeps:

- A push takes the rendered document (already validated against the connector's document
  schema) and the ``ExternalRef`` the hub remembers, if any. A known ref means update; no ref
  means find by natural key first, then create, so a re-run never duplicates a remote object.
- A push whose remote record already equals the document sends no write and answers
  ``unchanged``.
- Relationships arrive as natural keys (unit code, category title, group name, country code);
  the adapter resolves them through ``context.lookups``, a per-subscription cache with expiry,
  so a batch of 1,000 products in one category resolves the category once.
- Errors are the typed ``connectors.http.errors`` classes, with hints; a missing referenced
  record that a setting forbids creating (Auto Create Product / Customer Group = No) is a
  ``RecordRejected`` naming the key and the setting.
- A pull never pages by offset over a moving set (DECISIONS.md "Pull: cursor and watermark"):
  it pages by id inside a fixed window ``[since, until)`` and returns the position to resume
  from after each page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from connectors.http.errors import ConnectorError, ErrorClass

PushAction = Literal["created", "updated", "unchanged", "deleted"]


class RecordRejected(ConnectorError):
    """The record cannot be sent as it is; retrying without a change will fail the same way."""

    code = "record_rejected"
    error_class: ErrorClass = "data"


@dataclass(frozen=True)
class ExternalRef:
    """What the hub remembers about a record in one store."""

    remote_id: str
    remote_version: str = ""


@dataclass(frozen=True)
class PushOutcome:
    action: PushAction
    remote_id: str
    remote_version: str = ""
    # Plain-words notes for the transfer log (a created category, a skipped optional field).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PullWindow:
    """``[since, until)`` in the store's clock, fixed for the whole run of one window."""

    since: datetime
    until: datetime


@dataclass(frozen=True)
class PullPage:
    """One page of remote documents, in the shape the pull mapping reads.

    ``cursor`` is the position to resume from (JSON-serialisable, owned by the adapter);
    None means the window is finished.
    """

    documents: list[dict[str, Any]]
    cursor: dict[str, Any] | None
    calls: int = 0


class LookupCache(Protocol):
    """A per-subscription cache of natural key -> remote id lookups."""

    def get(self, key: str) -> Any | None: ...

    def set(self, key: str, value: Any) -> None: ...


class MemoryLookupCache:
    """Thread-safe in-process ``LookupCache`` with expiry (default five minutes)."""

    def __init__(self, ttl: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._items: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires <= self._clock():
                del self._items[key]
                return None
            return value

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = (self._clock() + self.ttl, value)

    def cached(self, key: str, load: Callable[[], Any]) -> Any:
        """The cached value, or ``load()`` stored when it is not None."""
        value = self.get(key)
        if value is None:
            value = load()
            if value is not None:
                self.set(key, value)
        return value


@dataclass
class AdapterContext:
    """What one adapter needs for one transfer.

    ``client`` is the connector's client (built on an ``AuthorizedSession``), ``settings`` the
    subscription's cleaned non-secret settings, ``lookups`` the per-subscription cache.
    """

    client: Any
    settings: Mapping[str, Any]
    lookups: MemoryLookupCache = field(default_factory=MemoryLookupCache)


class PushAdapter(Protocol):
    entity: str

    def __init__(self, context: AdapterContext) -> None: ...

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome: ...


class PullAdapter(Protocol):
    entity: str

    def __init__(self, context: AdapterContext) -> None: ...

    def pull_page(self, window: PullWindow, cursor: Mapping[str, Any] | None) -> PullPage: ...
