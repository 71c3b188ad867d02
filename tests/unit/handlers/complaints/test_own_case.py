"""Issue 36: what the notice promises, done — by receipt a complainant reads, adds to and withdraws their case."""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from handlers.complaints.desk import ComplaintDesk, normalize_receipt
from handlers.complaints.statistics import complaint_counts
from handlers.conversation.engine import Incoming
from handlers.staff.assistant import Assistant
from sheets.records import HistoryRow
from sheets.workbook import Snapshot
from state.attachments import AttachmentStore
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.row_changes import RowChange, RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, buttons, said, talk, with_rows
from tests.unit.handlers.casework.test_casework_dialogues import OFFICER, case

RECEIPTS = {"2570-0001": "AAAA-BBBB-C1", "2570-0002": "AAAA-BBBB-C2", "2570-0003": "AAAA-BBBB-C3"}
CASES = (case(1, status="กำลังตรวจสอบ"), case(2, officer="วิชัย ตรงธรรม"), replace(case(3), status="ยุติเรื่อง"))
GROUP = "C" + "6" * 32


@pytest.fixture
def cases(demo_snapshot: Snapshot) -> Snapshot:
    return with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)


@pytest.fixture
def photos(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path / "attachments", 10 * 1024 * 1024)


@pytest.fixture
def own(tmp_path: Path, clock: FakeClock, outbox: Outbox, ledger: ComplaintLedger,
        photos: AttachmentStore) -> Assistant:
    for case_no, receipt in RECEIPTS.items():
        ledger.record(case_no, normalize_receipt(receipt), None, "รับเรื่อง")
    desk = ComplaintDesk(ledger, OutboxWriter(outbox, clock), clock, rng=random.Random(7), photos=photos)
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     writer=OutboxWriter(outbox, clock), desk=desk, row_changes=RowChangeWriter(outbox, clock))


def changes(outbox: Outbox, clock: FakeClock) -> list[RowChange]:
    entries = [e for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 10)]
    assert all(CITIZEN not in str(e.row) for e in entries)  # never the complainant's identity
    return [decode(e) for e in entries]


def cells(change: RowChange) -> list[str]:
    return [f"{c.header}={c.old}>{c.new}" for c in change.cells]


def notices(own: Assistant, snapshot: Snapshot, text: str) -> list[tuple[str, str, list[str]]]:
    answer = own.respond(Incoming("text", CITIZEN, text), snapshot)
    return [(to, reply.text if hasattr(reply, "text") else "", [q.label for q in reply.quick_replies])
            for to, reply in answer.notices]


@pytest.mark.parametrize("typed", ["ขอถอนเรื่อง AAAA-BBBB-C1 ค่ะ", "ถอนเรื่อง aaaa bbbb c1", "ถอนเรื่องครับ AAAA-BBBB-C๑"])
def test_withdrawing_by_receipt_asks_then_closes_the_case_as_withdrawn(
        own: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock, typed: str) -> None:
    asked = talk(own, cases, CITIZEN, typed)
    assert "ยืนยันถอนเรื่องเลขที่ 2570-0001 หรือไม่" in said(asked)
    assert buttons(asked) == ["ยืนยันถอนเรื่อง", "ไม่ถอน"] and outbox.depth() == 0
    told = notices(own, cases, "ยืนยันถอนเรื่องค่ะ")
    (change,) = changes(outbox, clock)
    assert (change.key, change.action, change.by) == ("2570-0001", "ผู้ร้องถอนเรื่อง", "ผู้ร้อง")
    assert cells(change) == ["สถานะ=กำลังตรวจสอบ>ถอนเรื่อง", f"ปิดเรื่องเมื่อ=>{clock():%d/%m}/2569"]
    assert told == [(GROUP, told[0][1], [])] and "ผู้ร้องขอถอนเรื่องเลขที่ 2570-0001" in told[0][1]
    assert "เปิดเรื่องได้ในแชตกับบอท: พิมพ์ เรื่อง 2570-0001" in told[0][1]  # no buttons without the bot's id


def test_not_confirming_withdraws_nothing(own: Assistant, cases: Snapshot, outbox: Outbox) -> None:
    talk(own, cases, CITIZEN, "ถอนเรื่อง AAAA-BBBB-C1")
    assert "ยังไม่ได้ถอนเรื่องเลขที่ 2570-0001" in said(talk(own, cases, CITIZEN, "ไม่ถอน"))
    assert outbox.depth() == 0


