"""How many open measures nobody updated for 30 days, by unit: in the weekly digest and on the มาตรการ card."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from handlers.conversation.replies import Flex
from handlers.jobs.summaries import weekly_digest
from handlers.measures.staleness import stale_by_unit
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import STAFF, said, talk, with_rows

MONTH_LATER = date(2026, 12, 23)  # the demo's อัปเดตล่าสุด is 23 พ.ย. 2569 for every measure


def digest_text(snapshot: Snapshot, today: date) -> str:
    return "\n".join(m.alt_text for _, m in weekly_digest(snapshot, today).posts if isinstance(m, Flex))


def test_open_measures_count_after_thirty_days_and_closed_ones_never(demo_snapshot: Snapshot) -> None:
    assert stale_by_unit(demo_snapshot.measures, date(2026, 12, 22)) == {}
    assert stale_by_unit(demo_snapshot.measures, MONTH_LATER) == {
        "กองการศึกษา": ["M2570-08"], "กองคลัง": ["M2570-05", "M2570-06"], "กองช่าง": ["M2570-09"],
        "งานนิติการ": ["M2570-03", "M2570-04"], "สำนักปลัดเทศบาล": ["M2570-02", "M2570-10"]}


def test_the_weekly_digest_names_the_units(demo_snapshot: Snapshot) -> None:
    text = digest_text(demo_snapshot, MONTH_LATER)
    assert "มาตรการที่ไม่ได้อัปเดตเกิน 30 วัน (ตามหน่วยงาน)\n• กองการศึกษา: 1 รายการ (M2570-08)\n" in text
    assert "• กองคลัง: 2 รายการ (M2570-05, M2570-06)" in text
    assert "ทุกมาตรการที่ยังไม่เสร็จอัปเดตภายใน 30 วัน" in digest_text(demo_snapshot, date(2026, 11, 30))


def test_a_measure_updated_this_month_is_not_counted(demo_snapshot: Snapshot) -> None:
    fresh = tuple(replace(m, updated=date(2026, 12, 20)) if m.code == "M2570-06" else m for m in demo_snapshot.measures)
    text = digest_text(with_rows(demo_snapshot, "มาตรการ", fresh), MONTH_LATER)
    assert "• กองคลัง: 1 รายการ (M2570-05)" in text


def test_the_measures_card_says_it_by_unit(tmp_path: Path, demo_snapshot: Snapshot) -> None:
    later = Assistant(SqliteStateStore(tmp_path / "s.sqlite3", "k" * 32),
                      lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(),
                      FakeClock(datetime(2026, 12, 23, 9)))
    every_unit = said(talk(later, demo_snapshot, STAFF, "มาตรการ ทุกหน่วยงาน"))
    assert ("ไม่ได้อัปเดตเกิน 30 วัน: กองการศึกษา 1 รายการ · กองคลัง 2 รายการ · กองช่าง 1 รายการ · "
            "งานนิติการ 2 รายการ · สำนักปลัดเทศบาล 2 รายการ") in every_unit
    assert "กองคลัง 2 รายการ" in said(talk(later, demo_snapshot, STAFF, "มาตรการ กองคลัง"))
    now = Assistant(SqliteStateStore(tmp_path / "n.sqlite3", "k" * 32), lambda user: user, FakeClock())
    assert "ไม่ได้อัปเดตเกิน" not in said(talk(now, demo_snapshot, STAFF, "มาตรการ"))
