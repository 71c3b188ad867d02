"""The outbox on Redis: the same contract as the SQLite one, for many instances sharing one queue.

A record is a hash keyed by (tab, record id); a sorted set per tab orders the records by when they
may next be sent. Claiming moves a record's score past a lease, in one Lua script, so a consumer
that crashes mid-batch only delays its records until the lease ends (a reliable-queue pattern).
Done records keep a small marker without their row, so the same record id is never queued twice.
Rows are sealed before they reach Redis (``state.outbox.RowSeal``), so its AOF and RDB hold no text.
Durable when ``put`` returns only with ``appendonly yes`` + ``appendfsync always`` (README).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import redis

from state.outbox import SEP, Entry, RowSeal, record_id_of
from state.redis_store import members
from state.table import TableSpec

PUT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'seq', seq, 'row', ARGV[2], 'created_at', ARGV[3], 'attempts', 0)
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('SADD', KEYS[4], ARGV[4])
return 1
"""
CLAIM = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], ARGV[3], id)
  local rec = redis.call('HMGET', ARGV[4] .. id, 'seq', 'row', 'attempts')
  table.insert(out, id); table.insert(out, rec[1]); table.insert(out, rec[2]); table.insert(out, rec[3])
end
return out
"""


def _score(moment: datetime) -> float:
    """A due time as a sorted-set score (epoch seconds).

    New records are scored with their sequence number instead, far below any time: they sort first, in order.
    """
    return moment.timestamp()


class RedisOutbox:
    def __init__(self, client: redis.Redis, prefix: str, secret: str) -> None:
        self._redis = client
        self._seal = RowSeal(secret)
        self._prefix = f"{prefix}outbox:"
        self._put = client.register_script(PUT)
        self._claim = client.register_script(CLAIM)

    def close(self) -> None:
        self._redis.close()

    def put(self, tab: str, record_id: str, row: Mapping[str, str], now: datetime) -> bool:
        """Queue a record; False when that record id was queued before (nothing changes)."""
        keys = [self._record_key(tab, record_id), self._due_key(tab), f"{self._prefix}seq", f"{self._prefix}tabs"]
        sealed = self._seal.seal(tab, record_id, row)
        return bool(self._put(keys=keys, args=[record_id, sealed, now.isoformat(), tab]))

    def put_record(self, tab: TableSpec, row: Mapping[str, str], now: datetime) -> bool:
        return self.put(tab.name, record_id_of(tab, row), row, now)

    def due(self, tab: str, now: datetime, limit: int, *, waiting_too: bool = False,
            lease: timedelta = timedelta(minutes=2)) -> list[Entry]:
        """Claim up to ``limit`` due records for ``lease``; other instances skip them meanwhile."""
        horizon = "+inf" if waiting_too else repr(_score(now))
        flat = self._claim(keys=[self._due_key(tab)],
                           args=[horizon, limit, repr(_score(now + lease)), self._record_key(tab, "")])
        entries = []
        for i in range(0, len(flat), 4):
            record_id, seq, row, attempts = flat[i:i + 4]
            if row is not None:
                entries.append(Entry(int(seq), tab, record_id, self._seal.open(tab, record_id, row), int(attempts)))
        return entries

    def tabs_due(self, now: datetime, *, waiting_too: bool = False) -> list[str]:
        horizon = "+inf" if waiting_too else _score(now)
        tabs = members(self._redis, f"{self._prefix}tabs")
        return [tab for tab in tabs if self._redis.zrangebyscore(self._due_key(tab), "-inf", horizon, 0, 1)]

    def mark_attempt(self, entries: list[Entry]) -> None:
        """Recorded before the request is sent: after a crash we know the rows may have landed."""
        with self._redis.pipeline() as pipe:
            for entry in entries:
                pipe.hincrby(self._record_key(entry.tab, entry.record_id), "attempts", 1)
            pipe.execute()

    def mark_done(self, entries: list[Entry], now: datetime) -> None:
        with self._redis.pipeline() as pipe:
            for entry in entries:
                key = self._record_key(entry.tab, entry.record_id)
                pipe.zrem(self._due_key(entry.tab), entry.record_id)
                pipe.hset(key, "done_at", now.isoformat())
                pipe.hdel(key, "row", "last_error")
            pipe.execute()

    def defer(self, entries: list[Entry], until: datetime, error: str) -> None:
        with self._redis.pipeline() as pipe:
            for entry in entries:
                pipe.zadd(self._due_key(entry.tab), {entry.record_id: _score(until)}, xx=True)
                pipe.hset(self._record_key(entry.tab, entry.record_id), "last_error", error)
            pipe.execute()

    def pending_row(self, tab: str, record_id: str) -> dict[str, str] | None:
        """The row of a record still waiting for the sheet; None once written (or never queued)."""
        row = self._redis.hget(self._record_key(tab, record_id), "row")
        return self._seal.open(tab, record_id, str(row)) if row is not None else None

    def depth(self) -> int:
        tabs = members(self._redis, f"{self._prefix}tabs")
        return sum(int(self._redis.zcard(self._due_key(tab))) for tab in tabs)

    def import_record(self, tab: str, record_id: str, row: Mapping[str, str] | None, created_at: str,
                      attempts: int) -> bool:
        """Copy one record from the SQLite outbox (``ita-bot state migrate``); ``row`` None: already written."""
        if row is None:
            return bool(self._redis.hsetnx(self._record_key(tab, record_id), "done_at", created_at))
        queued = self.put(tab, record_id, row, datetime.fromisoformat(created_at))
        if queued and attempts:
            self._redis.hset(self._record_key(tab, record_id), "attempts", attempts)
        return queued

    def _due_key(self, tab: str) -> str:
        return f"{self._prefix}due:{tab}"

    def _record_key(self, tab: str, record_id: str) -> str:
        return f"{self._prefix}record:{tab}{SEP}{record_id}"
