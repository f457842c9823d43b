"""The throttle on the database: used when ``REDIS_URL`` is not set.

Same promises as the Redis backend (``connectors.http.throttle``), kept in three small tables
(``subscriptions.throttle_models``), always through the ``coordination`` connection, which
stays in autocommit: each primitive is one short transaction of its own, so no row lock is
held across a store call and every worker sees a change as soon as it returns.

* Request starts are a sliding log. A start is admitted with the key's row locked
  (PostgreSQL ``SELECT ... FOR UPDATE``; SQLite's IMMEDIATE transactions already admit one
  writer at a time), stamped with the database server's clock read after the lock, and rows
  older than the window are deleted then.
* Concurrency slots are lease rows with an expiry; expired ones stop counting.
* The pause is a column of the key's row.

Refusals are decided without the lock (a stale read can only refuse a start that a retry a
moment later admits), so waiting workers do not queue on the row lock of the ones admitted.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db import NotSupportedError, connections, transaction
from django.db.models import Expression, F, FloatField
from django.db.models.functions import Coalesce, Greatest

from connectors.http.redis_throttle import RedisThrottle
from connectors.http.throttle import Lease, ThrottleBackend
from subscriptions.throttle_sql import LEASE_FUNCTION, START_FUNCTION

COORDINATION = "coordination"

# The database clock in seconds since the epoch. PostgreSQL: clock_timestamp() moves during a
# transaction (now() would not). SQLite: julianday('now') has millisecond resolution.
_NOW_SQL = {
    "postgresql": "EXTRACT(EPOCH FROM clock_timestamp())::double precision",
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
}


def _now_sql(vendor: str) -> str:
    try:
        return _NOW_SQL[vendor]
    except KeyError:
        raise NotSupportedError(
            f"The database throttle supports PostgreSQL and SQLite, not {vendor}."
        ) from None


class DatabaseNow(Expression):
    """The database server's clock, in seconds since the epoch, inside a query."""

    output_field = FloatField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return _now_sql(connection.vendor), []


