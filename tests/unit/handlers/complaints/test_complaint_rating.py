"""A complainant rates a closed case 1–5 after ติดตาม; officers see the average in สรุปร้องเรียน."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from pathlib import Path

import pytest

from handlers.complaints.desk import ComplaintDesk, normalize_receipt
from handlers.staff.assistant import Assistant
from sheets.row_update import CellWrite, plan_changes
from sheets.workbook import Snapshot
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.row_changes import RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, buttons, said, talk, with_rows
from tests.unit.handlers.casework.test_casework_dialogues import OFFICER, case

RECEIPTS = {"2570-0001": "AAAA-BBBB-C1", "2570-0002": "AAAA-BBBB-C2", "2570-0003": "AAAA-BBBB-C3",
            "2570-0004": "AAAA-BBBB-C4"}
CASES = (replace(case(1), status="ยุติเรื่อง"), replace(case(2), status="ยุติเรื่อง", rating="4"),
         replace(case(3), status="ไม่รับพิจารณา"), case(4, status="กำลังตรวจสอบ"))
ASK = "กดคะแนน 1 (ไม่พอใจ) ถึง 5 (พอใจมาก)"


@pytest.fixture
def cases(demo_snapshot: Snapshot) -> Snapshot:
    return with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)


@pytest.fixture
def rating_assistant(tmp_path: Path, clock: FakeClock, outbox: Outbox, desk: ComplaintDesk,
                     ledger: ComplaintLedger) -> Assistant:
    for case_no, receipt in RECEIPTS.items():
        ledger.record(case_no, normalize_receipt(receipt), CITIZEN, "รับเรื่อง")
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     writer=OutboxWriter(outbox, clock), desk=desk, row_changes=RowChangeWriter(outbox, clock))


def rated(outbox: Outbox, clock: FakeClock) -> list[tuple[str, str, str, str, str]]:
    entries = [e for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 10)]
    assert all(CITIZEN not in str(e.row) for e in entries)  # never the complainant's identity
    return [(c.key, c.action, c.by, c.notify, cell.header + "=" + cell.old + ">" + cell.new)
            for c in map(decode, entries) for cell in c.cells]


def test_a_closed_case_asks_for_a_rating_and_stores_it_without_identity(
        rating_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    asked = talk(rating_assistant, cases, CITIZEN, "ติดตาม aaaa-bbbb-c1")
    assert "สถานะ: ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น" in said(asked) and ASK in said(asked)
    assert buttons(asked) == ["1", "2", "3", "4", "5", "ดูเรื่องที่แจ้ง", "ยกเลิก"]
    assert "บันทึกคะแนนความพึงพอใจ 5 จาก 5 ของเรื่อง 2570-0001 แล้ว" in said(talk(rating_assistant, cases, CITIZEN, "๕"))
    assert rated(outbox, clock) == [("2570-0001", "ให้คะแนนความพึงพอใจ", "ผู้ร้อง", "", "ความพึงพอใจ=>5")]


@pytest.mark.parametrize("receipt", ["AAAA-BBBB-C2", "AAAA-BBBB-C3", "AAAA-BBBB-C4"])
def test_no_rating_is_asked_for_a_rated_refused_or_open_case(rating_assistant: Assistant, cases: Snapshot,
                                                             receipt: str) -> None:
    answer = talk(rating_assistant, cases, CITIZEN, f"ติดตาม {receipt}")
    assert "สถานะ:" in said(answer) and ASK not in said(answer) and "1" not in buttons(answer)


@pytest.mark.parametrize(("answer", "expected"), [("ดีมาก", "โปรดกดคะแนน 1 ถึง 5"), ("6", "โปรดกดคะแนน 1 ถึง 5"),
                                                  ("0", "โปรดกดคะแนน 1 ถึง 5"), ("ยกเลิก", "ยกเลิก")])
def test_an_answer_outside_1_to_5_or_cancel_writes_nothing(rating_assistant: Assistant, cases: Snapshot,
                                                           outbox: Outbox, answer: str, expected: str) -> None:
    talk(rating_assistant, cases, CITIZEN, "ติดตาม AAAA-BBBB-C1")
    assert expected in said(talk(rating_assistant, cases, CITIZEN, answer))
    assert outbox.depth() == 0


@pytest.mark.parametrize(("typed", "score"), [("๔ ค่ะ", "4"), ("5 ครับ", "5"), ("  3นะคะ", "3")])
def test_a_rating_typed_with_a_polite_word_is_taken(rating_assistant: Assistant, cases: Snapshot, outbox: Outbox,
                                                    clock: FakeClock, typed: str, score: str) -> None:
    talk(rating_assistant, cases, CITIZEN, "ติดตาม AAAA-BBBB-C1 ค่ะ")
    assert f"บันทึกคะแนนความพึงพอใจ {score} จาก 5" in said(talk(rating_assistant, cases, CITIZEN, typed))
    assert rated(outbox, clock) == [("2570-0001", "ให้คะแนนความพึงพอใจ", "ผู้ร้อง", "", f"ความพึงพอใจ=>{score}")]


def test_rating_twice_before_the_sheet_has_it_stores_one_rating(rating_assistant: Assistant, cases: Snapshot,
                                                                outbox: Outbox, clock: FakeClock) -> None:
    for score in ("5", "2"):
        talk(rating_assistant, cases, CITIZEN, "ติดตาม AAAA-BBBB-C1")
        talk(rating_assistant, cases, CITIZEN, score)
    assert rated(outbox, clock) == [("2570-0001", "ให้คะแนนความพึงพอใจ", "ผู้ร้อง", "", "ความพึงพอใจ=>5")]


def test_the_officers_summary_has_the_average_rating(rating_assistant: Assistant, cases: Snapshot) -> None:
    more = with_rows(cases, "เรื่องร้องเรียน", (*CASES, replace(case(5), status="ยุติเรื่อง", rating="5")))
    assert "ความพึงพอใจของผู้ร้อง: เฉลี่ย 4.5 จาก 5 (2 เรื่องที่ให้คะแนน)" in said(
        talk(rating_assistant, more, OFFICER, "สรุปร้องเรียน"))
    assert "ความพึงพอใจ" not in said(talk(rating_assistant, with_rows(cases, "เรื่องร้องเรียน", CASES[2:]), OFFICER,
                                          "สรุปร้องเรียน"))


def test_the_rating_is_asked_too_when_the_receipt_comes_in_its_own_message(
        rating_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    assert "พิมพ์เลขรับเรื่อง" in said(talk(rating_assistant, cases, CITIZEN, "ติดตาม"))
    assert ASK in said(talk(rating_assistant, cases, CITIZEN, "AAAA-BBBB-C1"))
    talk(rating_assistant, cases, CITIZEN, "3")
    assert rated(outbox, clock) == [("2570-0001", "ให้คะแนนความพึงพอใจ", "ผู้ร้อง", "", "ความพึงพอใจ=>3")]


def test_a_rating_lands_only_while_the_case_is_still_closed(rating_assistant: Assistant, cases: Snapshot,
                                                           outbox: Outbox, clock: FakeClock) -> None:
    talk(rating_assistant, cases, CITIZEN, "ติดตาม AAAA-BBBB-C1")
    talk(rating_assistant, cases, CITIZEN, "4")
    (entry,) = [e for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 10)]
    rating = decode(entry)
    reopened = [["เลขที่เรื่อง", "สถานะ", "ความพึงพอใจ"], ["2570-0001", "กำลังตรวจสอบ", ""]]
    plan = plan_changes(reopened, [rating])
    assert plan.writes == [] and len(plan.conflicts) == 1
    closed = [["เลขที่เรื่อง", "สถานะ", "ความพึงพอใจ"], ["2570-0001", "ยุติเรื่อง", ""]]
    assert plan_changes(closed, [rating]).writes == [CellWrite(2, 3, 4)]  # a number cell, not the text "4"
