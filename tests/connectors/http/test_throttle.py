"""The throttle's contract, held by every backend: the in-process one, Redis and the database.

(The database backend lives in ``subscriptions``; it runs on the test database's own
``coordination`` connection, in transactional tests, as in production.)
"""

from __future__ import annotations

import time

import pytest

from connectors.http import LocalThrottle, Throttled, ThrottlePolicy
from tests.connectors.http.conftest import REDIS_URL

DATABASE = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


@pytest.fixture(params=["local", "redis", pytest.param("db", marks=DATABASE)])
def backend(request):
    if request.param == "local":
        return LocalThrottle()
    if request.param == "db":
        from subscriptions.throttle import DatabaseThrottle

        return DatabaseThrottle()
    return request.getfixturevalue("redis_throttle")


def test_at_most_limit_starts_in_a_window(backend):
    admitted = [backend.try_start("sub", 3, 1) for _ in range(5)]
    assert admitted[:3] == [0.0, 0.0, 0.0]
    assert all(0 < hint <= 1.1 for hint in admitted[3:])


def test_refused_starts_are_not_counted(backend):
    for _ in range(3):
        backend.try_start("sub", 2, 1)
    # The window (widened by the backend's margin) slides past the two admitted starts.
    time.sleep(1.05 + getattr(backend, "margin", 0.0))
    assert backend.try_start("sub", 2, 1) == 0.0
    assert backend.try_start("sub", 2, 1) == 0.0
    assert backend.try_start("sub", 2, 1) > 0


def test_subscriptions_are_counted_separately(backend):
    assert backend.try_start("a", 1, 60) == 0.0
    assert backend.try_start("b", 1, 60) == 0.0
    assert backend.try_start("a", 1, 60) > 0


def test_admit_waits_for_the_window_then_admits(backend):
    backend.admit("sub", 1, 1, max_wait=1)
    waited = backend.admit("sub", 1, 1, max_wait=3)
    assert waited > 0.5  # it had to wait for the first start to leave the window


def test_admit_gives_up_after_the_bounded_wait(backend):
    backend.admit("sub", 1, 60, max_wait=1)
    with pytest.raises(Throttled, match=r"API Throttle Limit \(1 per 60 s\)"):
        backend.admit("sub", 1, 60, max_wait=0.2)


def test_connection_slots_are_bounded(backend):
    policy = ThrottlePolicy(limit=10, seconds=1, connections=2)
    with backend.connection("sub", policy, ttl=5, max_wait=1):
        with (
            backend.connection("sub", policy, ttl=5, max_wait=1),
            pytest.raises(Throttled, match="Concurrent Connections"),
            backend.connection("sub", policy, ttl=5, max_wait=0.1),
        ):
            pass
        # One was given back: the next caller gets it at once, while the other is still held.
        with backend.connection("sub", policy, ttl=5, max_wait=0.1):
            pass


def test_an_expired_lease_comes_back(backend):
    """A worker that died never releases its slot; the expiry gives it back."""
    assert backend.try_acquire("sub:batches", 1, ttl=0.3) is not None
    assert backend.try_acquire("sub:batches", 1, ttl=0.3) is None
    time.sleep(0.4)
    assert backend.try_acquire("sub:batches", 1, ttl=0.3) is not None


def test_renewing_keeps_a_lease(backend):
    lease = backend.try_acquire("sub:batches", 1, ttl=0.3)
    time.sleep(0.2)
    assert backend.renew(lease, ttl=0.5)
    time.sleep(0.2)
    assert backend.try_acquire("sub:batches", 1, ttl=0.3) is None  # still held
    backend.release(lease)
    assert backend.try_acquire("sub:batches", 1, ttl=0.3) is not None


def test_renewing_an_expired_lease_fails(backend):
    lease = backend.try_acquire("sub:batches", 1, ttl=0.1)
    time.sleep(0.2)
    assert not backend.renew(lease, ttl=1)


def test_batch_executions_slot(backend):
    policy = ThrottlePolicy(batch_executions=2)
    first = backend.try_acquire_batch("sub", policy, ttl=5)
    second = backend.try_acquire_batch("sub", policy, ttl=5)
    assert first and second
    assert backend.try_acquire_batch("sub", policy, ttl=5) is None
    backend.release(first)
    assert backend.try_acquire_batch("sub", policy, ttl=5) is not None


def test_pause_is_shared_and_never_shortened(backend):
    assert backend.paused_for("sub") == 0.0
    assert backend.pause("sub", 5) == pytest.approx(5, abs=0.1)
    assert backend.pause("sub", 1) == pytest.approx(5, abs=0.1)  # a shorter pause does not win
    assert 4.5 < backend.paused_for("sub") <= 5
    assert backend.paused_for("other") == 0.0


def test_pause_ends(backend):
    backend.pause("sub", 0.2)
    time.sleep(0.3)
    assert backend.paused_for("sub") == 0.0


def test_policy_refuses_nonsense():
    with pytest.raises(ValueError, match="limit"):
        ThrottlePolicy(limit=0)


def test_redis_throttle_hides_its_url(redis_throttle):
    assert "redis://" not in repr(redis_throttle)


def test_redis_windows_use_the_server_clock(redis_throttle, monkeypatch):
    """Workers whose clocks disagree still share one window: entries carry Redis's time.

    (limits' stock storage stamps entries with the client's clock: a worker whose clock is
    far behind would leave an entry that every other worker sees as long expired.)
    """
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: 1_000_000.0)  # this worker's clock is wrong
        assert redis_throttle.try_start("sub", 1, 60) == 0.0
    assert redis_throttle.try_start("sub", 1, 60) > 50  # a worker with a good clock waits


def test_a_429_seen_by_one_worker_pauses_another_on_redis(redis_throttle):
    """Two workers (separate connections to Redis) of one subscription: one sees the 429."""
    import responses

    from connectors.http import ConnectorSession, RateLimited, RetryPolicy
    from connectors.http.redis_throttle import RedisThrottle

    other_process = RedisThrottle(REDIS_URL, prefix=redis_throttle.prefix)
    policy = ThrottlePolicy(limit=100, seconds=1, connections=5)
    slept: list[float] = []
    first = ConnectorSession(
        "sub", policy=policy, throttle=redis_throttle, retry=RetryPolicy(max_attempts=1)
    )
    second = ConnectorSession("sub", policy=policy, throttle=other_process, sleep=slept.append)
    url = "https://shop.example.com/api/x"
    with responses.RequestsMock() as stub:
        stub.get(url, status=429, headers={"Retry-After": "4"})
        stub.get(url, json={})
        with pytest.raises(RateLimited):
            first.get(url)
        second.get(url)
    assert len(slept) == 1 and 3.5 < slept[0] <= 4


def test_a_slow_answer_keeps_its_connection_slot_past_the_lease_ttl(backend):
    """The keeper renews the lease while the call lasts, so a second call cannot squeeze in
    beside a slow one just because the slow one outlived its lease's ttl."""
    from connectors.http.throttle import lease_keeper

    policy = ThrottlePolicy(limit=100, seconds=1, connections=1)
    renewals = lease_keeper().renewals
    with backend.connection("sub", policy, ttl=0.3, max_wait=1):
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            assert backend.try_acquire("sub:connections", 1, 0.3) is None
            time.sleep(0.05)
    assert lease_keeper().renewals > renewals
    assert backend.try_acquire("sub:connections", 1, 0.3) is not None  # released at the end