def test_the_follow_answer_offers_read_add_and_withdraw(own: Assistant, cases: Snapshot, outbox: Outbox,
                                                         clock: FakeClock) -> None:
    followed = talk(own, cases, CITIZEN, "ติดตาม AAAA-BBBB-C2")
    assert buttons(followed) == ["ดูเรื่องที่แจ้ง", "เพิ่มข้อมูล/รูป", "ถอนเรื่อง", "เมนู"]
    read = said(talk(own, cases, CITIZEN, "ดูเรื่องที่แจ้งไว้"))
    assert "เรื่องที่คุณแจ้งไว้ เลขที่ 2570-0002" in read and "รายละเอียดเรื่อง 2" in read
    assert "ผู้ถูกร้อง: กองช่าง" in read and "สถานที่: ตลาด" in read
    talk(own, cases, CITIZEN, "ถอนเรื่องนี้")
    told = notices(own, cases, "ยืนยันถอนเรื่อง")
    assert [to for to, _, _ in told] == [OFFICER] and told[0][2] == ["เรื่อง 2570-0002"]  # the officer in charge
    assert cells(changes(outbox, clock)[0])[0] == "สถานะ=รับเรื่อง>ถอนเรื่อง"


def test_adding_information_and_a_photo_writes_a_history_row_and_tells_the_officer(
        own: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock, photos: AttachmentStore) -> None:
    assert "พิมพ์ข้อความที่ต้องการเพิ่มหรือแก้ไข" in said(talk(own, cases, CITIZEN, "เพิ่มข้อมูล AAAA-BBBB-C1 ครับ"))
    assert "ข้อความ 22 ตัวอักษร รูป 0 รูป" in said(talk(own, cases, CITIZEN, "มีพยานอีกคนคือคนขายของ"))
    assert "รูป 1 รูป" in said(talk(own, cases, CITIZEN, "attachments/a.jpg", kind="image"))
    told = notices(own, cases, "ส่งข้อมูลเพิ่มเติม")
    (change,) = changes(outbox, clock)
    assert (change.key, change.action, change.by, change.cells) == ("2570-0001", "ผู้ร้องเพิ่มข้อมูล", "ผู้ร้อง", ())
    assert change.note == "มีพยานอีกคนคือคนขายของ\n(แนบรูปเพิ่ม 1 รูป)"
    assert photos.references("2570-0001") == ["attachments/a.jpg"]
    assert told[0][0] == GROUP and "มีพยาน" not in told[0][1] and "พร้อมรูป 1 รูป" in told[0][1]


def test_sending_nothing_asks_for_text_or_a_photo(own: Assistant, cases: Snapshot, outbox: Outbox) -> None:
    talk(own, cases, CITIZEN, "เพิ่มข้อมูล")
    talk(own, cases, CITIZEN, "AAAA-BBBB-C1")
    assert "ยังไม่มีข้อความหรือรูปที่จะเพิ่ม" in said(talk(own, cases, CITIZEN, "ส่ง"))
    assert outbox.depth() == 0


@pytest.mark.parametrize("typed", ["ถอนเรื่อง AAAA-BBBB-C3", "เพิ่มข้อมูล AAAA-BBBB-C3"])
def test_a_closed_case_cannot_be_withdrawn_or_added_to(own: Assistant, cases: Snapshot, outbox: Outbox,
                                                       typed: str) -> None:
    assert "ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น จึง" in said(talk(own, cases, CITIZEN, typed)), "plain words, no office word"
    assert outbox.depth() == 0


def test_a_wrong_receipt_is_not_found(own: Assistant, cases: Snapshot) -> None:
    assert "ไม่พบ" in said(talk(own, cases, CITIZEN, "ถอนเรื่อง ZZZZ-ZZZZ-Z9"))


def test_statistics_count_withdrawn_cases_as_such() -> None:
    counts, overdue = complaint_counts([case(1, status="ถอนเรื่อง", due=date(2026, 1, 1)), case(2)], date(2026, 12, 1))
    assert counts == {"รับเรื่อง": 1, "ถอนเรื่อง": 1} and overdue == []


