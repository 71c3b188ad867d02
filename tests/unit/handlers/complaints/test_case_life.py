"""Issue 36, "a case's life, truthfully", replayed: what the complainant is pushed and can do when a case is closed,
reopened, closed again or forwarded; plain Thai for every status; the identity kept from the latest close."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from handlers.complaints.desk import ComplaintDesk, normalize_receipt
from handlers.complaints.status_words import CITIZEN_WORDS, WITHDRAWN, citizen_status
from handlers.complaints.sync import sync_updates
from handlers.conversation.replies import Reply, Text
from handlers.staff.assistant import Assistant
from sheets.records import Complaint, HistoryRow
from sheets.schema import COMPLAINT_STATUSES
from sheets.workbook import Snapshot
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.row_changes import RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, said, talk, with_rows
from tests.unit.handlers.casework.test_casework_dialogues import OFFICER, case

RECEIPT = "AAAA-BBBB-C1"
OTHER = "U" + "d" * 32
OPEN = replace(case(1, status="กำลังตรวจสอบ"), message_to_complainant="อยู่ระหว่างตรวจสอบเอกสาร")
CLOSED = replace(case(1, status="ยุติเรื่อง"), outcome="ลงโทษทางวินัย", closed=date(2026, 11, 23),
                 message_to_complainant="ผู้ถูกร้องคืนเงินให้ท่านแล้ว")
RETENTION = timedelta(days=30)


@pytest.fixture
def life(tmp_path: Path, clock: FakeClock, outbox: Outbox, desk: ComplaintDesk, ledger: ComplaintLedger) -> Assistant:
    ledger.record("2570-0001", normalize_receipt(RECEIPT), CITIZEN, "รับเรื่อง")
    ledger.mark_notified("2570-0001", "กำลังตรวจสอบ", "อยู่ระหว่างตรวจสอบเอกสาร")
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     writer=OutboxWriter(outbox, clock), desk=desk, row_changes=RowChangeWriter(outbox, clock))


def sheet(snapshot: Snapshot, *rows: Complaint) -> Snapshot:
    return with_rows(snapshot, "เรื่องร้องเรียน", rows)


def sync(snapshot: Snapshot, ledger: ComplaintLedger, when: datetime) -> list[Text]:
    pushed: list[Reply] = []
    sync_updates(snapshot, ledger, lambda to, replies, retry_key_seed=None: pushed.extend(replies), when, RETENTION)
    assert all(isinstance(reply, Text) for reply in pushed)
    return [reply for reply in pushed if isinstance(reply, Text)]


def ratings(outbox: Outbox, clock: FakeClock) -> list[tuple[str, str]]:
    entries = [e for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 10)]
    assert all(CITIZEN not in str(e.row) for e in entries), "never the complainant's identity"
    return [(c.key, cell.new) for c in map(decode, entries) for cell in c.cells if cell.header == "ความพึงพอใจ"]


def test_the_closing_push_tells_the_outcome_in_plain_words_with_rating_buttons(
        life: Assistant, demo_snapshot: Snapshot, ledger: ComplaintLedger, outbox: Outbox, clock: FakeClock) -> None:
    (push,) = sync(sheet(demo_snapshot, CLOSED), ledger, clock())
    assert "สถานะ: ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น" in push.text and "ผู้ถูกร้องคืนเงินให้ท่านแล้ว" in push.text
    assert "ยุติเรื่อง" not in push.text and "อยู่ระหว่างตรวจสอบ" not in push.text
    assert "ลงโทษทางวินัย" not in push.text, "the office's result stays with the office"
    assert [(q.label, q.data) for q in push.quick_replies] == [(n, f"ให้คะแนน 2570-0001 {n}") for n in "12345"]
    tapped = said(talk(life, sheet(demo_snapshot, CLOSED), CITIZEN, push.quick_replies[3].data or "", "postback"))
    assert "บันทึกคะแนนความพึงพอใจ 4 จาก 5 ของเรื่อง 2570-0001 แล้ว" in tapped
    assert ratings(outbox, clock) == [("2570-0001", "4")]
    assert sync(sheet(demo_snapshot, replace(CLOSED, rating="4")), ledger, clock()) == [], "told once"


def test_a_case_closed_in_the_sheet_without_a_new_message_does_not_repeat_the_old_one(
        life: Assistant, demo_snapshot: Snapshot, ledger: ComplaintLedger, clock: FakeClock) -> None:
    closed_by_admin = replace(CLOSED, message_to_complainant="อยู่ระหว่างตรวจสอบเอกสาร")
    (push,) = sync(sheet(demo_snapshot, closed_by_admin), ledger, clock())
    assert "ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น" in push.text and "อยู่ระหว่างตรวจสอบ" not in push.text


@pytest.mark.parametrize("who", [OTHER, OFFICER])
def test_only_the_complainant_rates_with_the_buttons(life: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                                     who: str) -> None:
    answer = said(talk(life, sheet(demo_snapshot, CLOSED), who, "ให้คะแนน 2570-0001 1"))
    assert "เฉพาะผู้ร้องที่ส่งเรื่อง 2570-0001" in answer and "ติดตาม" in answer
    assert outbox.depth() == 0


@pytest.mark.parametrize(("row", "expected"), [(replace(CLOSED, rating="5"), "ได้รับคะแนนความพึงพอใจ 5 จาก 5 ไว้แล้ว"),
                                               (OPEN, "ยังไม่ได้ปิดเรื่อง"),
                                               (replace(CLOSED, status="ไม่รับพิจารณา"), "ยังไม่ได้ปิดเรื่อง")])
def test_a_rating_button_on_a_rated_or_open_case_writes_nothing(life: Assistant, demo_snapshot: Snapshot,
                                                                outbox: Outbox, row: Complaint, expected: str) -> None:
    assert expected in said(talk(life, sheet(demo_snapshot, row), CITIZEN, "ให้คะแนน ๒๕๗๐-๐๐๐๑ ๕"))
    assert outbox.depth() == 0


def test_a_refused_case_is_told_in_plain_words_without_rating_buttons(demo_snapshot: Snapshot,
                                                                      ledger: ComplaintLedger, life: Assistant,
                                                                      clock: FakeClock) -> None:
    (push,) = sync(sheet(demo_snapshot, replace(CLOSED, status="ไม่รับพิจารณา")), ledger, clock())
    assert "สถานะ: ปิดเรื่องแล้ว: ไม่รับไว้พิจารณา" in push.text
    assert not any((q.text or "").startswith("ให้คะแนน") for q in push.quick_replies)


def test_reopened_and_closed_again_the_citizen_is_told_asked_again_and_kept_from_the_last_close(
        life: Assistant, demo_snapshot: Snapshot, ledger: ComplaintLedger, outbox: Outbox, clock: FakeClock) -> None:
    first = datetime(2026, 11, 23, 10)
    sync(sheet(demo_snapshot, CLOSED), ledger, first)
    talk(life, sheet(demo_snapshot, CLOSED), CITIZEN, "ให้คะแนน 2570-0001 2")
    reopened = replace(OPEN, message_to_complainant=None)  # what เปิดเรื่องอีกครั้ง leaves in the row
    (told,) = sync(sheet(demo_snapshot, reopened), ledger, first + timedelta(days=20))
    assert "เปิดเรื่องนี้อีกครั้ง" in told.text and "เจ้าหน้าที่กำลังตรวจสอบเรื่องของคุณ" in told.text
    assert "ผู้ถูกร้องคืนเงิน" not in told.text
    again = replace(CLOSED, closed=date(2026, 12, 20), message_to_complainant="ตรวจหลักฐานใหม่แล้ว ไม่พบความผิดเพิ่ม")
    second = datetime(2026, 12, 20, 10)
    (closing,) = sync(sheet(demo_snapshot, again), ledger, second)
    assert "ตรวจหลักฐานใหม่แล้ว" in closing.text and closing.quick_replies[0].data == "ให้คะแนน 2570-0001 1"
    talk(life, sheet(demo_snapshot, again), CITIZEN, "ให้คะแนน 2570-0001 5")
    assert ratings(outbox, clock) == [("2570-0001", "2"), ("2570-0001", "5")], "each close is rated once"
    sync(sheet(demo_snapshot, replace(again, rating="5")), ledger, second + timedelta(days=29))
    assert [s.case_no for s in ledger.subscribers()] == ["2570-0001"], "30 days from the latest close, not the first"
    sync(sheet(demo_snapshot, replace(again, rating="5")), ledger, second + timedelta(days=31))
    assert ledger.subscribers() == []


def test_follow_after_a_reopen_shows_no_old_close(life: Assistant, demo_snapshot: Snapshot) -> None:
    reopened = replace(OPEN, message_to_complainant=None, due=date(2026, 12, 8))
    answer = said(talk(life, sheet(demo_snapshot, reopened), CITIZEN, f"ติดตาม {RECEIPT}"))
    assert "สถานะ: เจ้าหน้าที่กำลังตรวจสอบเรื่องของคุณ\nกำหนดตอบ: 8 ธ.ค. 2569" in answer
    assert "ปิดเรื่อง" not in answer and "คะแนน" not in answer
    closed = said(talk(life, sheet(demo_snapshot, replace(CLOSED, rating="3")), CITIZEN, f"ติดตาม {RECEIPT}"))
    assert "ปิดเรื่องเมื่อ: 23 พ.ย. 2569" in closed and "กำหนดตอบ" not in closed and "3 จาก 5" in closed


def test_a_forwarded_case_names_the_agency_to_the_citizen(life: Assistant, demo_snapshot: Snapshot,
                                                          ledger: ComplaintLedger, clock: FakeClock) -> None:
    forwarded = replace(OPEN, status="ส่งต่อหน่วยงาน", forwarded_to="สำนักงานที่ดินจังหวัด")
    (push,) = sync(sheet(demo_snapshot, forwarded), ledger, clock())
    assert "สถานะ: ส่งต่อให้ สำนักงานที่ดินจังหวัด ดำเนินการ" in push.text
    answer = said(talk(life, sheet(demo_snapshot, forwarded), CITIZEN, f"ติดตาม {RECEIPT}"))
    assert "ส่งต่อให้ สำนักงานที่ดินจังหวัด ดำเนินการ" in answer
    elsewhere = replace(forwarded, forwarded_to="สำนักงาน ป.ป.ช. ประจำจังหวัด")
    (moved,) = sync(sheet(demo_snapshot, elsewhere), ledger, clock())
    assert "ส่งต่อให้ สำนักงาน ป.ป.ช. ประจำจังหวัด ดำเนินการ" in moved.text, "forwarded again: told again"


def test_every_status_has_plain_words_and_a_withdrawn_case_reads_as_closed() -> None:
    assert set(COMPLAINT_STATUSES) <= set(CITIZEN_WORDS)
    office_words = ("ยุติเรื่อง", "ส่งต่อหน่วยงาน", "ไม่รับพิจารณา")
    for status in COMPLAINT_STATUSES:
        assert not any(word in citizen_status(status, "กรมที่ดิน") for word in office_words), status
    assert citizen_status(WITHDRAWN) == "ปิดเรื่องแล้ว: คุณถอนเรื่องนี้แล้ว"
    assert citizen_status("ส่งต่อหน่วยงาน") == "ส่งต่อให้ หน่วยงานที่เกี่ยวข้อง ดำเนินการ"
    assert citizen_status("อะไรก็ได้") == citizen_status(None, off_list=True) == "เจ้าหน้าที่กำลังดำเนินการเรื่องของคุณ"



def test_a_rating_tap_while_filing_a_new_complaint_rates_and_is_not_taken_as_its_details(
        life: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    """The close push's buttons stay in the chat: tapped while a new complaint waits for its story, the tap rates."""
    snapshot = sheet(demo_snapshot, CLOSED)
    talk(life, snapshot, CITIZEN, "ร้องเรียน")
    talk(life, snapshot, CITIZEN, "จัดซื้อจัดจ้าง")
    answer = said(talk(life, snapshot, CITIZEN, "ให้คะแนน 2570-0001 4", "postback"))
    assert ratings(outbox, clock) == [("2570-0001", "4")], answer
    assert "ขั้นตอนที่ทำค้างไว้ยังอยู่" in answer, "the new complaint's draft is kept"
    story = said(talk(life, snapshot, CITIZEN, "เจ้าหน้าที่เรียกเงินค่าธรรมเนียมเพิ่ม"))
    assert "รับข้อความแล้ว" in story, story


