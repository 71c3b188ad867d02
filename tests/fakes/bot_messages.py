"""Every message the bot can produce: each command × role, each flow step, each job, on empty, demo and large data.

The conformance test sends them all through the LINE fake; the render test draws every card with flex2html.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from demo.workbook import demo_score_years, demo_user_id
from handlers.casework.photos import CasePhotos, PhotoLinks
from handlers.complaints.desk import ComplaintDesk
from handlers.complaints.sync import sync_updates
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Flex, Reply
from handlers.jobs.summaries import JOBS
from handlers.staff.assistant import Assistant
from sheets import records as r
from sheets.workbook import Snapshot
from state.complaint_ledger import ComplaintLedger, Subscriber
from state.outbox import Outbox, OutboxWriter
from state.row_changes import RowChangeWriter
from state.store import SqliteStateStore

TODAY = date(2026, 11, 23)
YEAR_BEFORE, LAST_YEAR = demo_score_years(TODAY)
CITIZEN = "U" + "c" * 32
PEOPLE = {"citizen": CITIZEN, "staff": demo_user_id("demo-staff"), "officer": demo_user_id("demo-officer"),
          "admin": demo_user_id("demo-admin")}
LONG = "งานจัดทำและเผยแพร่ข้อมูลสาธารณะผ่านเว็บไซต์ของหน่วยงานให้ครบถ้วนตามเกณฑ์การประเมิน"
LONG_UNIT = "กองส่งเสริมการเกษตรและพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่"
LONG_ORG = "องค์การบริหารส่วนตำบลหนองบัวแดงเหนือพัฒนา อำเภอเมืองสรรคบุรีใหม่ จังหวัดนครราชสีมา"

COMMANDS = ("เมนู", "help", "อะไรก็ได้ที่ไม่รู้จัก", "ITA คืออะไร", "คะแนน ITA", f"คะแนน ITA {LAST_YEAR}",
            f"คะแนน ITA {YEAR_BEFORE}", "คะแนน ITA 2550", "คะแนน", f"คะแนน {YEAR_BEFORE}", "คะแนน 2550", "วิเคราะห์",
            f"วิเคราะห์ {YEAR_BEFORE}", "มาตรการ",
            "มาตรการ ค้างส่ง", "มาตรการ 10", "มาตรการ 9", "มาตรการ กองคลัง", "OIT", "สรุปร้องเรียน",
            "ติดตาม AAAA-BBBB-CC", "ลงทะเบียน 000000", "ยกเลิก", "เรื่องร้องเรียน", "เรื่อง 2570-0001",
            "เรื่อง 2570-0002", "เรื่อง 2570-0003")
COMPLAINT = ("ร้องเรียน", "จัดซื้อจัดจ้าง", "ถัดไป", "มีการฮั้วประมูลงานถนน " + "ก" * 2990, "ถัดไป", "นายก อบต.",
             "ข้าม", "31/02/2569", "๑๕ ต.ค. ๖๙", ("image", "attachments/a.jpg"), ("image", ""), "ถัดไป",
             "รับแจ้งเตือน", "แก้ไข", "สถานที่", "หน้าที่ทำการ", "ยืนยันส่ง")
REGISTRATION = ("ลงทะเบียน 246810", "สมชาย " + LONG, LONG_UNIT)
YEAR_FLOW = ("คะแนน ITA", "ปีหน้า", str(LAST_YEAR))


def make_assistant(folder: Path, clock: object, *, row_changes: bool = False) -> Assistant:
    """The assistant with real state, ledger and outbox in ``folder`` (as the dialogue tests build it); with
    ``row_changes`` officers' case actions are queued in that outbox too."""
    outbox = Outbox(folder / "outbox.sqlite3", "k" * 32)
    writer = OutboxWriter(outbox, clock)  # type: ignore[arg-type]
    changes = RowChangeWriter(outbox, clock) if row_changes else None  # type: ignore[arg-type]
    desk = ComplaintDesk(ComplaintLedger(folder / "complaints.sqlite3", "k" * 32), writer, clock,  # type: ignore[arg-type]
                         rng=random.Random(7))
    photos = CasePhotos(TwoPhotosEach(), PhotoLinks("k" * 32, "https://ita.example.go.th", clock))  # type: ignore[arg-type]
    return Assistant(SqliteStateStore(folder / "state.sqlite3", "k" * 32),
                     lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,  # type: ignore[arg-type]
                     writer=writer, desk=desk, photos=photos, row_changes=changes)


