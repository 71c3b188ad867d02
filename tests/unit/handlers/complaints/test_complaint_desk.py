"""The complaint desk and its ledger: receipts, numbering, limits, cleaning, forgetting."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from handlers.complaints.desk import (
    RECEIPT_ALPHABET,
    ComplaintDesk,
    Draft,
    clean_text,
    normalize_receipt,
)
from state.attachments import AttachmentStore
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from tests.conftest import FakeClock
from tests.fakes.photos import png


def test_clean_text_drops_invisible_controls_but_keeps_thai() -> None:
    thai = "ผู้ใหญ่บ้านเรียกรับเงิน ๕,๐๐๐ บาท"
    assert clean_text(thai) == thai
    assert clean_text("a\u202eb\u200bc\u2066d\ufeff\x00e\x07") == "abcde"
    assert clean_text("  หนึ่ง \r\n\n  สอง  ") == "หนึ่ง\nสอง"
    assert clean_text("ก" * 50, limit=10) == "ก" * 10


def test_receipts_are_typed_forgivingly() -> None:
    assert normalize_receipt("k7m2-9qxa-3f") == "K7M29QXA3F"
    assert normalize_receipt(" K7M2 9QXA 3F ") == "K7M29QXA3F"
    assert normalize_receipt("O1IL") == "0111"
    assert set("K7M29QXA3F") <= set(RECEIPT_ALPHABET) and len(RECEIPT_ALPHABET) == 32


def test_case_numbers_are_unique_under_concurrency_and_above_the_sheet(tmp_path: Path) -> None:
    ledger = ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32)
    numbers: list[str] = []

    def take() -> None:
        for _ in range(50):
            numbers.append(ledger.next_case_number(2570, floor=3))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(numbers)) == 200 and min(numbers) == "2570-0004" and max(numbers) == "2570-0203"
    assert ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32).next_case_number(2570, 0) == "2570-0204"


def test_each_channel_has_its_own_hourly_cap_and_says_so(tmp_path: Path, clock: FakeClock) -> None:
    outbox = Outbox(tmp_path / "o.sqlite3", "k" * 32)
    desk = ComplaintDesk(ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32), OutboxWriter(outbox, clock), clock,
                         rng=random.Random(1), hourly_cap=5)
    for n in range(5):
        assert desk.can_file(f"visitor-{n}", "เว็บไซต์")
        desk.file(Draft("อื่น ๆ", ["x"], "ไม่ทราบ"), "เว็บไซต์", None, sender=f"visitor-{n}", user_id=None)
    assert desk.filing_refusal("visitor-new", "เว็บไซต์") == "busy", "the true reason: the channel is busy"
    assert desk.filing_refusal("line-user", "LINE") is None, "a web flood never refuses LINE users"
    clock.advance(3600)
    assert desk.can_file("visitor-new", "เว็บไซต์")


def test_web_visitors_have_an_hourly_limit_of_their_own(tmp_path: Path, clock: FakeClock) -> None:
    desk = ComplaintDesk(ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32),
                         OutboxWriter(Outbox(tmp_path / "o.sqlite3", "k" * 32), clock), clock, web_hourly_limit=2)
    for _ in range(2):
        desk.file(Draft("อื่น ๆ", ["x"], "ไม่ทราบ"), "เว็บไซต์", None, sender="visitor-a", user_id=None)
    assert desk.filing_refusal("visitor-a", "เว็บไซต์") == "sender"
    assert desk.filing_refusal("visitor-b", "เว็บไซต์") is None
    clock.advance(3600)
    assert desk.filing_refusal("visitor-a", "เว็บไซต์") is None


class TwinInTheWindow(ComplaintLedger):
    """The real ledger; while the desk looks a key up, a twin request with that key (a double click) files it."""

    twin: Callable[[], object] | None = None

    def case_for_key(self, key: str, now: datetime) -> str | None:
        found = super().case_for_key(key, now)
        if self.twin is not None:
            twin, self.twin = self.twin, None
            twin()
        return found


def test_a_double_click_files_once_and_takes_the_visitors_quota_once(tmp_path: Path, clock: FakeClock) -> None:
    ledger = TwinInTheWindow(tmp_path / "l.sqlite3", "k" * 32)
    desk = ComplaintDesk(ledger, OutboxWriter(Outbox(tmp_path / "o.sqlite3", "k" * 32), clock), clock,
                         web_hourly_limit=2, receipt_key=b"r" * 32)
    draft = Draft("อื่น ๆ", ["x"], "ไม่ทราบ")
    first: list[object] = []
    ledger.twin = lambda: first.append(desk.file(draft, "เว็บไซต์", None, sender="visitor-a", user_id=None,
                                                 key="form-1"))
    second = desk.file(draft, "เว็บไซต์", None, sender="visitor-a", user_id=None, key="form-1")
    assert second is not None and first == [second], "one case, one receipt"
    assert ledger.count("file:เว็บไซต์:visitor-a", f"{clock():%Y-%m-%dT%H}", add=False) == 1
    assert desk.filing_refusal("visitor-a", "เว็บไซต์") is None, "the visitor may still file one more this hour"


def test_a_citizen_finds_their_case_after_1000_wrong_guesses_from_others(tmp_path: Path, clock: FakeClock) -> None:
    desk = ComplaintDesk(ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32),
                         OutboxWriter(Outbox(tmp_path / "o.sqlite3", "k" * 32), clock), clock, rng=random.Random(2))
    filed = desk.file(Draft("อื่น ๆ", ["x"], "ไม่ทราบ"), "เว็บไซต์", None, sender="citizen", user_id=None)
    for guess in range(1000):
        desk.lookup(f"{guess:010d}", None, sender=f"attacker-{guess // 10}")
    assert desk.lookup("0000000000", None, sender="attacker-1") == "throttled", "each guesser is limited"
    found = desk.lookup(filed.receipt, None, sender="citizen")
    assert found is not None and not isinstance(found, str) and found.case_no == filed.case_no


def test_identity_is_forgotten_after_the_case_closes_and_the_retention_passes(tmp_path: Path,
                                                                              clock: FakeClock) -> None:
    ledger = ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32)
    ledger.record("2570-0001", "RECEIPT001", "U" + "a" * 32, "รับเรื่อง")
    ledger.record("2570-0002", "RECEIPT002", None, "รับเรื่อง")
    assert [s.case_no for s in ledger.subscribers()] == ["2570-0001"]
    ledger.mark_closed("2570-0001", clock())
    assert ledger.forget_closed(clock() + timedelta(days=29), timedelta(days=30)) == 0
    assert ledger.forget_closed(clock() + timedelta(days=31), timedelta(days=30)) == 1
    assert ledger.subscribers() == []
    assert ledger.case_for_receipt("RECEIPT001") == "2570-0001", "the receipt still finds the case"


def test_another_secret_key_cannot_read_sealed_ids(tmp_path: Path) -> None:
    ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32).record("2570-0001", "RCPT-CANARY-91", "U" + "b" * 32, "รับเรื่อง")
    other = ComplaintLedger(tmp_path / "l.sqlite3", "x" * 32)
    assert other.subscribers() == [] and other.case_for_receipt("RCPT-CANARY-91") is None
    raw = b"".join(path.read_bytes() for path in tmp_path.iterdir())  # the database and its WAL
    assert b"2570-0001" in raw, "the check reads the files that hold the data"
    assert b"U" + b"b" * 32 not in raw and b"RCPT-CANARY-91" not in raw


def test_a_filed_cases_photos_are_indexed_before_its_row_and_the_cell_only_counts_them(
        tmp_path: Path, clock: FakeClock) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3", "k" * 32)
    attachments = AttachmentStore(tmp_path / "attachments")
    desk = ComplaintDesk(ComplaintLedger(tmp_path / "l.sqlite3", "k" * 32), OutboxWriter(outbox, clock), clock,
                         rng=random.Random(1), photos=attachments)
    references = [attachments.save(png()), attachments.save(png())]
    draft = Draft(category="อื่น ๆ", details=["มีรูป"], attachments=[r for r in references if r])
    filed = desk.file(draft, "เว็บไซต์", None, sender="s", user_id=None)
    assert filed is not None
    (entry,) = outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["ไฟล์แนบ"] == f"รูปภาพ 2 รูป — ดูใน LINE: เรื่อง {filed.case_no}"
    assert "attachments/" not in str(entry.row)
    assert attachments.references(filed.case_no) == references
    desk.file(Draft(category="อื่น ๆ", details=["ไม่มีรูป"]), "เว็บไซต์", None, sender="t", user_id=None)
    assert outbox.due("เรื่องร้องเรียน", clock(), 10)[-1].row["ไฟล์แนบ"] == ""
