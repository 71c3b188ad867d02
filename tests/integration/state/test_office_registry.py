"""The office registry on SQLite and on Redis: add once, rotate, remove; secrets never in clear in the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import redis

from common.config import Config
from common.offices import OfficeRecord, registered_office
from state.office_registry import OfficeExistsError, open_registry

KEY = "k" * 32
RECORD = OfficeRecord("nongbua", "อบต.หนองบัว", "s3cret-channel-secret", "t0ken-access-token",
                      spreadsheet_id="sheet-1", google_credentials="/etc/ita/sa.json")


def stored_bytes(state_url: str, tmp_path: Path) -> bytes:
    if state_url:
        client = redis.Redis.from_url(state_url)
        return b"".join(client.hvals("ita:offices"))
    db = sqlite3.connect(tmp_path / "offices.sqlite3")
    return "".join(row[0] for row in db.execute("SELECT document FROM offices")).encode()


def test_an_office_is_added_once_and_read_back_by_another_instance(state_url: str, tmp_path: Path) -> None:
    registry = open_registry(state_url, tmp_path, KEY)
    registry.add(RECORD)
    with pytest.raises(OfficeExistsError):
        registry.add(RECORD)
    other = open_registry(state_url, tmp_path, KEY)
    assert other.get("nongbua") == RECORD and other.all() == [RECORD]
    assert other.get("elsewhere") is None
    raw = stored_bytes(state_url, tmp_path)
    assert b"nongbua" in raw and b"s3cret" not in raw and b"t0ken" not in raw, "secrets sealed, never in clear"


def test_rotate_bumps_the_version_and_remove_forgets(state_url: str, tmp_path: Path) -> None:
    registry = open_registry(state_url, tmp_path, KEY)
    registry.add(RECORD)
    rotated = registry.rotate("nongbua", "new-secret", "new-token")
    assert rotated is not None and rotated.version == 2 and registry.get("nongbua") == rotated
    assert registry.rotate("elsewhere", "a", "b") is None
    assert registry.remove("nongbua") and not registry.remove("nongbua")
    assert registry.all() == []


def test_with_another_secret_key_the_office_is_listed_but_off(state_url: str, tmp_path: Path) -> None:
    open_registry(state_url, tmp_path, KEY).add(RECORD)
    [record] = open_registry(state_url, tmp_path, "x" * 32).all()
    assert (record.channel_secret, record.access_token) == ("", "")
    office = registered_office(record, Config(data_dir=tmp_path))
    assert office.problem is not None and "ITA_SECRET_KEY" in office.problem


def test_the_office_that_was_single_keeps_its_state_where_it_was(tmp_path: Path) -> None:
    base = Config(data_dir=tmp_path, secret_key=KEY)
    moved = registered_office(OfficeRecord("muaklek", "", "s", "t", state_key="default"), base)
    fresh = registered_office(RECORD, base)
    assert (moved.config.data_dir, moved.config.state_key) == (tmp_path, "default")
    assert fresh.config.data_dir == tmp_path / "nongbua" and fresh.config.store == "google"