class TwoPhotosEach:
    """Every case came with two photos (the case card then shows its photo buttons)."""

    def references(self, case_no: str) -> list[str]:
        return ["attachments/a.jpg", "attachments/b.png"]


def sized(demo: Snapshot) -> dict[str, Snapshot]:
    """The demo workbook as it ships, emptied of records, grown past what one card can hold, and all done."""
    return {"empty": _empty(demo), "demo": demo, "large": _large(demo), "done": _done(demo)}


def _with(snapshot: Snapshot, **tabs: tuple[object, ...]) -> Snapshot:
    return Snapshot({**snapshot.tables, **tabs}, snapshot.problems, snapshot.loaded_at)


def _empty(demo: Snapshot) -> Snapshot:
    return Snapshot({**demo.tables, "OIT": (), "คะแนน": (), "มาตรการ": (), "เรื่องร้องเรียน": (), "ข้อคำถาม": (),
                     "ผลประเมิน": (), "คำถามที่พบบ่อย": ()}, demo.problems, demo.loaded_at)


def _done(demo: Snapshot) -> Snapshot:
    """Every OIT item published, every measure finished, every case closed."""
    oit = tuple(replace(i, status="เผยแพร่แล้ว") for i in demo.tables["OIT"])  # type: ignore[type-var]
    measures = tuple(replace(m, status="เสร็จสิ้น") for m in demo.tables["มาตรการ"])  # type: ignore[type-var]
    cases = tuple(replace(c, status="ยุติเรื่อง") for c in demo.tables["เรื่องร้องเรียน"])  # type: ignore[type-var]
    return _with(demo, **{"OIT": oit, "มาตรการ": measures, "เรื่องร้องเรียน": cases})


def _large(demo: Snapshot) -> Snapshot:
    year = 2570
    settings = tuple(replace(s, value=LONG_ORG) if s.key == "org_name" else s for s in demo.tables["ตั้งค่า"])
    oit = tuple(r.OitItem(i + 2, year, f"O{i + 1}", f"{LONG} ข้อที่ {i + 1}", LONG_UNIT,
                          "ต้องแก้ไข" if i % 3 else "ยังไม่เผยแพร่", None, TODAY + timedelta(days=i - 20), None)
                for i in range(45))
    measures = tuple(r.Measure(i + 2, f"M{i + 1:02d}", year, i % 10 + 1, f"{LONG} มาตรการที่ {i + 1}", LONG,
                               LONG_UNIT, TODAY - timedelta(days=90), TODAY + timedelta(days=i - 30),
                               "กำลังดำเนินการ", float(i % 101), None, None, None) for i in range(60))
    scores = tuple(r.Score(i + 2, y, n, f"ตัวชี้วัดที่มีชื่อยาวมากเป็นพิเศษเพื่อทดสอบ {n}", tool,
                           100.0 if y == 2569 else 0.01 + n)
                   for i, (y, n, tool) in enumerate((y, n, "IIT" if n <= 5 else "EIT" if n <= 8 else "OIT")
                                                   for y in (2568, 2569) for n in range(1, 11)))
    questions = tuple(r.Question(i + 2, 2569, f"o{i + 1}", LONG, 10.0 + i, LONG) for i in range(30))
    complaints = tuple(r.Complaint(i + 2, f"2570-{i + 1:04d}", datetime(2026, 10, 1) + timedelta(days=i % 50),
                                   "LINE", "จัดซื้อจัดจ้าง", "x", None, None, None, None,
                                   "รับเรื่อง" if i % 2 else "ยุติเรื่อง", None, TODAY - timedelta(days=i % 20 - 2),
                                   None, "ข้อความจากเจ้าหน้าที่ " * 400 if i == 0 else None, None) for i in range(200))
    return _with(demo, **{"ตั้งค่า": settings, "OIT": oit, "มาตรการ": measures, "คะแนน": scores,
                          "ข้อคำถาม": questions, "เรื่องร้องเรียน": complaints, "ผลประเมิน": ()})


