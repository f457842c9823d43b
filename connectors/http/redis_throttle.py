"""The throttle on Redis: used when ``REDIS_URL`` is set.

Request starts use the ``limits`` package's moving-window strategy (a true sliding log). Its
stock Redis storage stamps entries with each client's own clock; ours stamps them with the
Redis server's ``TIME`` inside the script, so workers on machines whose clocks disagree still
share one window. Concurrency slots are a sorted set of lease ids scored by expiry, and the
shared pause is one key holding the server time it ends at.
"""

from __future__ import annotations

from typing import Any

import redis
from limits import RateLimitItemPerSecond
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

from connectors.http.throttle import Lease, ThrottleBackend

# Same algorithm as limits' acquire_moving_window.lua, with the server clock and a margin.
_ACQUIRE_MOVING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local entry = redis.call('LINDEX', KEYS[1], limit - 1)
if entry and tonumber(entry) > now - window then
    return 0
end
redis.call('LPUSH', KEYS[1], string.format('%.6f', now))
redis.call('LTRIM', KEYS[1], 0, limit - 1)
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
return 1
"""

_LEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local capacity = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[3]) and redis.call('ZCARD', KEYS[1]) >= capacity then
    return 0
end
redis.call('ZADD', KEYS[1], string.format('%.6f', now + ttl), ARGV[3])
local ms = math.ceil(ttl * 1000) + 1000
if redis.call('PTTL', KEYS[1]) < ms then
    redis.call('PEXPIRE', KEYS[1], ms)
end
return 1
"""

_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ttl = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then
    return 0
end
redis.call('ZADD', KEYS[1], 'XX', string.format('%.6f', now + ttl), ARGV[2])
local ms = math.ceil(ttl * 1000) + 1000
if redis.call('PTTL', KEYS[1]) < ms then
    redis.call('PEXPIRE', KEYS[1], ms)
end
return 1
"""

# Returns the pause left, as a string (Lua numbers would be truncated to integers).
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local untl = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < untl then
    redis.call('SET', KEYS[1], string.format('%.6f', untl), 'PX', math.ceil(ARGV[1] * 1000))
    current = untl
end
return string.format('%.6f', math.max(0, current - now))
"""


class ServerClockRedisStorage(RedisStorage):
    """limits' Redis storage, with moving-window entries stamped by the Redis server.

    ``margin`` widens each window a little: the store sees our requests after a network delay
    that varies by a few milliseconds, and the promise is about what the store sees.
    """

    def __init__(self, uri: str, *, margin: float = 0.0, **options: Any) -> None:
        super().__init__(uri, **options)
        self.margin = margin
        self._acquire = self.get_connection().register_script(_ACQUIRE_MOVING_WINDOW)

    def server_time(self) -> float:
        seconds, micros = self.get_connection().time()
        return seconds + micros / 1_000_000

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount != 1:
            raise ValueError("request starts are admitted one at a time")
        return bool(self._acquire([self.prefixed_key(key)], [limit, expiry + self.margin]))

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = self.server_time()
        window = self.lua_moving_window(
            [self.prefixed_key(key)], [now - expiry - self.margin, limit]
        )
        if window:
            return float(window[0]), int(window[1])
        return now, 0


class RedisThrottle(ThrottleBackend):
    """The throttle shared by every process that reaches the same Redis.

    ``margin`` is 100 ms, as on the database: with workers on busy cores (load 6 on 2 cores
    here) the gap between admission and arrival at the store reached 200 ms, and a 20 ms margin
    let a counting server see Limit + 3 in a 1 s window. 100 ms costs 10% of a 1 s window and
    0.2% of the default 60 s one.
    """

    def __init__(self, url: str, *, prefix: str = "switchboard:throttle", margin: float = 0.1):
        self.prefix = prefix
        self.storage = ServerClockRedisStorage(url, key_prefix=f"{prefix}:starts", margin=margin)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.redis: redis.Redis = redis.Redis.from_url(url)
        self._lease = self.redis.register_script(_LEASE)
        self._renew = self.redis.register_script(_RENEW)
        self._pause = self.redis.register_script(_PAUSE)
        self.margin = margin

    def __repr__(self) -> str:
        # The URL may carry a password: never show it.
        return f"RedisThrottle(prefix={self.prefix!r})"

    def try_start(self, key: str, limit: int, seconds: int) -> float:
        item = RateLimitItemPerSecond(limit, seconds)
        if self.limiter.hit(item, key):
            return 0.0
        stats = self.limiter.get_window_stats(item, key)
        # reset_time is the oldest entry's time + window, on the server clock.
        return max(stats.reset_time + self.margin - self.storage.server_time(), 1e-4)

    def try_lease(self, slot: str, capacity: int, ttl: float, lease_id: str) -> bool:
        return bool(self._lease([self._slot(slot)], [capacity, ttl, lease_id]))

    def renew(self, lease: Lease, ttl: float) -> bool:
        return bool(self._renew([self._slot(lease.key)], [ttl, lease.lease_id]))

    def release(self, lease: Lease) -> None:
        # Tell one waiter (BLPOP serves the longest waiting first) that a slot came free.
        freed = self._freed(lease.key)
        pipe = self.redis.pipeline(transaction=False)
        pipe.zrem(self._slot(lease.key), lease.lease_id)
        pipe.lpush(freed, 1)
        pipe.ltrim(freed, 0, 15)
        pipe.pexpire(freed, 1000)
        pipe.execute()

    def wait_for_release(self, slot: str, left: float) -> None:
        # The timeout also catches leases that expire rather than being released.
        self.redis.blpop([self._freed(slot)], timeout=max(min(left, 0.05), 0.001))

    def pause(self, key: str, seconds: float) -> float:
        return float(self._pause([self._pause_key(key)], [max(seconds, 0.001)]))

    def paused_for(self, key: str) -> float:
        value = self.redis.get(self._pause_key(key))
        if value is None:
            return 0.0
        return max(0.0, float(value) - self.storage.server_time())

    def held(self, slot: str) -> int:
        """How many unexpired leases a slot holds now (for tests and the admin)."""
        now = self.storage.server_time()
        return int(self.redis.zcount(self._slot(slot), f"({now}", "+inf"))

    def clear(self, key: str) -> None:
        """Forget a subscription's window, leases and pause (tests, subscription deletion)."""
        keys = [self._pause_key(key)]
        for kind in ("connections", "batches"):
            keys += [self._slot(f"{key}:{kind}"), self._freed(f"{key}:{kind}")]
        keys += list(self.redis.scan_iter(f"{self.prefix}:starts:LIMITER/{key}/*"))
        self.redis.delete(*keys)

    def _slot(self, slot: str) -> str:
        return f"{self.prefix}:lease:{slot}"

    def _freed(self, slot: str) -> str:
        return f"{self.prefix}:freed:{slot}"

    def _pause_key(self, key: str) -> str:
        return f"{self.prefix}:pause:{key}"