class DatabaseThrottle(ThrottleBackend):
    """The throttle shared by every process that reaches the same database.

    ``margin`` widens each window a little (as on Redis): the store sees our requests after a
    delay that varies, and the promise is about what the store sees. Admission through the
    database takes longer than through Redis, and on a loaded machine the gap between admission
    and arrival reached tens of milliseconds (a 1 s window once saw Limit + 1 at the server with
    20 ms), so the margin is 100 ms: it costs 10% of a 1 s window and nothing noticeable of 60 s.
    ``prefix`` keeps keys apart (benchmarks, tests).
    """

    def __init__(self, *, using: str = COORDINATION, margin: float = 0.1, prefix: str = ""):
        # Imported here, not at the top, so that spawned benchmark workers can import this
        # module (and call ``for_benchmark``) before Django is set up.
        from subscriptions.throttle_models import ThrottleKey, ThrottleLease, ThrottleStart

        self.using = using
        self.margin = margin
        self.prefix = prefix
        self._keys = ThrottleKey.objects
        self._starts = ThrottleStart.objects
        self._leases = ThrottleLease.objects
        self._key_model = ThrottleKey

    def __repr__(self) -> str:
        return f"DatabaseThrottle(using={self.using!r}, prefix={self.prefix!r})"

    # --- request starts ---------------------------------------------------------------------

    def try_start(self, key: str, limit: int, seconds: int) -> float:
        key = self.prefix + key
        window = seconds + self.margin
        using = self._alias()
        if connections[using].vendor == "postgresql":
            return float(self._call(using, START_FUNCTION, key, limit, window))
        hint = self._wait_hint(using, key, limit, window, self.now(using))
        if hint > 0:
            return hint
        with transaction.atomic(using=using):
            self._lock(using, key)
            now = self.now(using)  # read after the lock: stamps follow the order of admission
            starts = self._starts.using(using).filter(key=key)
            starts.filter(started_at__lte=now - window).delete()
            hint = self._wait_hint(using, key, limit, window, now)
            if hint > 0:
                return hint
            self._starts.using(using).create(key=key, started_at=now)
        return 0.0

    def _wait_hint(self, using: str, key: str, limit: int, window: float, now: float) -> float:
        """Seconds until a start may be admitted: 0.0 when fewer than ``limit`` are in the
        window, else until the ``limit``-th newest leaves it."""
        newest = (
            self._starts.using(using)
            .filter(key=key)
            .order_by("-started_at")
            .values_list("started_at", flat=True)
        )
        edge = next(iter(newest[limit - 1 : limit]), None)
        if edge is None or edge <= now - window:
            return 0.0
        return max(edge + window - now, 1e-4)

    # --- concurrency slots ------------------------------------------------------------------

    def try_lease(self, slot: str, capacity: int, ttl: float, lease_id: str) -> bool:
        slot = self.prefix + slot
        using = self._alias()
        if connections[using].vendor == "postgresql":
            return bool(self._call(using, LEASE_FUNCTION, slot, capacity, ttl, lease_id))
        live = self._leases.using(using).filter(slot=slot, expires_at__gt=DatabaseNow())
        if not live.filter(lease_id=lease_id).exists() and live.count() >= capacity:
            return False
        with transaction.atomic(using=using):
            self._lock(using, slot)
            now = self.now(using)
            leases = self._leases.using(using).filter(slot=slot)
            leases.filter(expires_at__lte=now).delete()
            if leases.filter(lease_id=lease_id).update(expires_at=now + ttl):
                return True
            if leases.count() >= capacity:
                return False
            self._leases.using(using).create(slot=slot, lease_id=lease_id, expires_at=now + ttl)
        return True

    def renew(self, lease: Lease, ttl: float) -> bool:
        # One statement: it either finds the lease unexpired and extends it, or changes nothing.
        renewed = (
            self._leases.using(self._alias())
            .filter(slot=self.prefix + lease.key, lease_id=lease.lease_id)
            .filter(expires_at__gt=DatabaseNow())
            .update(expires_at=DatabaseNow() + ttl)
        )
        return bool(renewed)

    def release(self, lease: Lease) -> None:
        self._leases.using(self._alias()).filter(
            slot=self.prefix + lease.key, lease_id=lease.lease_id
        ).delete()

    def held(self, slot: str) -> int:
        """How many unexpired leases a slot holds now (for tests and the admin)."""
        return (
            self._leases.using(self._alias())
            .filter(slot=self.prefix + slot, expires_at__gt=DatabaseNow())
            .count()
        )

    # --- the shared pause -------------------------------------------------------------------

    def pause(self, key: str, seconds: float) -> float:
        key = self.prefix + key
        using = self._alias()
        with transaction.atomic(using=using):
            self._lock(using, key)
            self._keys.using(using).filter(key=key).update(
                # Coalesce: SQLite's MAX() of anything and NULL is NULL.
                paused_until=Greatest(
                    DatabaseNow() + max(seconds, 0.001), Coalesce(F("paused_until"), 0.0)
                )
            )
            until = self._keys.using(using).filter(key=key).values_list("paused_until", flat=True)
            return max(0.0, until.get() - self.now(using))

    def paused_for(self, key: str) -> float:
        left = (
            self._keys.using(self._alias())
            .filter(key=self.prefix + key, paused_until__isnull=False)
            .annotate(left=F("paused_until") - DatabaseNow())
            .values_list("left", flat=True)
            .first()
        )
        return max(0.0, left or 0.0)

    # --- housekeeping -----------------------------------------------------------------------

    def close_thread_resources(self) -> None:
        connections[self.using].close()

    def clear(self, key: str) -> None:
        """Forget a subscription's window, leases and pause (tests, subscription deletion)."""
        using = self._alias()
        key = self.prefix + key
        slots = [f"{key}:connections", f"{key}:batches"]
        with transaction.atomic(using=using):
            self._starts.using(using).filter(key=key).delete()
            self._leases.using(using).filter(slot__in=slots).delete()
            self._keys.using(using).filter(key__in=[key, *slots]).delete()

    def now(self, using: str | None = None) -> float:
        """The database server's clock, in seconds since the epoch."""
        connection = connections[using or self._alias()]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + _now_sql(connection.vendor))
            return float(cursor.fetchone()[0])

    # --- internals --------------------------------------------------------------------------

    @staticmethod
    def _call(using: str, function: str, *args: Any) -> Any:
        """One call to a server-side throttle function, its own transaction (autocommit)."""
        placeholders = ", ".join(["%s"] * len(args))
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT {function}({placeholders})", args)
            return cursor.fetchone()[0]

    def _lock(self, using: str, key: str) -> None:
        """Lock the key's row until the transaction ends, creating it on first use."""
        rows = self._keys.using(using).select_for_update().filter(key=key).values_list("pk")
        if not list(rows):
            # Two workers may both get here: the unique key lets one insert, the other waits
            # for it and inserts nothing; both then queue on the row lock below.
            self._keys.using(using).bulk_create([self._key_model(key=key)], ignore_conflicts=True)
            rows.get()

    def _alias(self) -> str:
        """The connection to use: ``using``, except on SQLite inside a caller's transaction.

        SQLite has one writer at a time, and a caller inside ``transaction.atomic()`` on the
        same file (a token refresh holding its lock) already holds the write lock, so a second
        connection would wait for it forever. There the throttle joins the caller's transaction:
        the other process cannot write until that commits anyway.
        """
        busy = _sqlite_writer(self.using)
        return busy.alias if busy is not None else self.using


def _sqlite_writer(using: str) -> Any:
    """On SQLite: another connection of this thread to the same file inside a transaction
    (which holds, or may take, the one write lock), else None."""
    own = connections[using]
    if own.vendor != "sqlite":
        return None
    for other in connections.all(initialized_only=True):
        if (
            other.alias != using
            and other.vendor == "sqlite"
            and other.in_atomic_block
            and other.settings_dict["NAME"] == own.settings_dict["NAME"]
        ):
            return other
    return None


def sqlite_writer_busy(using: str = COORDINATION) -> bool:
    return _sqlite_writer(using) is not None


@functools.lru_cache(maxsize=4)
def _redis_throttle(url: str) -> RedisThrottle:
    # One client (and connection pool) per URL for the whole process.
    return RedisThrottle(url)


def get_throttle_backend() -> ThrottleBackend:
    """The subscriptions' shared throttle: Redis when ``REDIS_URL`` is set, else the database."""
    if settings.REDIS_URL:
        return _redis_throttle(settings.REDIS_URL)
    return DatabaseThrottle()


def for_benchmark(*, redis_url: str, prefix: str, database: str | None = None) -> ThrottleBackend:
    """Build the database throttle in a benchmark worker (a spawned process, no Django yet).

    ``database`` points the coordination connection at another database name: tests run the
    workers against the test database.
    """
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    if database:
        connections[COORDINATION].settings_dict["NAME"] = database
    return DatabaseThrottle(prefix=prefix)
