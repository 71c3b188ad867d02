"""The complaint ledger on Redis: case counters, receipt hashes, sealed opted-in ids, usage counters."""

from __future__ import annotations

from datetime import datetime, timedelta

import redis

from state.complaint_ledger import FILINGS_KEPT, DuplicateReceiptError, Subscriber
from state.redis_store import members
from state.sealing import Sealer

NEXT_CASE = """
if ARGV[3] ~= '' then
  local known = redis.call('GET', KEYS[2])
  if known then
    local case_no, filed_at = string.match(known, '^([^ ]+) (.+)$')
    if filed_at >= ARGV[5] then return {case_no, 0} end
  end
  known = redis.call('HGET', KEYS[3], ARGV[3])
  if known then return {known, 0} end
end
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local number = math.max(last, tonumber(ARGV[1])) + 1
redis.call('SET', KEYS[1], number)
local case_no = string.format('%d-%04d', tonumber(ARGV[2]), number)
if ARGV[3] ~= '' then
  redis.call('HDEL', KEYS[3], ARGV[3])
  redis.call('SET', KEYS[2], case_no .. ' ' .. ARGV[4], 'PX', ARGV[6])
end
return {case_no, 1}
"""
TAKE_QUOTA = """
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if count > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1
"""
GIVE_BACK = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1
"""
RAISE_TO = """
if tonumber(ARGV[1]) > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
"""
USAGE_TTL = timedelta(days=3)


class RedisLedger:
    def __init__(self, client: redis.Redis, prefix: str, secret: str) -> None:
        self._redis = client
        self._prefix = f"{prefix}ledger:"
        self._sealer = Sealer(secret)
        self._next_case = client.register_script(NEXT_CASE)
        self._raise_to = client.register_script(RAISE_TO)
        self._take_quota = client.register_script(TAKE_QUOTA)
        self._give_back = client.register_script(GIVE_BACK)
        self._legacy_dated = False

    def close(self) -> None:
        self._redis.close()

    def next_case_number(self, fiscal_year: int, floor: int, key: str | None = None,
                         now: datetime | None = None) -> str:
        return self.claim_case_number(fiscal_year, floor, key, now)[0]

    def claim_case_number(self, fiscal_year: int, floor: int, key: str | None,
                          now: datetime | None) -> tuple[str, bool]:
        """``2570-0004``: one atomic script, so instances never hand out the same number; same ``key`` within
        ``FILINGS_KEPT``, same case. Each filing is its own key (``filing:<hmac>``) that Redis expires. With the
        number, whether this call made it (False: the key's earlier filing)."""
        filing = key if key and now else ""
        keys = [f"{self._prefix}case:{fiscal_year}", self._filing_key(filing), f"{self._prefix}filings"]
        args: list[str | int] = [floor, fiscal_year, filing, now.isoformat() if now else "", _cutoff(now),
                int(FILINGS_KEPT.total_seconds() * 1000)]
        case_no, made = self._next_case(keys=keys, args=args)
        return str(case_no), bool(int(made))

    def case_for_key(self, key: str, now: datetime) -> str | None:
        """The case ``key`` filed within ``FILINGS_KEPT`` before ``now`` (by the stored time: the clock may be
        a test's), else one an older version kept in the ``filings`` hash while that still lives."""
        stored = self._redis.get(self._filing_key(key))
        if stored is not None:
            case_no, _, filed_at = str(stored).partition(" ")
            return case_no if filed_at >= _cutoff(now) else None
        legacy = self._redis.hget(f"{self._prefix}filings", key)
        return str(legacy) if legacy is not None else None

    def forget_filings(self, now: datetime) -> int:
        """Nothing to sweep: each filing expires with its key (``FILINGS_KEPT``). The first sweep gives the hash
        an older version kept for good its expiry (not at opening: the bot starts while Redis is down)."""
        if not self._legacy_dated:
            legacy = f"{self._prefix}filings"
            if self._redis.ttl(legacy) == -1:  # exists, with no expiry
                self._redis.expire(legacy, FILINGS_KEPT)
            self._legacy_dated = True
        return 0

    def _filing_key(self, key: str) -> str:
        return f"{self._prefix}filing:{key}"

    def record(self, case_no: str, receipt: str, user_id: str | None, status: str) -> None:
        receipts, receipt_hash = f"{self._prefix}receipts", self._sealer.receipt_hash(receipt)
        first = self._redis.hsetnx(receipts, receipt_hash, case_no)
        if not first and self._redis.hget(receipts, receipt_hash) != case_no:  # not our own retried write
            raise DuplicateReceiptError("receipt recorded before")
        if user_id:
            with self._redis.pipeline() as pipe:
                pipe.hset(self._case_key(case_no), mapping={"sealed": self._sealer.seal(user_id).decode(),
                                                            "notified_status": status})
                pipe.sadd(f"{self._prefix}subscribed", case_no)
                pipe.execute()

    def case_for_receipt(self, receipt: str) -> str | None:
        case_no = self._redis.hget(f"{self._prefix}receipts", self._sealer.receipt_hash(receipt))
        return str(case_no) if case_no is not None else None

    def count(self, key: str, window: str, *, add: bool) -> int:
        name = f"{self._prefix}usage:{key}:{window}"
        if not add:
            return int(self._redis.get(name) or 0)
        with self._redis.pipeline() as pipe:
            pipe.incr(name)
            pipe.expire(name, USAGE_TTL)
            count, _ = pipe.execute()
        return int(count)

    def take_quota(self, key: str, window: str, limit: int) -> bool:
        """Count one use of ``key`` in ``window`` if fewer than ``limit`` were counted: INCR and the check on its
        result in one script, so instances can never both take the last one."""
        name = f"{self._prefix}usage:{key}:{window}"
        return bool(self._take_quota(keys=[name], args=[limit, int(USAGE_TTL.total_seconds() * 1000)]))

    def give_back(self, key: str, window: str) -> None:
        """Uncount one use taken with ``take_quota`` (it turned out not to count, e.g. a right receipt)."""
        self._give_back(keys=[f"{self._prefix}usage:{key}:{window}"])

    def subscribers(self) -> list[Subscriber]:
        cases = members(self._redis, f"{self._prefix}subscribed")
        with self._redis.pipeline(transaction=False) as pipe:
            for case_no in cases:
                pipe.hmget(self._case_key(case_no), "sealed", "notified_status", "notified_message")
            rows = pipe.execute()
        subscribers = []
        for case_no, (sealed, status, message) in zip(cases, rows, strict=True):
            user_id = self._sealer.unseal(sealed.encode()) if sealed else None
            if user_id is not None:
                subscribers.append(Subscriber(case_no, user_id, status, self._sealer.open_message(case_no, message)))
        return subscribers

    def mark_notified(self, case_no: str, status: str | None, message: str | None) -> None:
        with self._redis.pipeline() as pipe:
            key = self._case_key(case_no)
            sealed = self._sealer.seal_message(case_no, message)
            for field, value in (("notified_status", status), ("notified_message", sealed)):
                pipe.hset(key, field, value) if value is not None else pipe.hdel(key, field)
            pipe.execute()

    def mark_closed(self, case_no: str, now: datetime) -> None:
        self._redis.hsetnx(self._case_key(case_no), "closed_at", now.isoformat())

    def mark_reopened(self, case_no: str) -> None:
        """The case is open again: its retention counts from its next close, not the first one."""
        self._redis.hdel(self._case_key(case_no), "closed_at")

    def forget_closed(self, now: datetime, retention: timedelta) -> int:
        """Delete the identity of complainants whose case closed longer than ``retention`` ago."""
        cutoff = (now - retention).isoformat()
        forgotten = 0
        for case_no in members(self._redis, f"{self._prefix}subscribed"):
            closed_at = self._redis.hget(self._case_key(case_no), "closed_at")
            if closed_at is not None and str(closed_at) < cutoff:
                with self._redis.pipeline() as pipe:
                    pipe.hdel(self._case_key(case_no), "sealed")
                    pipe.srem(f"{self._prefix}subscribed", case_no)
                    pipe.execute()
                forgotten += 1
        return forgotten

    # -- used by ``ita-bot state migrate`` (copies from SQLite) -------------------------------------
    def import_case_counter(self, fiscal_year: int, last: int) -> None:
        self._raise_to(keys=[f"{self._prefix}case:{fiscal_year}"], args=[last])

    def import_receipt(self, receipt_hash: str, case_no: str) -> bool:
        return bool(self._redis.hsetnx(f"{self._prefix}receipts", receipt_hash, case_no))

    def import_subscriber(self, case_no: str, sealed: bytes, status: str | None, message: str | None,
                          closed_at: str | None) -> None:
        fields = {"sealed": sealed.decode(), "notified_status": status, "notified_message": message,
                  "closed_at": closed_at}
        with self._redis.pipeline() as pipe:
            pipe.hset(self._case_key(case_no), mapping={k: v for k, v in fields.items() if v is not None})
            pipe.sadd(f"{self._prefix}subscribed", case_no)
            pipe.execute()

    def _case_key(self, case_no: str) -> str:
        return f"{self._prefix}complainant:{case_no}"


def _cutoff(now: datetime | None) -> str:
    """Filings stamped before this are past ``FILINGS_KEPT`` (ISO times sort as text)."""
    return (now - FILINGS_KEPT).isoformat() if now else ""