def test_follow_on_a_closed_unrated_case_still_offers_reading_what_was_filed(life: Assistant,
                                                                             demo_snapshot: Snapshot) -> None:
    """Seen in the demo: ติดตาม on a closed, unrated case offered only 1–5 and ยกเลิก, not ดูเรื่องที่แจ้ง."""
    snapshot = sheet(demo_snapshot, CLOSED)
    answer = talk(life, snapshot, CITIZEN, f"ติดตาม {RECEIPT}")
    assert [q.label for q in answer[-1].quick_replies] == ["1", "2", "3", "4", "5", "ดูเรื่องที่แจ้ง", "ยกเลิก"]
    filed = said(talk(life, snapshot, CITIZEN, answer[-1].quick_replies[5].text or ""))
    assert "2570-0001" in filed and (CLOSED.details or "") in filed, filed


def reopening(at: datetime, row: int = 2) -> HistoryRow:
    """The history row เปิดเรื่องอีกครั้ง leaves (sheets.row_flush), as the next snapshot reads it."""
    return HistoryRow(row, at, "เรื่องร้องเรียน", "2570-0001", "เปิดเรื่องอีกครั้ง", "สถานะ: ยุติเรื่อง",
                      "สถานะ: กำลังตรวจสอบ", "จนท.", "ผู้ร้องส่งหลักฐานใหม่", f"reopen-{row}")


