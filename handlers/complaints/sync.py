"""Tell opted-in complainants when an officer changes สถานะ or writes ข้อความถึงผู้ร้อง."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from handlers.complaints.desk import CLOSED, status_problem
from handlers.complaints.rating import can_rate, push_buttons
from handlers.complaints.status_words import FORWARDED, citizen_status, is_closed
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.records import Complaint
from sheets.workbook import Snapshot
from state.complaint_ledger import Subscriber
from templates import label, render


def update_buttons() -> tuple[QuickReply, ...]:
    """A status change ends with what the complainant may do next."""
    return tuple(QuickReply(label(key), text=label(key)) for key in ("follow_case", "complain", "menu"))


class SubscriberLedger(Protocol):
    def subscribers(self) -> list[Subscriber]: ...
    def mark_notified(self, case_no: str, status: str | None, message: str | None) -> None: ...
    def mark_closed(self, case_no: str, now: datetime) -> None: ...
    def mark_reopened(self, case_no: str) -> None: ...
    def forget_closed(self, now: datetime, retention: timedelta) -> int: ...


class Push(Protocol):
    def __call__(self, to: str, replies: Sequence[Reply], retry_key_seed: str | None = None) -> None: ...


def sync_updates(snapshot: Snapshot, ledger: SubscriberLedger, push: Push, now: datetime,
                 retention: timedelta) -> int:
    """Push what changed since each subscriber was last told; returns how many were told."""
    rows = {c.case_no: c for c in snapshot.complaints}
    told = 0
    for subscriber in ledger.subscribers():
        row = rows.get(subscriber.case_no)
        if row is None:
            continue
        status, message = row.status or "รับเรื่อง", row.message_to_complainant or None
        off_list = status_problem(snapshot, row) is not None
        said = (subscriber.notified_status or "รับเรื่อง") if off_list else told_status(status, row.forwarded_to)
        if (said, message) != (subscriber.notified_status, subscriber.notified_message):
            reopened = is_closed(_status_of(subscriber.notified_status)) and not is_closed(status) and not off_list
            stale = is_closed(status) and message == subscriber.notified_message  # closed in the sheet, message kept
            push(subscriber.user_id, [_update(row, status, None if stale else message, off_list, reopened)],
                 retry_key_seed=_seed(subscriber, f"{said}|{message}"))
            ledger.mark_notified(subscriber.case_no, said, message)
            if reopened:
                ledger.mark_reopened(subscriber.case_no)
            told += 1
        if is_closed(status) and not off_list:
            ledger.mark_closed(subscriber.case_no, now)
    ledger.forget_closed(now, retention)
    return told


def told_status(status: str, agency: str | None) -> str:
    """What the ledger remembers having told: the status, and for a forwarded case where it went."""
    name = " ".join((agency or "").split())
    return f"{status}{AGENCY_MARK}{name}" if status == FORWARDED and name else status


def _status_of(told: str | None) -> str | None:
    return told.split(AGENCY_MARK)[0] if told else told


def _update(row: Complaint, status: str, message: str | None, off_list: bool, reopened: bool) -> Text:
    """The push: the status in plain words, the officer's message; on a close with a result, 1–5 buttons."""
    rate = can_rate(row.status, row.rating) and not off_list
    text = render("complaint_update.txt.j2", case_no=row.case_no, message=message, rate=rate, reopened=reopened,
                  words=citizen_status(status, row.forwarded_to, off_list=off_list))
    return Text(text, push_buttons(row.case_no) if rate else update_buttons())


AGENCY_MARK = " → "


def _seed(subscriber: Subscriber, update: str) -> str:
    """The same change to the same person gets the same retry key on every instance (a hash: nothing readable)."""
    told = "|".join((subscriber.user_id, subscriber.case_no, subscriber.notified_status or "",
                     subscriber.notified_message or "", update))
    return "sync:" + hashlib.sha256(told.encode()).hexdigest()[:32]


def expired_cases(snapshot: Snapshot, today: date, retention: timedelta,
                  linked: Collection[str] = ()) -> list[Complaint]:
    """Cases with photos (``ไฟล์แนบ`` not empty, or in ``linked``: photos a complainant added after filing) closed
    (ปิดเรื่องเมื่อ, and a closed status) over ``retention`` ago."""
    return [row for row in snapshot.complaints if (row.attachments or row.case_no in linked)
            and row.status in CLOSED and row.closed and row.closed < today - retention]
