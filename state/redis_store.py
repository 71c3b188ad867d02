"""State on Redis, shared by every instance: event dedupe, sessions and job claims (DESIGN §7).

Claims are ``SET NX`` with an expiry. Each claim writes a fresh token, so when a reply is lost and
the client retries, finding our own token means "claimed by us", not "a duplicate".
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime, timedelta

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from state.store import KEEP_TURNS, SESSION_TTL, Session, SessionSeal

log = logging.getLogger(__name__)
JOB_CLAIM_TTL = timedelta(days=400)


def connect_redis(url: str, *, timeout: float = 5.0) -> redis.Redis:
    """A client with timeouts and a few jittered retries of connection errors."""
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=timeout, socket_connect_timeout=timeout,
                                health_check_interval=30,
                                retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
                                retry_on_error=[redis.ConnectionError, redis.TimeoutError])


def key_prefix(office: str) -> str:
    """``ita:{office}:`` — the braces keep one office's keys in one Redis Cluster slot (Lua scripts need it)."""
    return f"ita:{{{office}}}:"


def claim(client: redis.Redis, key: str, ttl: timedelta) -> bool:
    """True for the first claim of ``key``, also when our own claim's reply was lost and retried."""
    token = uuid.uuid4().hex
    if client.set(key, token, nx=True, px=int(ttl.total_seconds() * 1000)):
        return True
    return bool(client.get(key) == token)


def members(client: redis.Redis, key: str) -> list[str]:
    """A set's members, sorted (the client decodes replies to str)."""
    return sorted(str(member) for member in client.smembers(key))


DURABLE = {"appendonly": "yes", "appendfsync": "always", "maxmemory-policy": "noeviction"}


def check_durability(client: redis.Redis) -> list[str]:
    """The settings (README) without which Redis could lose an acknowledged record; each is logged."""
    try:
        settings = {name: client.config_get(name).get(name) for name in DURABLE}
    except redis.ResponseError:  # managed Redis often forbids CONFIG: the README says what to ask for
        return []
    except redis.RedisError as error:  # down at start: serve anyway (healthz says so), check next start
        log.error("Redis unreachable at start (%s)", type(error).__name__)
        return []
    wrong = [f"{name} {value}" for name, value in DURABLE.items() if settings.get(name) != value]
    if wrong:
        log.warning("Redis needs %s (a crash or eviction may lose queued records)", ", ".join(wrong))
    return wrong


class RedisStateStore:
    def __init__(self, client: redis.Redis, prefix: str, secret: str, *,
                 keep_events: timedelta = timedelta(days=7)) -> None:
        self._redis = client
        self._prefix = prefix
        self._keep_events = keep_events
        self._seal = SessionSeal(secret)

    def close(self) -> None:
        self._redis.close()

    def claim_event(self, event_id: str, now: datetime) -> bool:
        return claim(self._redis, f"{self._prefix}event:{event_id}", self._keep_events)

    def load_session(self, user_key: str) -> Session | None:
        raw = self._redis.get(f"{self._prefix}session:{user_key}")
        if raw is None:
            return None
        stored = json.loads(raw)
        data = self._seal.session_data(user_key, stored["data"])
        if data is None:
            return None
        return Session(stored["flow"], stored["step"], datetime.fromisoformat(stored["updated_at"]), data)

    def save_session(self, user_key: str, session: Session) -> None:
        self._redis.set(f"{self._prefix}session:{user_key}", self._seal.session_json(user_key, session),
                        ex=SESSION_TTL)

    def clear_session(self, user_key: str) -> None:
        self._redis.delete(f"{self._prefix}session:{user_key}")

    def commit_turn(self, user_key: str, session: Session | None, event_id: str, answer: str,
                    now: datetime) -> None:
        """One MULTI/EXEC: the session and the turn change together."""
        with self._redis.pipeline(transaction=True) as pipe:
            if session is None:
                pipe.delete(f"{self._prefix}session:{user_key}")
            else:
                pipe.set(f"{self._prefix}session:{user_key}", self._seal.session_json(user_key, session),
                         ex=SESSION_TTL)
            pipe.set(f"{self._prefix}turn:{event_id}", self._seal.cipher.seal(answer, event_id), ex=KEEP_TURNS)
            pipe.execute()

    def load_turn(self, event_id: str) -> str | None:
        answer = self._redis.get(f"{self._prefix}turn:{event_id}")
        return self._seal.answer(event_id, str(answer) if answer is not None else None)

    def forget_turn(self, event_id: str) -> None:
        self._redis.delete(f"{self._prefix}turn:{event_id}")

    def claim_job(self, job: str, period: str, now: datetime) -> bool:
        return claim(self._redis, f"{self._prefix}job:{job}:{period}", JOB_CLAIM_TTL)

    def release_job(self, job: str, period: str) -> None:
        self._redis.delete(f"{self._prefix}job:{job}:{period}")

    def sweep(self, now: datetime) -> int:
        """Nothing to sweep: sessions, turns and event ids are written with their expiry."""
        return 0