def test_closed_reopened_and_closed_again_on_the_same_day_is_asked_and_rated_twice(
        life: Assistant, demo_snapshot: Snapshot, ledger: ComplaintLedger, outbox: Outbox, clock: FakeClock) -> None:
    day = datetime(2026, 11, 23, 9)
    first = sheet(demo_snapshot, CLOSED)
    (closing,) = sync(first, ledger, day)
    assert closing.quick_replies[0].data == "ให้คะแนน 2570-0001 1"
    talk(life, first, CITIZEN, "ให้คะแนน 2570-0001 2")
    talk(life, first, CITIZEN, "ให้คะแนน 2570-0001 2")  # a double tap before the sheet has it
    sync(with_rows(sheet(demo_snapshot, replace(OPEN, message_to_complainant=None)), "ประวัติการดำเนินการ",
                   (reopening(day + timedelta(hours=1)),)), ledger, day + timedelta(hours=1))
    again = with_rows(sheet(demo_snapshot, replace(CLOSED, message_to_complainant="ตรวจหลักฐานใหม่แล้ว")),
                      "ประวัติการดำเนินการ", (reopening(day + timedelta(hours=1)),))
    assert again.complaints[0].closed == CLOSED.closed, "the same close date as the first close"
    (second,) = sync(again, ledger, day + timedelta(hours=3))
    assert "ตรวจหลักฐานใหม่แล้ว" in second.text and second.quick_replies[4].data == "ให้คะแนน 2570-0001 5"
    assert "บันทึกคะแนนความพึงพอใจ 5 จาก 5" in said(talk(life, again, CITIZEN, second.quick_replies[4].data or "",
                                                          "postback"))
    talk(life, again, CITIZEN, second.quick_replies[4].data or "", "postback")
    assert ratings(outbox, clock) == [("2570-0001", "2"), ("2570-0001", "5")], "one rating per close round"


