"""Records of calls and per-subscription counters, behind small protocols.

The database side (``subscriptions``/``mappings``) implements them; the in-memory versions
serve unit tests and the benchmark.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol


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

    def as_log_entry(self) -> dict[str, Any]:
        """The form a transfer log line keeps (JSON)."""
        return {
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "duration_ms": round(self.duration_ms, 1),
            "attempt": self.attempt,
            "error": self.error,
            "request": self.request_excerpt,
            "response": self.response_excerpt,
        }


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
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __call__(self, record: CallRecord) -> None:
        with self._lock:
            self.records.append(record)

    def drain(self) -> list[CallRecord]:
        """The calls recorded so far, removed (the runner empties it after each record)."""
        with self._lock:
            drained, self.records = self.records, []
        return drained


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
