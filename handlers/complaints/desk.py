"""Filing and following complaints: receipts, case numbers, limits. Never the complainant's identity."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from common.thaitext import (
    DateParseError,
    fiscal_year_of,
    format_sheet_date,
    format_thai_date,
    normalize_input,
    parse_thai_datetime,
)
from handlers.complaints.executives import names_an_executive
from handlers.conversation.ports import PhotoLinker, RecordWriter
from sheets import records as r
from sheets.schema import COMPLAINTS, HISTORY
from sheets.workbook import Problem, Snapshot
from state.complaint_ledger import Subscriber
from templates import render

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECEIPT_LENGTH = 10  # 50 bits
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
CATEGORIES = ("ทุจริต/ประพฤติมิชอบ", "ใช้อำนาจโดยมิชอบ", "จัดซื้อจัดจ้าง", "ใช้ทรัพย์สินของราชการ",
              "เรียกรับเงิน/ของขวัญ", "ให้บริการไม่เป็นธรรม", "อื่น ๆ")
WITHDRAWN = "ถอนเรื่อง"
"""The status of a case its complainant withdrew (with the receipt): closed, counted apart."""
CLOSED = ("ยุติเรื่อง", "ไม่รับพิจารณา", WITHDRAWN)
REOPENED = "เปิดเรื่องอีกครั้ง"
"""The history action of an officer's reopening (handlers.casework.actions): it starts a new round of the case."""
MAX_DETAILS = 3000


class Ledger(Protocol):
    def claim_case_number(self, fiscal_year: int, floor: int, key: str | None,
                          now: datetime | None) -> tuple[str, bool]: ...
    def case_for_key(self, key: str, now: datetime) -> str | None: ...
    def record(self, case_no: str, receipt: str, user_id: str | None, status: str) -> None: ...
    def case_for_receipt(self, receipt: str) -> str | None: ...
    def count(self, key: str, window: str, *, add: bool) -> int: ...
    def take_quota(self, key: str, window: str, limit: int) -> bool: ...
    def give_back(self, key: str, window: str) -> None: ...
    def subscribers(self) -> list[Subscriber]: ...


@dataclass
class Draft:
    category: str = ""
    details: list[str] = field(default_factory=list)
    accused: str = ""
    place: str = ""
    incident_date: str = ""
    attachments: list[str] = field(default_factory=list)
    opt_in: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.details)

    @property
    def about_executives(self) -> bool:
        return names_an_executive(f"{self.accused}\n{self.text}")


@dataclass(frozen=True)
class Filed:
    case_no: str
    receipt: str
    due: date


@dataclass(frozen=True)
class CaseView:
    case_no: str
    status: str
    due: date | None
    message: str | None
    rating: str | None = None
    data_problem: Problem | None = None
    """The sheet's สถานะ is outside the vocabulary: the citizen hears "being handled", the admins the cell."""
    closed: date | None = None
    """ปิดเรื่องเมื่อ: the latest close (a rating belongs to one close)."""
    forwarded_to: str | None = None
    filed: FiledText | None = None
    """What the complainant wrote (shown to them only when they ask to read it with the receipt)."""
    officer: str = ""
    """The officer in charge (ผู้รับผิดชอบ): who is told when the complainant adds to or withdraws the case."""
    status_cell: str = "รับเรื่อง"
    """What the สถานะ cell holds ("" when blank): what a change of the status must find there."""
    queued: bool = False
    """Filed but not in the sheet yet: a change of its row would find no row, so none is made until it is."""
    close_round: int = 0
    """How often the case was reopened (``close_round``): with ``closed`` it names the close a rating belongs to."""

    @property
    def open(self) -> bool:
        """Whether the complainant may still add to or withdraw the case."""
        return self.status not in CLOSED


@dataclass(frozen=True)
class FiledText:
    """The complaint as the complainant filed it: category, details, whom, where, when, how many photos."""

    category: str
    details: str
    accused: str
    place: str
    incident_date: str
    received: str