def test_a_rating_after_follow_belongs_to_the_round_of_the_latest_close(
        life: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    answers = ("3", "๔ ค่ะ", "5")
    for rounds, typed in enumerate(answers):  # closed on one day after 0, 1 and 2 reopenings
        rows = tuple(reopening(datetime(2026, 11, 23, 9 + n), n + 2) for n in range(rounds))
        snapshot = with_rows(sheet(demo_snapshot, CLOSED), "ประวัติการดำเนินการ", rows)
        for _ in range(2):  # asked and answered twice before the sheet has the rating: one rating per round
            assert "กดคะแนน 1" in said(talk(life, snapshot, CITIZEN, f"ติดตาม {RECEIPT}"))
            talk(life, snapshot, CITIZEN, typed)
    assert ratings(outbox, clock) == [("2570-0001", "3"), ("2570-0001", "4"), ("2570-0001", "5")]


def test_the_case_view_counts_only_this_cases_reopenings(desk: ComplaintDesk, demo_snapshot: Snapshot) -> None:
    other = replace(reopening(datetime(2026, 11, 23, 9), 3), key="2570-0002")
    note = replace(reopening(datetime(2026, 11, 23, 9), 4), action="บันทึกภายใน")
    snapshot = with_rows(sheet(demo_snapshot, CLOSED), "ประวัติการดำเนินการ",
                         (reopening(datetime(2026, 11, 23, 9)), other, note))
    assert desk.view_of("2570-0001", snapshot).close_round == 1
    assert desk.view_of("2570-0001", sheet(demo_snapshot, CLOSED)).close_round == 0