def test_the_notice_says_what_the_receipt_allows_and_those_commands_exist(own: Assistant, cases: Snapshot) -> None:
    notice = said(talk(own, cases, CITIZEN, "ร้องเรียน"))
    keywords = {keyword for keyword, _ in own.conversation.keywords}
    for command in ("ดูเรื่อง", "เพิ่มข้อมูล", "ถอนเรื่อง"):
        assert f"({command} <เลขรับเรื่อง>" in notice and command in keywords
    assert "ระบบถามยืนยันก่อน" in notice


def test_a_case_not_yet_in_the_sheet_is_read_but_not_changed(own: Assistant, cases: Snapshot, outbox: Outbox,
                                                             ledger: ComplaintLedger) -> None:
    """Its row is still in the outbox: a change of that row would find nothing, so none is queued yet."""
    ledger.record("2570-0009", normalize_receipt("AAAA-BBBB-C9"), None, "รับเรื่อง")
    assert "กำลังบันทึก กรุณาลองอีกครั้งในอีกสักครู่" in said(talk(own, cases, CITIZEN, "ถอนเรื่อง AAAA-BBBB-C9"))
    assert buttons(talk(own, cases, CITIZEN, "ติดตาม AAAA-BBBB-C9")) == ["ดูเรื่องที่แจ้ง", "เมนู"]
    assert outbox.depth() == 0


def test_going_from_reading_to_adding_says_nothing_about_leaving(own: Assistant, cases: Snapshot) -> None:
    """Seen in the demo: ดูเรื่อง then เพิ่มข้อมูล began with "ออกจากขั้นตอน… (ยังไม่ได้บันทึกอะไร)" though nothing was open."""
    talk(own, cases, CITIZEN, "ดูเรื่อง AAAA-BBBB-C1")
    adding = said(talk(own, cases, CITIZEN, "เพิ่มข้อมูล AAAA-BBBB-C1"))
    assert "ออกจากขั้นตอน" not in adding and "ส่งข้อมูลเพิ่มเติม" in adding, adding
    left = said(talk(own, cases, CITIZEN, "ถอนเรื่อง"))
    assert "ออกจากขั้นตอนจัดการเรื่องที่แจ้งไว้แล้ว" in left, "an addition being written is worth a word"


def test_an_addition_of_invisible_characters_only_is_not_kept_and_sending_asks_again(
        own: Assistant, cases: Snapshot, outbox: Outbox) -> None:
    """Found in review: a zero-width space was kept as an empty text, and ส่ง then failed on every retry."""
    talk(own, cases, CITIZEN, "เพิ่มข้อมูล AAAA-BBBB-C1")
    talk(own, cases, CITIZEN, "\u200b")
    assert "ยังไม่มีข้อความหรือรูปที่จะเพิ่ม" in said(talk(own, cases, CITIZEN, "ส่ง"))
    assert outbox.depth() == 0


def test_a_case_reopened_after_a_withdrawal_can_be_withdrawn_again(own: Assistant, cases: Snapshot, outbox: Outbox,
                                                                   clock: FakeClock) -> None:
    """Found in review: one withdrawal id per case for ever dropped the second withdrawal while saying it was done."""
    talk(own, cases, CITIZEN, "ถอนเรื่อง AAAA-BBBB-C1")
    talk(own, cases, CITIZEN, "ยืนยันถอนเรื่อง")
    reopened = with_rows(cases, "ประวัติการดำเนินการ", (
        HistoryRow(2, datetime(2026, 12, 2, 9), "เรื่องร้องเรียน", "2570-0001", "ถอนเรื่อง", "กำลังตรวจสอบ", "ถอนเรื่อง",
                   "ผู้ร้อง", None, None),
        HistoryRow(3, datetime(2026, 12, 3, 9), "เรื่องร้องเรียน", "2570-0001", "เปิดเรื่องอีกครั้ง", "ถอนเรื่อง",
                   "กำลังตรวจสอบ", "วิชัย ตรงธรรม", None, None)))
    talk(own, reopened, CITIZEN, "ถอนเรื่อง AAAA-BBBB-C1")
    talk(own, reopened, CITIZEN, "ยืนยันถอนเรื่อง")
    assert [c.cells[0].new for c in changes(outbox, clock)] == ["ถอนเรื่อง", "ถอนเรื่อง"]
