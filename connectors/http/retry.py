"""When to try a call again, and how long to wait first."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Answers that mean "the store is overloaded": they pause the whole subscription.
OVERLOAD_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded in attempts and in-process sleep.

    ``max_sleep`` is the longest a worker waits in-process: a longer Retry-After raises
    ``RequeueLater`` so the task goes back on the queue instead (DECISIONS.md: about 30 s).
    """

    max_attempts: int = 5
    backoff_base: float = 0.5
    backoff_cap: float = 20.0
    jitter: bool = True
    max_sleep: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def may_retry(self, method: str, safe_to_retry: bool | None) -> bool:
        """PATCH is retried like PUT: the connectors send full-value patches only."""
        if safe_to_retry is not None:
            return safe_to_retry
        return method.upper() in IDEMPOTENT_METHODS

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        if not self.jitter:
            return ceiling
        return (rng or random).uniform(0, ceiling)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date.

    Returns None when absent or unreadable (the caller then uses its own backoff).
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
