"""One office's sheet as last read, shared by every instance: read once per change, loaded by the others.

The change counter goes up when anyone marks the sheet changed (a push, Drive, the sweep, our own row
change); a stored read covers the counter's value taken before it started. Redis keeps the read as zlib
of its JSON (sheet data only: no complainant identity is in the sheet); SQLite state keeps it in memory.
"""

from __future__ import annotations

import base64
import json
import threading
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import redis

Tables = Mapping[str, Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class StoredRead:
    generation: int
    read_at: float
    """Epoch seconds when the read was made."""


class SharedSnapshot(Protocol):
    def changes(self) -> int: ...

    def mark_changed(self) -> None: ...

    def latest(self) -> StoredRead | None:
        """What the stored read covers, without its data."""
        ...

    def load(self) -> tuple[StoredRead, Tables] | None: ...

    def store(self, read: StoredRead, tables: Tables) -> None: ...

    def claim_read(self, seconds: float) -> bool:
        """Only one instance reads the sheet at a time; the claim lapses after ``seconds``."""
        ...

    def release_read(self) -> None: ...


class LocalSnapshot:
    """One process (SQLite state): the counter and the read in memory."""

    def __init__(self) -> None:
        self._changes = 0
        self._read: tuple[StoredRead, Tables] | None = None
        self._lock = threading.Lock()

    def changes(self) -> int:
        return self._changes

    def mark_changed(self) -> None:
        with self._lock:
            self._changes += 1

    def latest(self) -> StoredRead | None:
        return self._read[0] if self._read else None

    def load(self) -> tuple[StoredRead, Tables] | None:
        return self._read

    def store(self, read: StoredRead, tables: Tables) -> None:
        self._read = (read, tables)

    def claim_read(self, seconds: float) -> bool:
        return True

    def release_read(self) -> None:
        return None


class RedisSnapshot:
    """Keys ``<prefix>sheet:changes``, ``<prefix>sheet:read`` (a hash) and ``<prefix>sheet:reading``."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._changes_key = prefix + "sheet:changes"
        self._read_key = prefix + "sheet:read"
        self._claim_key = prefix + "sheet:reading"

    def changes(self) -> int:
        return int(self._client.get(self._changes_key) or 0)

    def mark_changed(self) -> None:
        self._client.incr(self._changes_key)

    def latest(self) -> StoredRead | None:
        generation, read_at = self._client.hmget(self._read_key, ["generation", "read_at"])
        return StoredRead(int(generation), float(read_at)) if generation is not None and read_at else None

    def load(self) -> tuple[StoredRead, Tables] | None:
        fields = self._client.hgetall(self._read_key)
        if "data" not in fields:
            return None
        tables = json.loads(zlib.decompress(base64.b64decode(fields["data"])))
        return StoredRead(int(fields["generation"]), float(fields["read_at"])), tables

    def store(self, read: StoredRead, tables: Tables) -> None:
        data = base64.b64encode(zlib.compress(json.dumps(tables, ensure_ascii=False, default=str).encode(), 6))
        self._client.hset(self._read_key, mapping={"generation": read.generation, "read_at": repr(read.read_at),
                                                   "data": data.decode()})

    def claim_read(self, seconds: float) -> bool:
        return bool(self._client.set(self._claim_key, "1", nx=True, px=int(seconds * 1000)))

    def release_read(self) -> None:
        self._client.delete(self._claim_key)