def status_problem(snapshot: Snapshot | None, row: r.Complaint) -> Problem | None:
    """The data-check problem of a case's สถานะ cell when it holds a word outside COMPLAINT_STATUSES."""
    if snapshot is None or row.status is not None:
        return None
    header = COMPLAINTS.column("status").header
    return next((p for p in snapshot.problems if p.tab == COMPLAINTS.name and p.row == row.row
                 and p.column == header), None)


def close_round(snapshot: Snapshot | None, case_no: str) -> int:
    """How many times officers reopened the case (its history rows ``เปิดเรื่องอีกครั้ง``): the close being rated is
    the one after that many reopenings, so a case closed, reopened and closed again on one day is rated twice.

    Reopenings, not closes, are counted: a reopening's history row is queued before the next close can be made
    (the officer closes a case the sheet shows open), while a close's own row may still be on its way when the
    complainant taps a rating button."""
    if snapshot is None:
        return 0
    return sum(1 for h in snapshot.rows(HISTORY.name, r.HistoryRow)
               if h.tab == COMPLAINTS.name and h.key == case_no and (h.action or "").strip() == REOPENED)


def setting_days(settings: Mapping[str, str], key: str, default: int) -> int:
    """A whole number of days from ตั้งค่า (Thai digits allowed); the default when blank or not a number."""
    text = normalize_input(settings.get(key, ""))
    return int(text) if text.isdecimal() and 0 < int(text) < 3650 else default


CLOSED_KEPT_DAYS = 30
"""Default of ตั้งค่า complaint_retention_days: how long a closed case's photos and its complainant's LINE account
(kept sealed for updates) outlive the closing."""


def closed_case_retention(settings: Mapping[str, str]) -> timedelta:
    """How long after closing the photos and an opted-in complainant's LINE account are deleted (complaint-sync)."""
    return timedelta(days=setting_days(settings, "complaint_retention_days", CLOSED_KEPT_DAYS))


def clean_text(text: str, limit: int = MAX_DETAILS) -> str:
    """Drop bidi overrides and zero-width characters (Thai keeps its own), fold spaces, cap the length."""
    visible = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    lines = [" ".join(line.split()) for line in visible.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)[:limit]


def normalize_receipt(text: str) -> str:
    compact = "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())
    return compact.translate(_CONFUSABLE)


