"""The durable inbox on Redis, shared by every instance: one source's events one at a time, in order.

Keys under ``ita:{office}:inbox:`` (one Redis Cluster slot per office, for the Lua scripts):
``event:<seq>`` a hash per waiting event; ``src:<source>`` its events ordered by LINE's timestamp
(score) then arrival (zero-padded member); ``ready`` the sources nobody holds, by their first
event's arrival; ``leases`` the held sources, by when the lease ends; ``holder`` who holds each;
``pending`` every waiting event (its size is the bound); ``seen:<webhookEventId>`` for a week.
Event bodies are sealed before they reach Redis (``state.inbox.EventSeal``), so its AOF and RDB hold no text.
Every change is one script, so an instance that dies mid-way leaves a consistent queue. Durable when
``put`` returns only with ``appendonly yes`` + ``appendfsync always`` (README).
"""

from __future__ import annotations

from collections.abc import Sequence

import redis

from state.inbox import KEEP_SEEN, MAX_STAMP, EventSeal, InboxEvent, InboxFullError, NewEvent

# KEYS: pending, ready, leases; ARGV: prefix, limit, seen ttl ms, then id, source, stamp, payload per event
PUT = """
local prefix, limit, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local new = 0
for i = 4, #ARGV, 4 do
  local id, src, stamp, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('EXISTS', prefix .. 'seen:' .. id) == 0 then
    if redis.call('ZCARD', KEYS[1]) >= limit then return {new, 1} end
    redis.call('SET', prefix .. 'seen:' .. id, '1', 'PX', ttl)
    local seq = redis.call('INCR', prefix .. 'seq')
    redis.call('HSET', prefix .. 'event:' .. seq, 'id', id, 'source', src, 'stamp', stamp, 'payload', payload,
               'attempts', 0)
    redis.call('ZADD', prefix .. 'src:' .. src, stamp, string.format('%016d', seq))
    redis.call('ZADD', KEYS[1], seq, seq)
    if redis.call('ZSCORE', KEYS[3], src) == false then
      local head = redis.call('ZRANGE', prefix .. 'src:' .. src, 0, 0)[1]
      redis.call('ZADD', KEYS[2], tonumber(head), src)
    end
    new = new + 1
  end
end
return {new, 0}
"""
# KEYS: ready, leases, holder; ARGV: prefix, now, until, holder
TAKE = """
local prefix = ARGV[1]
for _, src in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2])) do
  redis.call('ZREM', KEYS[2], src)
  redis.call('HDEL', KEYS[3], src)
  local head = redis.call('ZRANGE', prefix .. 'src:' .. src, 0, 0)[1]
  if head then redis.call('ZADD', KEYS[1], tonumber(head), src) end
end
local src = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if not src then return false end
redis.call('ZREM', KEYS[1], src)
local head = redis.call('ZRANGE', prefix .. 'src:' .. src, 0, 0)[1]
if not head then return false end
local seq = tonumber(head)
redis.call('ZADD', KEYS[2], ARGV[3], src)
redis.call('HSET', KEYS[3], src, ARGV[4])
local key = prefix .. 'event:' .. seq
local attempts = redis.call('HINCRBY', key, 'attempts', 1)
local event = redis.call('HMGET', key, 'id', 'source', 'stamp', 'payload')
return {seq, event[1], event[2], event[3], event[4], attempts}
"""
# KEYS: pending, ready, leases, holder; ARGV: prefix, seq, source
DONE = """
local prefix, src = ARGV[1], ARGV[3]
redis.call('DEL', prefix .. 'event:' .. ARGV[2])
redis.call('ZREM', prefix .. 'src:' .. src, string.format('%016d', tonumber(ARGV[2])))
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[3], src)
redis.call('HDEL', KEYS[4], src)
local head = redis.call('ZRANGE', prefix .. 'src:' .. src, 0, 0)[1]
if head then redis.call('ZADD', KEYS[2], tonumber(head), src) end
return 1
"""


class RedisInbox:
    def __init__(self, client: redis.Redis, prefix: str, secret: str) -> None:
        self._redis = client
        self._seal = EventSeal(secret)
        self._prefix = f"{prefix}inbox:"
        self._keys = [f"{self._prefix}{name}" for name in ("pending", "ready", "leases", "holder")]
        self._put = client.register_script(PUT)
        self._take = client.register_script(TAKE)
        self._done = client.register_script(DONE)

    def close(self) -> None:
        self._redis.close()

    def put(self, events: Sequence[NewEvent], now: float, limit: int) -> int:
        args: list[str | int] = [self._prefix, limit, int(KEEP_SEEN.total_seconds() * 1000)]
        for event in events:
            args += [event.event_id, event.source, min(max(event.stamp, 0), MAX_STAMP), self._seal.seal(event)]
        new, full = self._put(keys=self._keys[:3], args=args)
        if int(full):
            raise InboxFullError(int(new))
        return int(new)

    def take(self, now: float, lease: float, holder: str) -> InboxEvent | None:
        found = self._take(keys=self._keys[1:], args=[self._prefix, repr(now), repr(now + lease), holder])
        if not found:
            return None
        seq, event_id, source, stamp, payload, attempts = found
        opened = self._seal.open(str(event_id), str(payload))
        return InboxEvent(int(seq), str(event_id), str(source), int(stamp), opened, int(attempts))

    def renew(self, sources: Sequence[str], until: float) -> None:
        if sources:
            self._redis.zadd(self._keys[2], {source: until for source in sources}, xx=True)

    def done(self, event: InboxEvent) -> None:
        self._done(keys=self._keys, args=[self._prefix, event.seq, event.source])

    def retry_later(self, event: InboxEvent, until: float) -> None:
        self._redis.zadd(self._keys[2], {event.source: until}, xx=True)

    def release_holder(self, holder: str) -> int:
        held = [str(source) for source, who in self._redis.hgetall(self._keys[3]).items() if who == holder]
        if held:
            self._redis.zadd(self._keys[2], {source: 0 for source in held}, xx=True)
        return len(held)

    def holders(self) -> list[str]:
        return sorted({str(who) for who in self._redis.hvals(self._keys[3])})

    def depth(self) -> int:
        return int(self._redis.zcard(self._keys[0]))

    def sweep(self, now: float) -> int:
        """Nothing to sweep: each ``seen:`` id expires after ``KEEP_SEEN``, a handled event leaves with ``done``."""
        return 0
