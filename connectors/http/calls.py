"""Records of calls and per-subscription counters, behind small protocols.

The database side (``subscriptions``/``mappings``) implements them; the in-memory versions
serve unit tests and the benchmark.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class CallRecord:
    """One attempt of one HTTP call, already redacted and bounded in size."""

    subscription: str
    method: str
    url: str  # without secrets
    status: int | None  # None when no answer came (connection error, timeout, blocked)
    duration_ms: float
    attempt: int
    request_excerpt: str = ""
    response_excerpt: str = ""
    error: str = ""  # the error's code when the attempt failed
    throttle_wait_ms: float = 0.0


class CallRecorder(Protocol):
    def __call__(self, record: CallRecord) -> None: ...


class CallCounters(Protocol):
    """Per-subscription counters; implementations must be safe across threads/processes."""

    def incr(
        self, subscription: str, *, calls: int = 0, errors: int = 0, throttled: int = 0
    ) -> None: ...


@dataclass
class MemoryCallRecorder:
    records: list[CallRecord] = field(default_factory=list)

    def __call__(self, record: CallRecord) -> None:
        self.records.append(record)


class MemoryCounters:
    """Counts in a dict per subscription: ``counts["sub"]["calls"]``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[str, Counter[str]] = {}

    def incr(
        self, subscription: str, *, calls: int = 0, errors: int = 0, throttled: int = 0
    ) -> None:
        with self._lock:
            c = self.counts.setdefault(subscription, Counter())
            c["calls"] += calls
            c["errors"] += errors
            c["throttled"] += throttled
