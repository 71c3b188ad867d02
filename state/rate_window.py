"""Sliding-window counters: at most ``limit`` takes in any ``window`` seconds, in-process or shared through Redis."""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import redis


class RateWindow(Protocol):
    def take(self, now: float) -> bool:
        """Count one use at ``now`` (epoch seconds) if the window has room; False (nothing counted) if not."""
        ...

    def room(self, now: float) -> int:
        """How many more uses the window allows at ``now``."""
        ...


class LocalWindow:
    """One process's window (SQLite state: one instance)."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._uses: deque[float] = deque()
        self._lock = threading.Lock()

    def take(self, now: float) -> bool:
        with self._lock:
            self._expire(now)
            if len(self._uses) >= self.limit:
                return False
            self._uses.append(now)
            return True

    def room(self, now: float) -> int:
        with self._lock:
            self._expire(now)
            return self.limit - len(self._uses)

    def _expire(self, now: float) -> None:
        while self._uses and self._uses[0] <= now - self.window:
            self._uses.popleft()


# KEYS[1] the window's sorted set, KEYS[2] its sequence; ARGV now, window, limit. One script: no two
# instances can both take the last use.
TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
local n = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. ':' .. n)
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return 1
"""


class RedisWindow:
    """A window shared by every instance on one Redis (keys under ``key``)."""

    def __init__(self, client: redis.Redis, key: str, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._client = client
        self._keys = [key, key + ":seq"]
        self._take = client.register_script(TAKE)

    def take(self, now: float) -> bool:
        return bool(self._take(keys=self._keys, args=[repr(now), repr(self.window), self.limit]))

    def room(self, now: float) -> int:
        used = int(self._client.zcount(self._keys[0], f"({now - self.window!r}", "+inf"))
        return max(0, self.limit - used)
