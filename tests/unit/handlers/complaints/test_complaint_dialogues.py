"""The confidential complaint flow, step by step, as dialogue tables (DESIGN §5)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from demo.workbook import create_demo_workbook, demo_user_id
from handlers.complaints.desk import CATEGORIES, ComplaintDesk
from handlers.complaints.sync import sync_updates
from handlers.conversation.engine import Incoming
from handlers.staff.assistant import Assistant
from sheets.local import LocalWorkbook
from sheets.records import Setting
from sheets.workbook import Snapshot, parse_workbook
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, said, talk, with_rows

OFFICER = demo_user_id("demo-officer")
RECEIPT = re.compile(r"เลขรับเรื่องของคุณ: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})")

# (what the citizen sends, words the answer must contain)
WHOLE_FLOW = [
    ("ร้องเรียน", ["เป็นความลับ แต่ไม่ใช่นิรนาม", "พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล", "ขั้นที่ 1/7"]),
    ("เรื่องอื่นที่ไม่มีในปุ่ม", ["ขั้นที่ 1/7"]),
    ("จัดซื้อจัดจ้าง", ["ขั้นที่ 2/7"]),
    ("ถัดไป", ["กรุณาเล่าเหตุการณ์อย่างน้อยหนึ่งข้อความ"]),
    ("มีการฮั้วประมูลงานถนน\u202e ซอย ๓", ["รับข้อความแล้ว (27/3000 ตัวอักษร)"]),
    ("ผู้รับเหมาเป็นญาติของเจ้าหน้าที่", ["รับข้อความแล้ว"]),
    ("ถัดไป", ["ขั้นที่ 3/7"]),
    ("กองช่าง", ["ขั้นที่ 4/7"]),
    ("ข้าม", ["ขั้นที่ 5/7"]),
    ("31/02/2569", ["ไม่มีวันที่นี้ในปฏิทิน", "ขั้นที่ 5/7"]),
    ("ไม่แน่ใจ", ["อ่านวันที่ไม่ได้ ลองพิมพ์ใหม่", "เช่น เมื่อวาน, สัปดาห์ที่แล้ว"]),
    ("1/1/2580", ["วันที่เกิดเหตุต้องไม่อยู่ในอนาคต"]),
    ("๑๕ ต.ค. ๖๙", ["ขั้นที่ 6/7"]),
    (("image", "attachments/a.jpg"), ["ได้รับแล้ว 1 รูป"]),
    (("image", ""), ["รับรูปนี้ไม่สำเร็จ"]),
    ("ถัดไป", ["ขั้นที่ 7/7"]),
    ("รับแจ้งเตือน", ["ตรวจสอบก่อนส่ง", "ประเภท: จัดซื้อจัดจ้าง", "ผู้ถูกร้อง/หน่วยงาน: กองช่าง", "สถานที่: -",
                      "วันที่เกิดเหตุ: 15 ต.ค. 2569", "รูปภาพ: 1 รูป", "รับแจ้งความคืบหน้า: รับ"]),
    ("แก้ไข", ["ต้องการแก้ส่วนใด"]),
    ("สถานที่", ["ขั้นที่ 4/7"]),
    ("หน้าที่ทำการ อบต.", ["ตรวจสอบก่อนส่ง", "สถานที่: หน้าที่ทำการ อบต."]),
    ("ยืนยันส่ง", ["รับเรื่องร้องเรียนแล้ว เลขที่เรื่อง 2570-0004", "แสดงครั้งเดียว", "ภายในวันที่ 8 ธ.ค. 2569"]),
]


def send(assistant: Assistant, snapshot: Snapshot, message: str | tuple[str, str]) -> list:  # type: ignore[type-arg]
    if isinstance(message, tuple):
        kind, text = message
        return assistant.respond(Incoming(kind, CITIZEN, text), snapshot).replies  # type: ignore[arg-type]
    return talk(assistant, snapshot, CITIZEN, message)


def test_the_whole_flow_files_one_complaint(assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                           ledger: ComplaintLedger, clock: FakeClock) -> None:
    replies: list = []  # type: ignore[type-arg]
    for message, expected in WHOLE_FLOW:
        replies = send(assistant, demo_snapshot, message)
        for words in expected:
            assert words in said(replies), f"{message!r} → {said(replies)!r}"
    receipt = RECEIPT.search(said(replies))
    assert receipt
    (entry,) = outbox.due("เรื่องร้องเรียน", clock(), 10)
    row = entry.row
    assert row["เลขที่เรื่อง"] == "2570-0004" and row["ช่องทาง"] == "LINE" and row["สถานะ"] == "รับเรื่อง"
    assert row["รายละเอียด"] == "มีการฮั้วประมูลงานถนน ซอย ๓\nผู้รับเหมาเป็นญาติของเจ้าหน้าที่"
    assert row["ไฟล์แนบ"] == "รูปภาพ 1 รูป — ดูใน LINE: เรื่อง 2570-0004" and row["กำหนดตอบ"] == "08/12/2569"
    assert CITIZEN not in str(row) and receipt.group(1) not in str(row)
    assert [s.user_id for s in ledger.subscribers()] == [CITIZEN]
    status = said(talk(assistant, demo_snapshot, CITIZEN, f"ติดตาม {receipt.group(1).lower()}"))
    assert "เรื่องเลขที่ 2570-0004" in status and "สถานะ: ได้รับเรื่องแล้ว" in status
    assert "รอเจ้าหน้าที่ตรวจสอบ\nกำหนดตอบ: 8 ธ.ค. 2569" in status, "the deadline on its own line, before the sheet has it"


def test_category_buttons_and_notice(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    replies = talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน")
    assert [q.text for q in replies[-1].quick_replies] == [*CATEGORIES, "ยกเลิก"]
    assert all(len(q.label) <= 20 for q in replies[-1].quick_replies)
    assert not any(q.label.endswith("…") for q in replies[-1].quick_replies), "no label is cut"
    assert ("ใช้ทรัพย์สินราชการ", "ใช้ทรัพย์สินของราชการ") in [(q.label, q.text) for q in replies[-1].quick_replies]


STEPS_BEFORE = ["ร้องเรียน", "จัดซื้อจัดจ้าง", "มีการฮั้วประมูล", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ข้าม",
                "ไม่รับ", "แก้ไข"]


@pytest.mark.parametrize("stop_after", range(1, len(STEPS_BEFORE) + 1))
def test_cancel_works_at_every_step(assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                    stop_after: int) -> None:
    for message in STEPS_BEFORE[:stop_after]:
        talk(assistant, demo_snapshot, CITIZEN, message)
    assert "ยกเลิกแล้ว" in said(talk(assistant, demo_snapshot, CITIZEN, "ยกเลิก"))
    assert outbox.depth() == 0
    assert "ไม่เข้าใจ" in said(talk(assistant, demo_snapshot, CITIZEN, "ยืนยันส่ง"))


def test_confirming_with_a_polite_word_files_the_complaint(assistant: Assistant, demo_snapshot: Snapshot,
                                                          outbox: Outbox, clock: FakeClock) -> None:
    for message in ["ร้องเรียนค่ะ", "จัดซื้อจัดจ้าง ค่ะ", "มีการฮั้วประมูล", "ถัดไปค่ะ", "กองช่างค่ะ", "ข้ามค่ะ",
                    "ข้าม ครับ", "ข้ามนะคะ", "ไม่รับค่ะ"]:
        talk(assistant, demo_snapshot, CITIZEN, message)
    assert "รับเรื่องร้องเรียนแล้ว" in said(talk(assistant, demo_snapshot, CITIZEN, "ยืนยันส่งค่ะ"))
    (entry,) = outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["ผู้ถูกร้อง/หน่วยงาน"] == "กองช่าง" and entry.row["ประเภท"] == "จัดซื้อจัดจ้าง"


def _file(assistant: Assistant, snapshot: Snapshot, accused: str, opt: str, user: str = CITIZEN) -> str:
    for message in ["ร้องเรียน", "เรียกรับเงิน/ของขวัญ", "ขอเงินค่าอนุมัติใบอนุญาต", "ถัดไป", accused, "ข้าม",
                    "ข้าม", "ข้าม", opt]:
        talk(assistant, snapshot, user, message)
    return said(talk(assistant, snapshot, user, "ยืนยันส่ง"))


def test_a_complaint_about_executives_lists_external_channels(assistant: Assistant, demo_snapshot: Snapshot,
                                                              ledger: ComplaintLedger) -> None:
    text = _file(assistant, demo_snapshot, "นายกเทศมนตรี", "ไม่รับ")
    assert "สำนักงาน ป.ป.ช. โทร 1205" in text and "ศูนย์ดำรงธรรม โทร 1567" in text
    assert ledger.subscribers() == [], "opted out: no LINE userId is kept"
    assert "ป.ป.ช." not in _file(assistant, demo_snapshot, "เจ้าหน้าที่การเงิน", "ไม่รับ")


def test_text_over_the_cap_is_cut_with_a_clear_message(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน")
    talk(assistant, demo_snapshot, CITIZEN, "อื่น ๆ")
    reply = said(talk(assistant, demo_snapshot, CITIZEN, "ก" * 3500))
    assert "ข้อความยาวเกิน 3000 ตัวอักษร" in reply
    assert "ยาวเกิน" in said(talk(assistant, demo_snapshot, CITIZEN, "ข"))


def test_officers_are_told_without_the_text(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    group = "C" + "a" * 32
    settings = (*demo_snapshot.rows("ตั้งค่า", Setting), Setting(99, "officer_group_id", group, None))
    snapshot = with_rows(demo_snapshot, "ตั้งค่า", settings)
    for message in ["ร้องเรียน", "จัดซื้อจัดจ้าง", "ลับมาก-คานารี", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ข้าม",
                    "ไม่รับ"]:
        talk(assistant, snapshot, CITIZEN, message)
    answer = assistant.respond(Incoming("text", CITIZEN, "ยืนยันส่ง"), snapshot)
    ((to, notice),) = answer.notices
    assert to == group and "เลขที่ 2570-0004" in said([notice]) and "จัดซื้อจัดจ้าง" in said([notice])
    assert "ลับมาก-คานารี" not in said([notice]) and "กองช่าง" not in said([notice])


def test_daily_limit_per_sender(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for _ in range(3):
        assert "รับเรื่องร้องเรียนแล้ว" in _file(assistant, demo_snapshot, "ไม่ทราบ", "ไม่รับ")
    assert "เกินจำนวนที่รับได้" in said(talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน"))
    other = "U" + "d" * 32
    assert "ขั้นที่ 1/7" in said(talk(assistant, demo_snapshot, other, "ร้องเรียน"))


def test_a_busy_hour_is_refused_with_its_true_reason(assistant: Assistant, desk: ComplaintDesk,
                                                     demo_snapshot: Snapshot) -> None:
    desk.hourly_cap = 0
    answer = said(talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน"))
    assert "มีผู้ส่งเรื่องร้องเรียนจำนวนมาก" in answer and "ต่อวัน" not in answer


def test_wrong_receipts_are_throttled(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    assert "พิมพ์เลขรับเรื่อง" in said(talk(assistant, demo_snapshot, CITIZEN, "ติดตาม"))
    talk(assistant, demo_snapshot, CITIZEN, "ยกเลิก")
    for _ in range(10):
        assert "ไม่พบเรื่อง" in said(talk(assistant, demo_snapshot, CITIZEN, "ติดตาม AAAA-BBBB-CC"))
    assert "ผิดหลายครั้งเกินไป" in said(talk(assistant, demo_snapshot, CITIZEN, "ติดตาม AAAA-BBBB-CC"))


def test_random_receipts_find_nothing_and_the_guesser_is_throttled(desk: ComplaintDesk,
                                                                   demo_snapshot: Snapshot) -> None:
    import random

    rng = random.Random(42)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    outcomes = [desk.lookup("".join(rng.choice(alphabet) for _ in range(10)), demo_snapshot, sender=None)
                for _ in range(10_000)]
    assert not any(o is not None and o != "throttled" for o in outcomes), "no random receipt found a case"
    assert outcomes.count(None) == desk.lookup_limit and outcomes[-1] == "throttled"


def test_officer_summary_is_for_officers_only(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    summary = said(talk(assistant, demo_snapshot, OFFICER, "สรุปร้องเรียน"))
    assert "สรุปเรื่องร้องเรียนทั้งหมด 3 เรื่อง" in summary and "• กำลังตรวจสอบ: 1" in summary
    assert "เกินกำหนดตอบ 1 เรื่อง" in summary and "• 2570-0001 จัดซื้อจัดจ้าง กำหนด 5 พ.ย. 2569" in summary
    assert "(ตัวอย่าง)" not in summary, "no complaint text in the summary"
    assert "สำหรับเจ้าหน้าที่" in said(talk(assistant, demo_snapshot, CITIZEN, "สรุปร้องเรียน"))
    staff = said(talk(assistant, demo_snapshot, demo_user_id("demo-staff"), "สรุปร้องเรียน"))
    assert "เฉพาะเจ้าหน้าที่ผู้รับเรื่องร้องเรียน" in staff, "approved staff are refused plainly"
    assert "ลงทะเบียนได้โดยพิมพ์" not in staff, "approved staff are not told to register"


def _with_case_status(tmp_path: Path, case_no: str, status: str) -> Snapshot:
    """The demo workbook plus one case row whose สถานะ an officer typed (parsed as the bot reads the sheet)."""
    workbook = LocalWorkbook(tmp_path / "typo.xlsx")
    create_demo_workbook(workbook, date(2026, 11, 23))
    raw = {tab: [list(row) for row in rows] for tab, rows in workbook.read_tables().items()}
    headers = raw["เรื่องร้องเรียน"][0]
    values = {"เลขที่เรื่อง": case_no, "วันที่รับ": "23/11/2569 09:00", "ช่องทาง": "LINE",
              "ประเภท": "เรียกรับเงิน/ของขวัญ", "สถานะ": status, "กำหนดตอบ": "08/12/2569"}
    raw["เรื่องร้องเรียน"].append([values.get(header, "") for header in headers])
    return parse_workbook(raw, datetime(2026, 11, 23, 9))


def test_a_status_outside_the_vocabulary_reads_as_being_handled_and_the_admin_is_told(
        assistant: Assistant, demo_snapshot: Snapshot, ledger: ComplaintLedger, tmp_path: Path) -> None:
    filed = _file(assistant, demo_snapshot, "ไม่ทราบ", "รับแจ้งเตือน")
    receipt = RECEIPT.search(filed)
    assert receipt, filed
    typo = _with_case_status(tmp_path, "2570-0004", "กำลังตรวจ")
    answer = assistant.respond(Incoming("text", CITIZEN, f"ติดตาม {receipt.group(1)}"), typo)
    status = said(answer.replies)
    assert "สถานะ: เจ้าหน้าที่กำลังดำเนินการเรื่องของคุณ" in status and "ไม่ระบุ" not in status
    assert "รับเรื่อง" not in status.split("สถานะ:")[1], "a typo is not shown as a step back to รับเรื่อง"
    ((to, notice),) = answer.notices
    assert to == demo_user_id("demo-admin")
    told = said([notice])
    assert "แท็บ 'เรื่องร้องเรียน' แถว" in told and "คอลัมน์" in told and "'สถานะ'" in told
    assert "กำลังตรวจ" in told and "2570-0004" in told
    fixed = _with_case_status(tmp_path, "2570-0004", "กำลังตรวจสอบ")
    assert not assistant.respond(Incoming("text", CITIZEN, f"ติดตาม {receipt.group(1)}"), fixed).notices
    pushed: list[str] = []
    push = lambda to, replies, retry_key_seed=None: pushed.append(said(list(replies)))  # noqa: E731
    assert sync_updates(fixed, ledger, push, datetime(2026, 11, 23, 10), timedelta(days=30)) == 1
    assert "กำลังตรวจสอบ" in pushed[0]
    assert sync_updates(typo, ledger, push, datetime(2026, 11, 23, 11), timedelta(days=30)) == 0, "no false change"


@pytest.mark.parametrize(("typed", "kept"), [("เมื่อวาน", "22 พ.ย. 2569"), ("เมื่อวานซืน", "21 พ.ย. 2569"),
                                             ("ต้นเดือนที่แล้ว", "ประมาณต้นเดือนตุลาคม 2569"),
                                             ("ประมาณกลางเดือนตุลา", "ประมาณกลางเดือนตุลาคม 2569")])
def test_the_incident_date_step_reads_relative_dates(assistant: Assistant, demo_snapshot: Snapshot,
                                                     typed: str, kept: str) -> None:
    for message in ["ร้องเรียน", "จัดซื้อจัดจ้าง", "มีการฮั้วประมูล", "ถัดไป", "กองช่าง", "ข้าม"]:
        talk(assistant, demo_snapshot, CITIZEN, message)
    assert "ขั้นที่ 6/7" in said(talk(assistant, demo_snapshot, CITIZEN, typed))
    talk(assistant, demo_snapshot, CITIZEN, "ข้าม")
    assert f"วันที่เกิดเหตุ: {kept}" in said(talk(assistant, demo_snapshot, CITIZEN, "ไม่รับ"))


REPORTING = ["อยากแจ้งว่าเจ้าหน้าที่เรียกเงินค่ะ", "ขอแจ้งว่ามีการเรียกรับเงินค่าใบอนุญาต", "จะร้องเรียนเจ้าหน้าที่กองช่าง",
             "อยากร้องเรียนค่ะ", "ขอร้องเรียนเรื่องถนน", "แจ้งเบาะแสการทุจริต", "อยากแจ้งเรื่องทุจริตครับ",
             "ต้องการร้องเรียน", "อยากจะแจ้งว่าผู้รับเหมาฮั้วประมูล", "ขอแจ้งเรื่องร้องเรียนค่ะ", "แจ้งทุจริต",
             "มีเรื่องจะร้องเรียนค่ะ", "ขอแจ้งเบาะแสหน่อยครับ", "จะแจ้งว่าโดนเรียกเงินใต้โต๊ะ"]


@pytest.mark.parametrize("text", REPORTING)
def test_everyday_ways_of_saying_i_want_to_report_start_the_complaint(assistant: Assistant, demo_snapshot: Snapshot,
                                                                      text: str) -> None:
    assert "ขั้นที่ 1/7" in said(talk(assistant, demo_snapshot, CITIZEN, text)), text


@pytest.mark.parametrize("text", ["ร้องเรียนได้ที่ไหน", "แจ้งเบาะแสได้ทางไหนบ้าง", "ขอแจ้งเตือนความคืบหน้า",
                                  "จะร้องเรียนต้องทำยังไง", "แจ้งได้ที่ไหนบ้าง"])
def test_a_question_about_reporting_is_still_answered(assistant: Assistant, demo_snapshot: Snapshot, text: str) -> None:
    assert "ขั้นที่ 1/7" not in said(talk(assistant, demo_snapshot, CITIZEN, text)), text


def test_a_blank_complaint_web_url_offers_the_bots_own_form(tmp_path: Path, clock: FakeClock, outbox: Outbox,
                                                           desk: ComplaintDesk, demo_snapshot: Snapshot) -> None:
    settings = tuple(s for s in demo_snapshot.rows("ตั้งค่า", Setting) if s.key != "complaint_web_url")
    snapshot = with_rows(demo_snapshot, "ตั้งค่า", (*settings, Setting(98, "complaint_web_url", "", None)))
    bot = Assistant(SqliteStateStore(tmp_path / "s.sqlite3", "k" * 32), lambda user: "p" + user[-6:], clock,
                    writer=OutboxWriter(outbox, clock), desk=desk, web_form_url="https://ita.example.go.th/complaint")
    intro = said(talk(bot, snapshot, CITIZEN, "ร้องเรียน"))
    assert "แบบฟอร์มเว็บได้ที่ https://ita.example.go.th/complaint" in intro
    channels = said(talk(bot, snapshot, CITIZEN, "ยกเลิก") and talk(bot, snapshot, CITIZEN, "ร้องเรียนทางไหนได้บ้าง"))
    assert "https://ita.example.go.th/complaint" in channels, channels


def test_the_edit_menu_has_back_and_cancel(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for message in ["ร้องเรียน", "จัดซื้อจัดจ้าง", "มีการฮั้วประมูล", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ข้าม", "ไม่รับ"]:
        talk(assistant, demo_snapshot, CITIZEN, message)
    menu = talk(assistant, demo_snapshot, CITIZEN, "แก้ไข")
    assert [q.text for q in menu[-1].quick_replies][-2:] == ["กลับไปหน้าสรุป", "ยกเลิก"]
    assert "ตรวจสอบก่อนส่ง" in said(talk(assistant, demo_snapshot, CITIZEN, "กลับไปหน้าสรุป"))
    talk(assistant, demo_snapshot, CITIZEN, "แก้ไข")
    assert "ยกเลิก" in said(talk(assistant, demo_snapshot, CITIZEN, "ยกเลิก"))
    assert "ขั้นที่" not in said(talk(assistant, demo_snapshot, CITIZEN, "ยืนยันส่ง")), "the draft is gone"