def conversations() -> Iterator[tuple[str, str, tuple[str | tuple[str, str], ...]]]:
    """(name, role, what they send, one message after another)."""
    for role in PEOPLE:
        for command in COMMANDS:
            yield f"{role}:{command}", role, (command,)
    yield "citizen:complaint-flow", "citizen", COMPLAINT
    yield "citizen:registration-flow", "citizen", REGISTRATION
    yield "citizen:year-flow", "citizen", YEAR_FLOW


def every_message(assistant: Assistant, snapshots: dict[str, Snapshot]) -> Iterator[tuple[str, list[Reply]]]:
    """(what produced it, the replies or the pushed message), for every size of data."""
    for size, snapshot in snapshots.items():
        for name, role, messages in conversations():
            for step, sent in enumerate(messages):
                kind, text = sent if isinstance(sent, tuple) else ("text", sent)
                answer = assistant.respond(Incoming(kind, PEOPLE[role], text), snapshot)  # type: ignore[arg-type]
                yield f"{size}:{name}#{step}", answer.replies
                for n, (_to, notice) in enumerate(answer.notices):
                    yield f"{size}:{name}#{step}:notice{n}", [notice]
            assistant.respond(Incoming("text", PEOPLE[role], "ยกเลิก"), snapshot)
        for n, replies in enumerate(_status_updates(snapshot)):
            yield f"{size}:complaint-sync:{n}", replies
        for job, run in JOBS.items():
            for day in (TODAY, date(2026, 12, 1), date(2027, 1, 1)):
                for n, (_to, post) in enumerate(run(snapshot, day).posts):
                    yield f"{size}:job:{job}:{day}:{n}", [post]


def _status_updates(snapshot: Snapshot) -> list[list[Reply]]:
    """What complaint-sync pushes when every case's complainant is subscribed."""
    pushed: list[list[Reply]] = []
    sync_updates(snapshot, _EveryoneSubscribed(snapshot), lambda to, replies, retry_key_seed=None:
                 pushed.append(list(replies)), datetime(2026, 11, 23, 9), timedelta(days=30))
    return pushed


class _EveryoneSubscribed:
    """Every case's complainant opted in and was told nothing yet (the sync then tells each one)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.cases = [c.case_no for c in snapshot.complaints]

    def subscribers(self) -> list[Subscriber]:
        return [Subscriber(case, CITIZEN, None, None) for case in self.cases]

    def mark_notified(self, case_no: str, status: str | None, message: str | None) -> None:
        """Nothing to remember between runs here."""

    def mark_closed(self, case_no: str, now: datetime) -> None:
        """Nothing to remember between runs here."""

    def mark_reopened(self, case_no: str) -> None:
        """Nothing to remember between runs here."""

    def forget_closed(self, now: datetime, retention: timedelta) -> int:
        return 0


def cards(assistant: Assistant, snapshots: dict[str, Snapshot]) -> dict[str, Flex]:
    """Every distinct card, named by what produced it first."""
    found: dict[str, Flex] = {}
    seen: set[str] = set()
    for name, replies in every_message(assistant, snapshots):
        for reply in replies:
            key = repr(reply.contents) if isinstance(reply, Flex) else ""
            if isinstance(reply, Flex) and key not in seen:
                seen.add(key)
                found[name] = reply
    return found
