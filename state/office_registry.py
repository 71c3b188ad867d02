"""The offices added with ``ita-bot office add``, in the deployment's state store (SQLite or Redis).

Each office is one JSON document; its channel secret and access token are sealed with Fernet under a key
derived from ITA_SECRET_KEY, so neither is ever in clear in the store, a backup or a log.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cryptography.fernet import InvalidToken

from common.config import is_redis
from common.offices import OfficeRecord
from state.sealing import fernet_for
from state.sqlite import connect

if TYPE_CHECKING:
    import redis

SECRETS = ("channel_secret", "access_token")
REDIS_KEY = "ita:offices"
SCHEMA = "CREATE TABLE IF NOT EXISTS offices (id TEXT PRIMARY KEY, document TEXT NOT NULL);"


class OfficeExistsError(ValueError):
    """An office with this id is registered already."""


class OfficeRegistry(Protocol):
    def add(self, record: OfficeRecord) -> None: ...
    def get(self, office_id: str) -> OfficeRecord | None: ...
    def all(self) -> list[OfficeRecord]: ...
    def remove(self, office_id: str) -> bool: ...
    def rotate(self, office_id: str, channel_secret: str, access_token: str) -> OfficeRecord | None: ...
    def close(self) -> None: ...


class Sealed:
    """Records to and from their stored JSON; secrets sealed, and left empty when ITA_SECRET_KEY changed."""

    def __init__(self, secret_key: str) -> None:
        self._fernet = fernet_for(secret_key, "office-secrets")

    def dump(self, record: OfficeRecord) -> str:
        document = {key: value for key, value in asdict(record).items() if key not in SECRETS}
        secrets = json.dumps([record.channel_secret, record.access_token]).encode()
        document["sealed"] = self._fernet.encrypt(secrets).decode()
        return json.dumps(document, ensure_ascii=False)

    def load(self, text: str) -> OfficeRecord:
        document = json.loads(text)
        try:
            secret, token = json.loads(self._fernet.decrypt(document.pop("sealed").encode()))
        except InvalidToken:
            secret = token = ""
        return OfficeRecord(**document, channel_secret=secret, access_token=token)


class SqliteOfficeRegistry:
    def __init__(self, path: Path, secret_key: str) -> None:
        self._db = connect(path, SCHEMA, synchronous="FULL")
        self._sealed = Sealed(secret_key)
        self._lock = threading.Lock()

    def add(self, record: OfficeRecord) -> None:
        try:
            with self._lock:
                self._db.execute("INSERT INTO offices (id, document) VALUES (?, ?)",
                                 (record.id, self._sealed.dump(record)))
        except sqlite3.IntegrityError:
            raise OfficeExistsError(record.id) from None

    def get(self, office_id: str) -> OfficeRecord | None:
        with self._lock:
            row = self._db.execute("SELECT document FROM offices WHERE id = ?", (office_id,)).fetchone()
        return self._sealed.load(row[0]) if row else None

    def all(self) -> list[OfficeRecord]:
        with self._lock:
            rows = self._db.execute("SELECT document FROM offices ORDER BY id").fetchall()
        return [self._sealed.load(row[0]) for row in rows]

    def remove(self, office_id: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM offices WHERE id = ?", (office_id,)).rowcount > 0

    def rotate(self, office_id: str, channel_secret: str, access_token: str) -> OfficeRecord | None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute("SELECT document FROM offices WHERE id = ?", (office_id,)).fetchone()
            record = None
            if row:
                old = self._sealed.load(row[0])
                record = replace(old, channel_secret=channel_secret, access_token=access_token,
                                 version=old.version + 1)
                self._db.execute("UPDATE offices SET document = ? WHERE id = ?",
                                 (self._sealed.dump(record), office_id))
            self._db.execute("COMMIT")
        return record

    def close(self) -> None:
        self._db.close()


class RedisOfficeRegistry:
    """One hash, ``ita:offices``: field = office id, value = the sealed document."""

    def __init__(self, client: redis.Redis, secret_key: str) -> None:
        self._client = client
        self._sealed = Sealed(secret_key)

    def add(self, record: OfficeRecord) -> None:
        if not self._client.hsetnx(REDIS_KEY, record.id, self._sealed.dump(record)):
            raise OfficeExistsError(record.id)

    def get(self, office_id: str) -> OfficeRecord | None:
        text = self._client.hget(REDIS_KEY, office_id)
        return self._sealed.load(str(text)) if text else None

    def all(self) -> list[OfficeRecord]:
        documents = self._client.hgetall(REDIS_KEY)
        return [self._sealed.load(str(documents[key])) for key in sorted(documents)]

    def remove(self, office_id: str) -> bool:
        return bool(self._client.hdel(REDIS_KEY, office_id))

    def rotate(self, office_id: str, channel_secret: str, access_token: str) -> OfficeRecord | None:
        old = self.get(office_id)
        if old is None:
            return None
        record = replace(old, channel_secret=channel_secret, access_token=access_token, version=old.version + 1)
        self._client.hset(REDIS_KEY, office_id, self._sealed.dump(record))
        return record

    def close(self) -> None:
        """The client is shared by the process (``state.stores.shared_client``)."""


def open_registry(state_url: str, data_dir: Path, secret_key: str) -> OfficeRegistry:
    """Redis when ITA_STATE_URL is redis://…, else ``offices.sqlite3`` in ITA_DATA_DIR."""
    if is_redis(state_url):
        from state.stores import shared_client

        return RedisOfficeRegistry(shared_client(state_url), secret_key)
    return SqliteOfficeRegistry(data_dir / "offices.sqlite3", secret_key)


def purge_office_state(state_url: str, data_dir: Path, office_id: str) -> None:
    """Delete everything an office kept outside its sheet (``office remove --purge``): its keys or its folder."""
    if is_redis(state_url):
        from state.redis_store import key_prefix
        from state.stores import shared_client

        client = shared_client(state_url)
        for key in client.scan_iter(match=key_prefix(office_id) + "*", count=500):
            client.delete(key)
        return
    shutil.rmtree(data_dir / office_id, ignore_errors=True)
