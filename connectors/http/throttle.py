"""The subscription's throttle, shared by every worker process on every machine.

Three promises from the seeds, per subscription:

* API Throttle Limit / Seconds: at most ``limit`` request starts in any interval of
  ``seconds`` (a true sliding window, DECISIONS.md; a token bucket does not give this bound);
* Concurrent Connections: at most that many requests in flight at once;
* Concurrent Batch Executions: at most that many transfers running at once.

Concurrency slots are leases with an expiry, so a slot held by a worker that died comes back.
A backend implements five small primitives; waiting (bounded, then ``Throttled``) is written
once here. The database backend lives in ``subscriptions`` and implements the same primitives.
"""

from __future__ import annotations

import logging
import math
import os
import random
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from connectors.http.errors import Throttled

logger = logging.getLogger(__name__)

# How often a waiter for a concurrency slot looks again, unless the backend wakes it sooner.
POLL_INTERVAL = 0.005


@dataclass(frozen=True)
class ThrottlePolicy:
    """A subscription's throttle settings, as the user entered them."""

    limit: int = 500
    seconds: int = 60
    connections: int = 5
    batch_executions: int = 5

    def __post_init__(self) -> None:
        for name in ("limit", "seconds", "connections", "batch_executions"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1")


@dataclass(frozen=True)
class Lease:
    """A held concurrency slot; give it back with ``release`` (or let it expire)."""

    key: str
    lease_id: str
    # True when the slot was not free at once: the call counts as a throttled wait.
    waited: bool = field(default=False, compare=False)


class ThrottleBackend(ABC):
    """Admission and leases on a shared store. ``key`` is the subscription's key."""

    # --- primitives every backend implements --------------------------------------------

    @abstractmethod
    def try_start(self, key: str, limit: int, seconds: int) -> float:
        """Count one request start if the window allows it and return 0.0; otherwise count
        nothing and return the seconds until a start may be admitted (a hint, > 0)."""

    @abstractmethod
    def try_lease(self, slot: str, capacity: int, ttl: float, lease_id: str) -> bool:
        """Take (or refresh) ``lease_id`` in ``slot`` if fewer than ``capacity`` unexpired
        leases are held there. Expired leases are dropped first."""

    @abstractmethod
    def renew(self, lease: Lease, ttl: float) -> bool:
        """Push the lease's expiry to now + ttl; False if it has already expired."""

    @abstractmethod
    def release(self, lease: Lease) -> None:
        """Give the slot back (harmless if it expired)."""

    @abstractmethod
    def pause(self, key: str, seconds: float) -> float:
        """Pause every request of the subscription for ``seconds`` from now on the store's
        clock; never shortens a longer pause. Returns the seconds the pause now lasts."""

    @abstractmethod
    def paused_for(self, key: str) -> float:
        """Seconds left of the subscription's pause (0.0 when not paused)."""

    @abstractmethod
    def clear(self, key: str) -> None:
        """Forget the subscription's window, slots and pause (the subscription was deleted)."""

    def close_thread_resources(self) -> None:  # noqa: B027 - optional hook, nothing to do
        """Let go of what this thread opened (a database connection): the lease keeper's
        thread calls it after renewing, so that it holds nothing between renewals."""

    # --- waiting, written once ------------------------------------------------------------

    sleep: Callable[[float], None] = staticmethod(time.sleep)
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def admit(self, key: str, limit: int, seconds: int, *, max_wait: float) -> float:
        """Wait until a request start is admitted; return the seconds waited (0.0 when it was
        admitted at the first try).

        Raises ``Throttled`` when that would take longer than ``max_wait``.
        """
        started = self.clock()
        tries = 0
        while True:
            tries += 1
            hint = self.try_start(key, limit, seconds)
            if hint <= 0:
                return 0.0 if tries == 1 else self.clock() - started
            self._wait(started, max_wait, hint, f"API Throttle Limit ({limit} per {seconds} s)")

    def acquire(self, slot: str, capacity: int, ttl: float, *, max_wait: float, what: str) -> Lease:
        """Wait for a free slot; raise ``Throttled`` after ``max_wait`` seconds."""
        lease = Lease(slot, uuid.uuid4().hex)
        started = self.clock()
        if self.try_lease(slot, capacity, ttl, lease.lease_id):
            return lease
        lease = Lease(slot, lease.lease_id, waited=True)
        while not self.try_lease(slot, capacity, ttl, lease.lease_id):
            left = started + max_wait - self.clock()
            if left <= 0:
                raise Throttled(
                    f"Waited {max_wait:g} s for one of the subscription's {what} "
                    f"({capacity}); all were in use."
                )
            self.wait_for_release(slot, left)
        return lease

    def wait_for_release(self, slot: str, left: float) -> None:
        """Block until a lease of ``slot`` may have come free (at most ``left`` seconds).

        This default polls; a backend that can be told of releases wakes waiters at once.
        """
        self.sleep(max(min(POLL_INTERVAL, left) + random.uniform(0, 0.001), 0.0005))  # noqa: S311

    def try_acquire(self, slot: str, capacity: int, ttl: float) -> Lease | None:
        """Take a slot if one is free now, without waiting."""
        lease = Lease(slot, uuid.uuid4().hex)
        return lease if self.try_lease(slot, capacity, ttl, lease.lease_id) else None

    def _wait(self, started: float, max_wait: float, hint: float, what: str) -> None:
        left = started + max_wait - self.clock()
        if left <= 0:
            raise Throttled(
                f"Waited {max_wait:g} s for the subscription's {what}; all were in use."
            )
        # A little jitter so that waiting workers do not all wake at the same instant.
        pause = min(hint, left) + random.uniform(0, 0.002)  # noqa: S311
        self.sleep(max(pause, 0.0005))

    # --- the subscription's three slots --------------------------------------------------

    @contextmanager
    def connection(
        self, key: str, policy: ThrottlePolicy, *, ttl: float, max_wait: float
    ) -> Iterator[Lease]:
        """Hold one of the subscription's Concurrent Connections for the duration of a call.

        The lease is renewed in the background while the call lasts (``LeaseKeeper``), so a
        slow answer keeps its slot however long it trickles in, and a dead worker's slot comes
        back ``ttl`` seconds after its last renewal.
        """
        lease = self.acquire(
            f"{key}:connections",
            policy.connections,
            ttl,
            max_wait=max_wait,
            what="Concurrent Connections",
        )
        lease_keeper().keep(self, lease, ttl)
        try:
            yield lease
        finally:
            lease_keeper().drop(lease)
            self.release(lease)

    def try_acquire_batch(self, key: str, policy: ThrottlePolicy, *, ttl: float) -> Lease | None:
        """A Concurrent Batch Executions slot for a transfer, or None when all are taken.

        The transfer renews it while it runs (``renew``) and releases it when done.
        """
        return self.try_acquire(f"{key}:batches", policy.batch_executions, ttl)


class LocalThrottle(ThrottleBackend):
    """The throttle within one process (threads): unit tests and single-process tools."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._starts: dict[str, deque[float]] = {}
        self._leases: dict[str, dict[str, float]] = {}
        self._paused_until: dict[str, float] = {}

    def try_start(self, key: str, limit: int, seconds: int) -> float:
        with self._lock:
            now = self.clock()
            starts = self._starts.setdefault(key, deque())
            while starts and starts[0] <= now - seconds:
                starts.popleft()
            if len(starts) < limit:
                starts.append(now)
                return 0.0
            return max(starts[-limit] + seconds - now, 1e-6)

    def try_lease(self, slot: str, capacity: int, ttl: float, lease_id: str) -> bool:
        with self._lock:
            now = self.clock()
            held = self._leases.setdefault(slot, {})
            for lid in [lid for lid, exp in held.items() if exp <= now]:
                del held[lid]
            if lease_id in held or len(held) < capacity:
                held[lease_id] = now + ttl
                return True
            return False

    def renew(self, lease: Lease, ttl: float) -> bool:
        with self._lock:
            now = self.clock()
            held = self._leases.get(lease.key, {})
            if held.get(lease.lease_id, 0) <= now:
                held.pop(lease.lease_id, None)
                return False
            held[lease.lease_id] = now + ttl
            return True

    def release(self, lease: Lease) -> None:
        with self._lock:
            self._leases.get(lease.key, {}).pop(lease.lease_id, None)

    def pause(self, key: str, seconds: float) -> float:
        with self._lock:
            now = self.clock()
            until = max(self._paused_until.get(key, 0.0), now + seconds)
            self._paused_until[key] = until
            return until - now

    def paused_for(self, key: str) -> float:
        with self._lock:
            return max(0.0, self._paused_until.get(key, 0.0) - self.clock())

    def clear(self, key: str) -> None:
        with self._lock:
            self._starts.pop(key, None)
            self._paused_until.pop(key, None)
            for kind in ("connections", "batches"):
                self._leases.pop(f"{key}:{kind}", None)


class LeaseKeeper:
    """Renews held leases from one background thread per process.

    A lease is renewed when two thirds of its ``ttl`` have passed since it was taken or last
    renewed; most calls end long before that, so the thread usually only sleeps. A renewal that
    finds the lease already expired (the worker stalled longer than ``ttl``) is logged and the
    lease dropped: the slot may have been given to another worker meanwhile.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._cond = threading.Condition()
        self._held: dict[tuple[str, str], tuple[ThrottleBackend, Lease, float, float]] = {}
        self._thread: threading.Thread | None = None
        self.renewals = 0  # for tests and diagnostics

    def keep(self, backend: ThrottleBackend, lease: Lease, ttl: float) -> None:
        with self._cond:
            self._held[(lease.key, lease.lease_id)] = (backend, lease, ttl, self._due(ttl))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="switchboard-lease-keeper", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def drop(self, lease: Lease) -> None:
        with self._cond:
            self._held.pop((lease.key, lease.lease_id), None)

    def _due(self, ttl: float) -> float:
        return self.clock() + ttl * 2 / 3

    def _run(self) -> None:
        while True:
            with self._cond:
                now = self.clock()
                due = [(k, v) for k, v in self._held.items() if v[3] <= now]
                if not due:
                    nearest = min((v[3] for v in self._held.values()), default=now + 60)
                    self._cond.wait(timeout=max(nearest - now, 0.001))
                    continue
            for k, (backend, lease, ttl, _) in due:
                try:
                    alive = backend.renew(lease, ttl)
                except Exception:  # the store is unreachable: try again soon, keep the lease
                    logger.warning("Could not renew the lease of %s; trying again", lease.key)
                    alive = True
                with self._cond:
                    if k not in self._held:
                        continue  # released while we were renewing
                    if alive:
                        self.renewals += 1
                        self._held[k] = (backend, lease, ttl, self._due(ttl))
                    else:
                        logger.warning(
                            "The lease of %s expired before it could be renewed", lease.key
                        )
                        del self._held[k]
            for backend in {id(b): b for _, (b, *_rest) in due}.values():
                backend.close_thread_resources()


_keepers: dict[int, LeaseKeeper] = {}


def lease_keeper() -> LeaseKeeper:
    """This process's keeper (a forked child starts its own: threads do not survive fork)."""
    pid = os.getpid()
    keeper = _keepers.get(pid)
    if keeper is None:
        keeper = _keepers[pid] = LeaseKeeper()
    return keeper


def ceil_ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))