def format_receipt(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class ComplaintDesk:
    """Limits are per sender (a LINE pseudonym, or a web visitor's keyed address hash) and per channel, so
    that other people's filings or wrong guesses never lock a citizen out of filing or of their own receipt."""

    def __init__(self, ledger: Ledger, writer: RecordWriter, clock: Callable[[], datetime], *,
                 rng: random.Random | None = None, daily_limit: int = 3, hourly_cap: int = 1000,
                 lookup_limit: int = 10, web_hourly_limit: int = 5, receipt_key: bytes | None = None,
                 photos: PhotoLinker | None = None) -> None:
        self.ledger = ledger
        self.photos = photos
        self.receipt_key = receipt_key
        self.writer = writer
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self.daily_limit, self.hourly_cap = daily_limit, hourly_cap
        self.lookup_limit, self.web_hourly_limit = lookup_limit, web_hourly_limit

    def filing_refusal(self, sender: str | None, channel: str = "LINE") -> str | None:
        """Why a filing would be refused now: "sender" (this sender's limit), "busy" (this channel's hourly cap)."""
        now = self.clock()
        key, window, limit = self._sender_window(sender, channel, now)
        if key and self.ledger.count(key, window, add=False) >= limit:
            return "sender"
        if self.ledger.count(f"file:channel:{channel}", f"{now:%Y-%m-%dT%H}", add=False) >= self.hourly_cap:
            return "busy"
        return None

    def can_file(self, sender: str | None, channel: str = "LINE") -> bool:
        return self.filing_refusal(sender, channel) is None

    def _sender_window(self, sender: str | None, channel: str, now: datetime) -> tuple[str, str, int]:
        """LINE accounts: a daily limit; web visitors (addresses are shared behind carrier NAT): an hourly one."""
        if not sender:
            return "", "", 0
        if channel == "LINE":
            return f"file:{sender}", f"{now:%Y-%m-%d}", self.daily_limit
        return f"file:{channel}:{sender}", f"{now:%Y-%m-%dT%H}", self.web_hourly_limit

    def file(self, draft: Draft, channel: str, snapshot: Snapshot | None, *, sender: str | None,
             user_id: str | None, sla_days: int = 15, key: str | None = None) -> Filed | None:
        """Durable when it returns: the row is in the outbox, the receipt hash in the ledger.

        None when a limit is reached (checked and counted at once, so concurrent filings cannot pass
        it). ``key`` (the LINE event) makes filing again harmless: the same case, the same receipt.
        """
        now = self.clock()
        year = fiscal_year_of(now.date())
        known = self.ledger.case_for_key(key, now) if key else None
        if known is None and not self._take_quota(sender, channel, now):
            return None
        case_no = known
        if case_no is None:
            case_no, made = self.ledger.claim_case_number(year, _highest_number(snapshot, year), key, now)
            if not made:  # a twin request (a double click) filed this key a moment ago and took the quota
                self._give_back_quota(sender, channel, now)
        receipt = self._receipt(key, case_no)
        due = now.date() + timedelta(days=sla_days)
        if draft.attachments and self.photos is not None:  # before the row: its cell only says how many
            self.photos.link(case_no, draft.attachments)
        self.writer.submit(COMPLAINTS, {
            "เลขที่เรื่อง": case_no, "วันที่รับ": format_sheet_date(now), "ช่องทาง": channel,
            "ประเภท": draft.category, "รายละเอียด": draft.text, "ผู้ถูกร้อง/หน่วยงาน": draft.accused,
            "สถานที่": draft.place, "วันที่เกิดเหตุ": draft.incident_date,
            "ไฟล์แนบ": photos_cell(case_no, len(draft.attachments)), "สถานะ": "รับเรื่อง",
            "กำหนดตอบ": format_sheet_date(due)})
        self.ledger.record(case_no, receipt, user_id if draft.opt_in else None, "รับเรื่อง")
        return Filed(case_no, format_receipt(receipt), due)

    def refiled(self, key: str, snapshot: Snapshot | None) -> Filed | None:
        """The case ``key`` filed before, with the same receipt (derived from the key), or None: a form sent
        again (Back, then send) shows the first receipt instead of opening a second case."""
        case_no = self.ledger.case_for_key(key, self.clock()) if self.receipt_key is not None else None
        if case_no is None:
            return None
        row = next((c for c in snapshot.complaints if c.case_no == case_no), None) if snapshot else None
        due = (row.due if row else None) or self._queued_due(case_no) or self.clock().date()
        return Filed(case_no, format_receipt(self._receipt(key, case_no)), due)

    def _take_quota(self, sender: str | None, channel: str, now: datetime) -> bool:
        """The sender's limit, then the channel's hourly cap: each checked and counted in one step."""
        key, window, limit = self._sender_window(sender, channel, now)
        if key and not self.ledger.take_quota(key, window, limit):
            return False
        return self.ledger.take_quota(f"file:channel:{channel}", f"{now:%Y-%m-%dT%H}", self.hourly_cap)

    def _give_back_quota(self, sender: str | None, channel: str, now: datetime) -> None:
        key, window, _ = self._sender_window(sender, channel, now)
        if key:
            self.ledger.give_back(key, window)
        self.ledger.give_back(f"file:channel:{channel}", f"{now:%Y-%m-%dT%H}")

    def _receipt(self, key: str | None, case_no: str) -> str:
        """Random; or, for a LINE event or a web form, derived from it and its case with a secret key so that a retry
        shows the same one, and the same key filed again once its filing is forgotten (7 days) gets another."""
        if not key or self.receipt_key is None:
            return "".join(self.rng.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        seed = f"{key}\x1f{case_no}".encode()
        number = int.from_bytes(hmac.new(self.receipt_key, seed, hashlib.sha256).digest()[:8], "big")
        return "".join(RECEIPT_ALPHABET[(number >> (5 * i)) & 31] for i in range(RECEIPT_LENGTH))

    def photo_references(self, case_no: str) -> list[str]:
        """The photos a filed case holds (those filed with it and those its complainant added)."""
        return self.photos.references(case_no) if self.photos is not None else []

    def add_photos(self, case_no: str, references: list[str]) -> None:
        """Photos the complainant added with the receipt join the case's own (durably, before the history row)."""
        if self.photos is not None and references:
            known = self.photos.references(case_no)
            self.photos.link(case_no, [*known, *(ref for ref in references if ref not in known)])

    def _queued_due(self, case_no: str) -> date | None:
        """The deadline of a case filed but not yet in the sheet: it is in the row waiting in the outbox."""
        queued = self.writer.pending(COMPLAINTS, case_no)
        return _sheet_day(queued.get(COMPLAINTS.column("due").header, "")) if queued else None

    def lookup(self, receipt_text: str, snapshot: Snapshot | None, *, sender: str | None) -> CaseView | str | None:
        """The case of a receipt; None when unknown; "throttled" after too many wrong receipts from this sender.

        No global limit: receipts have 50 bits, so a per-sender limit is what stops guessing, and a flood of
        wrong guesses from elsewhere never locks a citizen out of their own receipt.
        """
        hour, key = f"{self.clock():%Y-%m-%dT%H}", f"wrong:{sender or 'anonymous'}"
        if not self.ledger.take_quota(key, hour, self.lookup_limit):  # counted as wrong until proven right
            return "throttled"
        case_no = self.ledger.case_for_receipt(normalize_receipt(receipt_text))
        if case_no is None:
            return None
        self.ledger.give_back(key, hour)
        return self.view_of(case_no, snapshot)

    def view_of(self, case_no: str, snapshot: Snapshot | None) -> CaseView:
        """A case already proven by its receipt (in this conversation): what its complainant may see."""
        row = next((c for c in snapshot.complaints if c.case_no == case_no), None) if snapshot else None
        if row is None:
            queued = self.writer.pending(COMPLAINTS, case_no) or {}
            return CaseView(case_no, "รับเรื่อง", self._queued_due(case_no), None, filed=_queued_text(queued),
                            queued=True)
        filed = FiledText(row.category or "", row.details or "", row.accused or "", row.place or "",
                          row.incident_date or "", format_thai_date(row.received.date()))
        return CaseView(case_no, row.status or "รับเรื่อง", row.due, row.message_to_complainant, row.rating,
                        status_problem(snapshot, row), closed=row.closed, forwarded_to=row.forwarded_to, filed=filed,
                        officer=row.officer or "", status_cell=row.status or "",
                        close_round=close_round(snapshot, case_no))

    def is_complainant(self, case_no: str, user_id: str) -> bool:
        """Whether ``user_id`` filed ``case_no`` in LINE and asked to be told (what lets them rate by a button)."""
        return bool(user_id) and any(s.case_no == case_no and s.user_id == user_id for s in self.ledger.subscribers())


def photos_cell(case_no: str, count: int) -> str:
    """What ``ไฟล์แนบ`` says: how many photos and how officers see them, never a file path."""
    return render("complaint_photos_cell.txt.j2", case_no=case_no, count=count) if count else ""


def _queued_text(row: Mapping[str, str]) -> FiledText | None:
    """What a case waiting in the outbox says (its row is not in the sheet yet)."""
    if not row:
        return None
    return FiledText(row.get("ประเภท", ""), row.get("รายละเอียด", ""), row.get("ผู้ถูกร้อง/หน่วยงาน", ""),
                     row.get("สถานที่", ""), row.get("วันที่เกิดเหตุ", ""), _thai_day(row.get("วันที่รับ", "")))


def _thai_day(text: str) -> str:
    day = _sheet_day(text)
    return format_thai_date(day) if day else ""


def _sheet_day(text: str) -> date | None:
    try:
        return parse_thai_datetime(text).date() if text else None
    except DateParseError:
        return None


def _highest_number(snapshot: Snapshot | None, year: int) -> int:
    numbers = [int(c.case_no.split("-")[1]) for c in (snapshot.complaints if snapshot else ())
               if re.fullmatch(rf"{year}-\d+", c.case_no)]
    return max(numbers, default=0)
