from __future__ import annotations

import uuid

import pytest

from connectors.http import ConnectorSession, LocalThrottle, RetryPolicy, ThrottlePolicy

REDIS_URL = "redis://127.0.0.1:6379/15"


class FakeClock:
    """A monotonic clock that moves only when someone sleeps: retry waits cost no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> LocalThrottle:
    return LocalThrottle(clock=clock, sleep=clock.sleep)


@pytest.fixture
def make_session(throttle, clock):
    def make(key: str = "sub-1", **kw) -> ConnectorSession:
        kw.setdefault("policy", ThrottlePolicy(limit=500, seconds=60, connections=5))
        kw.setdefault("retry", RetryPolicy(max_attempts=4, backoff_base=0.5, jitter=False))
        kw.setdefault("throttle", throttle)
        return ConnectorSession(key, sleep=clock.sleep, **kw)

    return make


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc}); the shared throttle needs it")
    return client


@pytest.fixture
def redis_throttle():
    redis_or_skip()
    from connectors.http.redis_throttle import RedisThrottle

    prefix = f"switchboard:test:{uuid.uuid4().hex[:8]}"
    backend = RedisThrottle(REDIS_URL, prefix=prefix)
    yield backend
    keys = list(backend.redis.scan_iter(f"{prefix}:*"))
    if keys:
        backend.redis.delete(*keys)
