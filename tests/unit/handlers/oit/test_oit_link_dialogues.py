"""ส่งลิงก์ <ข้อ> [url] as dialogue tables: the link is checked at once, who may, bad input writes nothing."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from pathlib import Path

import pytest

from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.outbox import Outbox
from state.row_changes import RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, buttons, said, talk
from tests.unit.handlers.measures.test_update_buttons import message_actions

OFFICER = demo_user_id("demo-officer")
ADMIN = demo_user_id("demo-admin")
GOOD = "https://www.muaklek.go.th/oit/o16-new"


class PagesThatOpen:
    """The link-check port: the pages listed open, every other one answers 404."""

    def __init__(self, *urls: str) -> None:
        self.urls = set(urls)
        self.asked: list[str] = []

    def check(self, url: str, *, fiscal_year: int, website: str) -> tuple[bool | None, str]:
        self.asked.append(url)
        if "down.go.th" in url or "/down/" in url:
            return None, "DNS: ไม่พบชื่อโดเมน"  # the site does not answer: not known to pass or fail
        return (True, "") if url in self.urls else (False, "เว็บไซต์ตอบว่าไม่พบหน้านี้ (404)")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 7, 10))


@pytest.fixture
def pages() -> PagesThatOpen:
    return PagesThatOpen(GOOD, "https://www.muaklek.go.th/oit/o10")


@pytest.fixture
def oit(tmp_path: Path, clock: FakeClock, outbox: Outbox, pages: PagesThatOpen) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     row_changes=RowChangeWriter(outbox, clock), link_check=pages)


def queued(outbox: Outbox, clock: FakeClock) -> list[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    return [(decode(e).key, decode(e).action, decode(e).by, decode(e).also)
            for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 20)]


# (who, what they send in turn, words of the last answer, whether one change is queued)
DIALOGUE = [
    (STAFF, [f"ส่งลิงก์ O16 {GOOD}"], "บันทึกลิงก์ของข้อ O16 มาตรการส่งเสริมคุณธรรม", True),
    (STAFF, [f"ส่งลิงก์ o๑๖ {GOOD}"], "สถานะ: เผยแพร่แล้ว", True),
    (STAFF, ["ส่งลิงก์ O16", GOOD], f"ลิงก์: {GOOD}", True),
    (STAFF, ["ส่งลิงก์ O16", "https://www.muaklek.go.th/oit/gone"], "เปิดลิงก์นี้ไม่ได้: เว็บไซต์ตอบว่าไม่พบหน้านี้ (404)",
     False),
    (STAFF, ["ส่งลิงก์ O16", "www.muaklek.go.th/oit/o16"], "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://", False),
    (STAFF, ["ส่งลิงก์ O16 ftp://muaklek.go.th/o16"], "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://", False),
    (STAFF, ["ส่งลิงก์ O16", "ยกเลิก"], "ยกเลิกแล้ว", False),
    (STAFF, ["ส่งลิงก์ O99 https://x.go.th"], "ไม่พบข้อ O99 ในรายการ OIT ปีงบประมาณ 2570", False),
    (STAFF, ["ส่งลิงก์ O10 https://www.muaklek.go.th/oit/o10"],
     "ข้อ O10 อยู่ในความรับผิดชอบของ กองคลัง จึงส่งลิงก์ได้เฉพาะเจ้าหน้าที่ของ กองคลัง และผู้ดูแลระบบ", False),
    (OFFICER, [f"ส่งลิงก์ O16 {GOOD}"], "อยู่ในความรับผิดชอบของ สำนักปลัดเทศบาล", False),
    (CITIZEN, [f"ส่งลิงก์ O16 {GOOD}"], "สำหรับเจ้าหน้าที่ที่ลงทะเบียนและได้รับอนุมัติแล้ว", False),
    (ADMIN, ["ส่งลิงก์ O10 https://www.muaklek.go.th/oit/o10"], "บันทึกลิงก์ของข้อ O10", True),
]


@pytest.mark.parametrize(("user", "turns", "expected", "written"), DIALOGUE)
def test_handing_in_an_oit_link(oit: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock,
                                user: str, turns: list[str], expected: str, written: bool) -> None:
    for text in turns:
        answer = talk(oit, demo_snapshot, user, text)
    assert expected in said(answer)
    assert len(queued(outbox, clock)) == (1 if written else 0)


def test_the_change_sets_link_status_and_date_in_this_years_row(oit: Assistant, demo_snapshot: Snapshot,
                                                                outbox: Outbox, clock: FakeClock) -> None:
    talk(oit, demo_snapshot, STAFF, f"ส่งลิงก์ O16 {GOOD}")
    (entry,) = outbox.due(outbox.tabs_due(clock())[0], clock(), 10)
    change = decode(entry)
    assert (change.tab, change.key_header, change.key, change.also) == ("OIT", "ข้อ", "O16", (("ปีงบประมาณ", "2570"),))
    assert [(c.header, c.old, c.new) for c in change.cells] == [
        ("ลิงก์", "https://www.muaklek.go.th/oit/o16", GOOD), ("สถานะ", "ต้องแก้ไข", "เผยแพร่แล้ว"),
        ("ผลตรวจลิงก์", "", "ใช้ได้"), ("ตรวจเมื่อ", "", "07/12/2569 10:00"), ("อัปเดตล่าสุด", "", "07/12/2569")]
    assert (change.action, change.by) == ("ส่งลิงก์ OIT", "สมศรี ใจดี")


def test_a_bad_link_is_not_checked_and_a_failed_one_can_be_sent_again(
        oit: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock, pages: PagesThatOpen) -> None:
    assert "ลิงก์ต้องขึ้นต้นด้วย http://" in said(talk(oit, demo_snapshot, STAFF, "ส่งลิงก์ O16 ยังไม่มี"))
    talk(oit, demo_snapshot, STAFF, "ส่งลิงก์ O16 mailto:x@muaklek.go.th")
    assert pages.asked == []
    assert buttons(talk(oit, demo_snapshot, STAFF, "https://www.muaklek.go.th/oit/gone")) == ["ยกเลิก"]
    assert "บันทึกลิงก์ของข้อ O16" in said(talk(oit, demo_snapshot, STAFF, GOOD))
    assert pages.asked == ["https://www.muaklek.go.th/oit/gone", GOOD] and len(queued(outbox, clock)) == 1


def test_a_double_tap_queues_one_change(oit: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                        clock: FakeClock) -> None:
    for _ in range(2):
        talk(oit, demo_snapshot, STAFF, f"ส่งลิงก์ O16 {GOOD}")
    assert len(queued(outbox, clock)) == 1


def test_every_item_still_to_do_on_the_oit_card_has_a_button_in_upper_case(oit: Assistant,
                                                                            demo_snapshot: Snapshot) -> None:
    (card,) = [r for r in talk(oit, demo_snapshot, STAFF, "OIT ทุกหน่วยงาน") if isinstance(r, Flex)]
    actions = message_actions(card.contents)
    assert {label for label, _ in actions} == {"ส่งลิงก์"} and len(actions) == 7
    assert [text for _, text in actions][:2] == ["ส่งลิงก์ O10", "ส่งลิงก์ O16"]
    assert "o10" not in str(card.contents)
    assert "ส่งเป็นลิงก์" not in said(talk(oit, demo_snapshot, STAFF, "ส่งลิงก์ O10"))


def test_without_a_link_check_no_link_is_taken(tmp_path: Path, clock: FakeClock, outbox: Outbox,
                                               demo_snapshot: Snapshot) -> None:
    bare = Assistant(SqliteStateStore(tmp_path / "bare.sqlite3", "k" * 32), lambda user: user, clock,
                     row_changes=RowChangeWriter(outbox, clock))
    assert "ขออภัย" in said(talk(bare, demo_snapshot, STAFF, f"ส่งลิงก์ O16 {GOOD}")) and outbox.depth() == 0


@pytest.mark.parametrize("text", ["ส่งลิงก์ให้หน่อยได้ไหม", "ส่งลิงก์ยังไงคะ"])
def test_a_sentence_that_starts_with_the_word_is_not_the_command(oit: Assistant, demo_snapshot: Snapshot,
                                                                 text: str) -> None:
    assert "ไม่พบข้อ" not in said(talk(oit, demo_snapshot, STAFF, text))
    assert "ส่งลิงก์หน้าที่เผยแพร่" not in said(talk(oit, demo_snapshot, STAFF, text))


def test_a_link_handed_in_while_the_site_is_down_is_saved_to_check_later(oit: Assistant, demo_snapshot: Snapshot,
                                                                         outbox: Outbox, clock: FakeClock) -> None:
    later = "https://www.muaklek.go.th/down/o16"
    answer = said(talk(oit, demo_snapshot, STAFF, f"ส่งลิงก์ O16 {later}"))
    assert "ตอนนี้เข้าเว็บไซต์ไม่ได้ (DNS: ไม่พบชื่อโดเมน)" in answer and "บันทึกลิงก์ไว้แล้วในสถานะ รอตรวจ" in answer
    assert "แจ้งผลให้ทราบทางแชตนี้" in answer
    (entry,) = outbox.due(outbox.tabs_due(clock())[0], clock(), 10)
    change = decode(entry)
    assert [(c.header, c.new) for c in change.cells] == [
        ("ลิงก์", later), ("ผลตรวจลิงก์", "รอตรวจ 1 วัน ตั้งแต่ 07/12/2569 (DNS: ไม่พบชื่อโดเมน) · ส่งโดย สมศรี ใจดี"),
        ("ตรวจเมื่อ", "07/12/2569 10:00"), ("อัปเดตล่าสุด", "07/12/2569")], "the status is left as it was"
    assert change.action == "ส่งลิงก์ OIT (รอตรวจ)"
