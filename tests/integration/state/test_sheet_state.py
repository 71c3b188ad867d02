"""What change-driven reading keeps in the state store: the shared read (compressed), the change counter,
the read claim, and each service account's Drive page token, on SQLite and on Redis."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

from state.page_tokens import RedisPageTokens, SqlitePageTokens
from state.redis_store import connect_redis
from state.shared_snapshot import RedisSnapshot, StoredRead

TABLES = {"ตั้งค่า": [["รายการ", "ค่า"], ["org_name", "อบต.บางจาก"]], "คะแนน": [["ปีงบประมาณ"], [2568]] * 200}


def test_a_read_is_stored_compressed_and_loaded_whole_by_another_instance(redis_url: str) -> None:
    client = connect_redis(redis_url)
    client.delete("ita:{snap-test}:sheet:read", "ita:{snap-test}:sheet:changes", "ita:{snap-test}:sheet:reading")
    first = RedisSnapshot(client, "ita:{snap-test}:")
    second = RedisSnapshot(connect_redis(redis_url), "ita:{snap-test}:")
    assert second.latest() is None and second.load() is None
    first.mark_changed()
    assert second.changes() == 1
    first.store(StoredRead(1, 1000.5), TABLES)
    assert second.latest() == StoredRead(1, 1000.5)
    assert second.load() == (StoredRead(1, 1000.5), TABLES)
    stored = client.hget("ita:{snap-test}:sheet:read", "data")
    assert stored is not None and len(stored) < len(json.dumps(TABLES, ensure_ascii=False).encode()) / 4
    assert first.claim_read(60) and not second.claim_read(60)
    first.release_read()
    assert second.claim_read(60)


def test_page_tokens_survive_a_restart(tmp_path: Path, redis_url: str) -> None:
    makers = (lambda: SqlitePageTokens(tmp_path / "drive.sqlite3"), lambda: RedisPageTokens(connect_redis(redis_url)))
    for make in makers:
        tokens = make()
        assert tokens.load("other@fake") is None
        tokens.save("sa@fake", "41")
        tokens.save("sa@fake", "42")
        assert make().load("sa@fake") == "42"


def test_zlib_is_what_is_stored(redis_url: str) -> None:
    client = connect_redis(redis_url)
    RedisSnapshot(client, "ita:{zlib-test}:").store(StoredRead(3, 5.0), TABLES)
    data = client.hget("ita:{zlib-test}:sheet:read", "data")
    assert json.loads(zlib.decompress(base64.b64decode(str(data)))) == TABLES
