"""The LINE complaint notice links the full PDPA notice and says the retention complaint-sync acts on."""

from __future__ import annotations

from pathlib import Path

from handlers.complaints.desk import CLOSED_KEPT_DAYS, ComplaintDesk
from handlers.staff.assistant import Assistant
from sheets.records import Setting
from sheets.workbook import Snapshot
from state.outbox import Outbox, OutboxWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, said, talk, with_rows


def bot(tmp_path: Path, clock: FakeClock, outbox: Outbox, desk: ComplaintDesk, web_form_url: str) -> Assistant:
    return Assistant(SqliteStateStore(tmp_path / "s.sqlite3", "k" * 32), lambda user: "p" + user[-6:], clock,
                     writer=OutboxWriter(outbox, clock), desk=desk, web_form_url=web_form_url)


def test_the_notice_links_the_privacy_page_beside_the_bots_own_form(tmp_path: Path, clock: FakeClock, outbox: Outbox,
                                                                    desk: ComplaintDesk,
                                                                    demo_snapshot: Snapshot) -> None:
    assistant = bot(tmp_path, clock, outbox, desk, "https://ita.example.go.th/muaklek/complaint")
    intro = said(talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน"))
    assert "ประกาศความเป็นส่วนตัวฉบับเต็ม: https://ita.example.go.th/muaklek/privacy" in intro
    assert f"ลบเมื่อปิดเรื่องแล้ว {CLOSED_KEPT_DAYS} วัน" in intro


def test_without_a_public_address_there_is_no_link(tmp_path: Path, clock: FakeClock, outbox: Outbox,
                                                   desk: ComplaintDesk, demo_snapshot: Snapshot) -> None:
    intro = said(talk(bot(tmp_path, clock, outbox, desk, ""), demo_snapshot, CITIZEN, "ร้องเรียน"))
    assert "ประกาศความเป็นส่วนตัวฉบับเต็ม" not in intro and "ขั้นที่ 1/7" in intro


def test_the_retention_said_is_the_one_complaint_sync_uses(tmp_path: Path, clock: FakeClock, outbox: Outbox,
                                                           desk: ComplaintDesk, demo_snapshot: Snapshot) -> None:
    for typed, days in (("๙๐", 90), ("ไม่แน่ใจ", CLOSED_KEPT_DAYS)):  # Thai digits read; a wrong cell: the default
        settings = tuple(s for s in demo_snapshot.rows("ตั้งค่า", Setting) if s.key != "complaint_retention_days")
        snapshot = with_rows(demo_snapshot, "ตั้งค่า", (*settings, Setting(98, "complaint_retention_days", typed, None)))
        intro = said(talk(bot(tmp_path / typed, clock, outbox, desk, ""), snapshot, CITIZEN, "ร้องเรียน"))
        assert f"ลบเมื่อปิดเรื่องแล้ว {days} วัน" in intro, typed
