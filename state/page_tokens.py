"""Where each service account's Drive changes feed was last read (its page token), kept across restarts."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from state.sqlite import connect

if TYPE_CHECKING:
    import redis

SCHEMA = "CREATE TABLE IF NOT EXISTS page_tokens (account TEXT PRIMARY KEY, token TEXT NOT NULL);"


class PageTokens(Protocol):
    def load(self, account: str) -> str | None: ...

    def save(self, account: str, token: str) -> None: ...


class SqlitePageTokens:
    def __init__(self, path: Path) -> None:
        self._db = connect(path, SCHEMA, synchronous="NORMAL")
        self._lock = threading.Lock()

    def load(self, account: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT token FROM page_tokens WHERE account = ?", (account,)).fetchone()
        return str(row[0]) if row else None

    def save(self, account: str, token: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO page_tokens VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET token = "
                             "excluded.token", (account, token))


class RedisPageTokens:
    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def load(self, account: str) -> str | None:
        token = self._client.get(f"ita:{{drive}}:page-token:{account}")
        return str(token) if token is not None else None

    def save(self, account: str, token: str) -> None:
        self._client.set(f"ita:{{drive}}:page-token:{account}", token)
