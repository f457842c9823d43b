"""The database side of ``connectors.http.calls.CallCounters``: counts per subscription and hour.

A call should not cost a second database write, so increments are summed in memory and added
to the hour's row in one statement (``INSERT ... ON CONFLICT DO UPDATE``, the same SQL on
PostgreSQL and SQLite) at most every ``flush_every`` seconds and when the worker asks
(``flush()``, at the end of a transfer run). Counters are for people reading the admin,
not for the throttle: losing the last few seconds of a killed worker's counts is acceptable.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.db import DatabaseError, connections
from django.db.models import Sum

from subscriptions.counter_models import CallCounter
from subscriptions.throttle import COORDINATION, sqlite_writer_busy

logger = logging.getLogger(__name__)

KEY_PREFIX = "subscription:"
FIELDS = ("calls", "errors", "throttled")


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


class DatabaseCallCounters:
    def __init__(self, *, flush_every: float = 5.0, using: str = COORDINATION) -> None:
        self.flush_every = flush_every
        self.using = using
        self._lock = threading.Lock()
        self._pending: dict[tuple[int, datetime], Counter[str]] = {}
        self._last_flush = time.monotonic()

    def incr(
        self, subscription: str, *, calls: int = 0, errors: int = 0, throttled: int = 0
    ) -> None:
        pk = subscription_pk(subscription)
        if pk is None:
            return
        with self._lock:
            counts = self._pending.setdefault((pk, _hour(datetime.now(UTC))), Counter())
            counts.update(calls=calls, errors=errors, throttled=throttled)
            due = time.monotonic() - self._last_flush >= self.flush_every
        if due:
            self.flush()

    def flush(self) -> None:
        if sqlite_writer_busy(self.using):
            # On SQLite this thread may itself hold the write lock (a token refresh in
            # progress): writing through the other connection would wait for ourselves.
            return
        with self._lock:
            pending, self._pending = self._pending, {}
            self._last_flush = time.monotonic()
        if not pending:
            return
        table = CallCounter._meta.db_table
        sql = (
            f"INSERT INTO {table} (subscription_id, hour, calls, errors, throttled) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (subscription_id, hour) DO UPDATE SET "
            + ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in FIELDS)
        )
        rows = [(pk, hour, *(counts[f] for f in FIELDS)) for (pk, hour), counts in pending.items()]
        failed = 0
        try:
            with connections[self.using].cursor() as cursor:
                for row in rows:  # one statement per row: a deleted subscription fails alone
                    try:
                        cursor.execute(sql, row)
                    except DatabaseError:
                        failed += 1
        except Exception:  # counting must never break the call that is being counted
            logger.warning("Could not save the call counters", exc_info=True)
            return
        if failed:
            # A deleted subscription (foreign key) or a database hiccup: counters are advisory.
            logger.warning("Could not save the call counters of %d subscriptions", failed)


def subscription_pk(key: str) -> int | None:
    if not key.startswith(KEY_PREFIX):
        return None
    try:
        return int(key[len(KEY_PREFIX) :])
    except ValueError:
        return None


def recent_usage(subscription_id: int, *, hours: int = 24) -> dict[str, int]:
    """Calls, errors and throttled waits of the last ``hours`` hours (the admin shows them)."""
    since = _hour(datetime.now(UTC)) - timedelta(hours=hours - 1)
    totals = CallCounter.objects.filter(subscription_id=subscription_id, hour__gte=since).aggregate(
        **{f: Sum(f) for f in FIELDS}
    )
    return {f: int(totals[f] or 0) for f in FIELDS}


_shared: DatabaseCallCounters | None = None
_shared_lock = threading.Lock()


def shared_counters() -> DatabaseCallCounters:
    """The process's counters. Not flushed at exit: the database may be gone by then, and
    losing a few seconds of counts is acceptable; transfers flush at the end of each run."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = DatabaseCallCounters()
        return _shared
