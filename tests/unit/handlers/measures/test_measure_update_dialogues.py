"""อัปเดต <รหัส> as dialogue tables: every input kind, who may, bad input writes nothing, double taps queue once."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from pathlib import Path

import pytest

from demo.workbook import demo_user_id
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.outbox import Outbox
from state.row_changes import RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, buttons, said, talk, with_staff

OFFICER = demo_user_id("demo-officer")
ADMIN = demo_user_id("demo-admin")
PENDING = demo_user_id("demo-pending")
TODAY = "07/12/2569"
MENU = ["ความคืบหน้า", "สถานะ", "การติดตามผล", "หลักฐาน", "ยกเลิก"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 7, 10))


@pytest.fixture
def updater(tmp_path: Path, clock: FakeClock, outbox: Outbox) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     row_changes=RowChangeWriter(outbox, clock))


def queued(outbox: Outbox, clock: FakeClock) -> list[list[tuple[str, str, str]]]:
    """The cells of every queued change, in order."""
    return [[(c.header, c.old, c.new) for c in decode(e).cells]
            for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 20)]


def dated(*cells: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    return [*cells, ("อัปเดตล่าสุด", "23/11/2569", TODAY)]


# (what the staff member of สำนักปลัดเทศบาล sends in turn, words of the last answer, the changes queued)
DIALOGUE = [
    (["อัปเดต M2570-02"], "มาตรการ M2570-02: จัดทำแผนปฏิบัติการป้องกันการทุจริต\nสถานะ: กำลังดำเนินการ\nความคืบหน้า: 70%",
     []),
    (["อัปเดต m๒๕๗๐-๐๒", "ความคืบหน้า", "75"], "บันทึกแล้ว · ความคืบหน้า (%): 75",
     [dated(("ความคืบหน้า (%)", "70", "75"))]),
    (["อัปเดต M2570-02", "ความคืบหน้า", "๘๐ %"], "ความคืบหน้า: 80%", [dated(("ความคืบหน้า (%)", "70", "80"))]),
    (["อัปเดต M2570-02", "ความคืบหน้า", "101"], "ความคืบหน้าต้องไม่เกิน 100 ยังไม่ได้บันทึกอะไร", []),
    (["อัปเดต M2570-02", "ความคืบหน้า", "เยอะแล้ว"], "ความคืบหน้าต้องเป็นตัวเลข 0 ถึง 100", []),
    (["อัปเดต M2570-02", "ความคืบหน้า", "-5"], "ความคืบหน้าต้องเป็นตัวเลข 0 ถึง 100", []),
    (["อัปเดต M2570-02", "ความคืบหน้า", "70"], "ค่านี้อยู่ในชีตแล้ว ไม่ได้บันทึกซ้ำ", []),
    (["อัปเดต M2570-02", "สถานะ", "ยังไม่เริ่ม"], "บันทึกแล้ว · สถานะ: ยังไม่เริ่ม",
     [dated(("สถานะ", "กำลังดำเนินการ", "ยังไม่เริ่ม"))]),
    (["อัปเดต M2570-02", "สถานะ", "ยกเลิกมาตรการ"], "สถานะ: ยกเลิก", [dated(("สถานะ", "กำลังดำเนินการ", "ยกเลิก"))]),
    (["อัปเดต M2570-02", "สถานะ", "พักไว้"], "โปรดเลือกสถานะจากปุ่มด้านล่าง", []),
    (["อัปเดต M2570-02", "สถานะ", "เสร็จสิ้น"], "ยังเป็น 70% ยืนยันเปลี่ยนสถานะเป็น เสร็จสิ้น หรือไม่", []),
    (["อัปเดต M2570-02", "สถานะ", "เสร็จสิ้น", "ยืนยัน"], "บันทึกแล้ว · สถานะ: เสร็จสิ้น",
     [dated(("สถานะ", "กำลังดำเนินการ", "เสร็จสิ้น"))]),
    (["อัปเดต M2570-02 ค่ะ", "สถานะค่ะ", "เสร็จสิ้นค่ะ", "ยืนยันค่ะ"], "บันทึกแล้ว · สถานะ: เสร็จสิ้น",
     [dated(("สถานะ", "กำลังดำเนินการ", "เสร็จสิ้น"))]),
    (["อัปเดต M2570-02", "คืบหน้า", "75"], "บันทึกแล้ว · ความคืบหน้า (%): 75",
     [dated(("ความคืบหน้า (%)", "70", "75"))]),
    (["อัปเดต M2570-02", "สถานะ", "เสร็จสิ้น", "ใช่ค่ะ"], "บันทึกแล้ว · สถานะ: เสร็จสิ้น",
     [dated(("สถานะ", "กำลังดำเนินการ", "เสร็จสิ้น"))]),
    (["อัปเดต M2570-02", "สถานะ", "เสร็จสิ้น", "ไม่"], "ยังไม่ได้เปลี่ยนสถานะเป็น เสร็จสิ้น", []),
    (["อัปเดต M2570-02", "การติดตามผล", "ประชุมคณะทำงานครั้งที่ 2 แล้ว"], "การติดตามผล: ประชุมคณะทำงานครั้งที่ 2 แล้ว",
     [dated(("การติดตามผล", "รายงานในการประชุมประจำเดือน", "ประชุมคณะทำงานครั้งที่ 2 แล้ว"))]),
    (["อัปเดต M2570-02", "การติดตามผล", "ก"], "การติดตามผลต้องเป็นข้อความอย่างน้อย 2 ตัวอักษร", []),
    (["อัปเดต M2570-02", "หลักฐาน", "https://muaklek.go.th/plan.pdf"], "บันทึกแล้ว · หลักฐาน:",
     [dated(("หลักฐาน", "https://www.muaklek.go.th/anti-corruption/plan",
             "https://www.muaklek.go.th/anti-corruption/plan\nhttps://muaklek.go.th/plan.pdf"))]),
    (["อัปเดต M2570-02", "หลักฐาน", "ftp://muaklek.go.th/plan.pdf"], "ลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://", []),
    (["อัปเดต M2570-02", "หลักฐาน", "แผนอยู่ที่ห้องปลัด"], "ลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://", []),
    (["อัปเดต M2570-02", "ความคืบหน้า", "ยกเลิก"], "ยกเลิกแล้ว", []),
    (["อัปเดต M2570-99"], "ไม่พบมาตรการรหัส \"M2570-99\"", []),
    (["อัปเดต M2570-03"], "มาตรการ M2570-03 อยู่ในความรับผิดชอบของ งานนิติการ จึงอัปเดตได้เฉพาะเจ้าหน้าที่ของ งานนิติการ", []),
]


@pytest.mark.parametrize(("turns", "expected", "changes"), DIALOGUE)
def test_a_unit_updates_its_measure(updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock,
                                    turns: list[str], expected: str, changes: list[list[tuple[str, str, str]]]) -> None:
    for text in turns:
        answer = talk(updater, demo_snapshot, STAFF, text)
    assert expected in said(answer)
    assert queued(outbox, clock) == changes


def test_after_each_change_the_same_choices_come_back_and_100_offers_done(
        updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    assert buttons(talk(updater, demo_snapshot, STAFF, "อัปเดต M2570-02")) == MENU
    assert buttons(talk(updater, demo_snapshot, STAFF, "ความคืบหน้า")) == ["0", "25", "50", "75", "100", "ยกเลิก"]
    assert buttons(talk(updater, demo_snapshot, STAFF, "๑๐๐")) == ["เสร็จสิ้น", *MENU]
    done = talk(updater, demo_snapshot, STAFF, "เสร็จสิ้น")  # no question: it is at 100 %
    assert "บันทึกแล้ว · สถานะ: เสร็จสิ้น" in said(done) and buttons(done) == MENU
    assert buttons(talk(updater, demo_snapshot, STAFF, "สถานะ")) == [
        "ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จสิ้น", "ยกเลิกมาตรการ", "ยกเลิก"]
    assert queued(outbox, clock) == [dated(("ความคืบหน้า (%)", "70", "100")), [("สถานะ", "กำลังดำเนินการ", "เสร็จสิ้น")]]


def test_the_change_says_who_and_what_for_the_history_tab(updater: Assistant, demo_snapshot: Snapshot,
                                                          outbox: Outbox, clock: FakeClock) -> None:
    for text in ("อัปเดต M2570-02", "ความคืบหน้า", "90"):
        talk(updater, demo_snapshot, STAFF, text)
    (entry,) = outbox.due(outbox.tabs_due(clock())[0], clock(), 10)
    change = decode(entry)
    assert (change.tab, change.key_header, change.key) == ("มาตรการ", "รหัส", "M2570-02")
    assert (change.action, change.by, change.at, change.notify) == ("อัปเดตความคืบหน้า", "สมศรี ใจดี", "07/12/2569 10:00",
                                                                    STAFF)


def test_a_double_tap_queues_one_change(updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                        clock: FakeClock) -> None:
    for text in ("อัปเดต M2570-02", "ความคืบหน้า", "75", "อัปเดต M2570-02", "ความคืบหน้า", "75"):
        talk(updater, demo_snapshot, STAFF, text)
    assert queued(outbox, clock) == [dated(("ความคืบหน้า (%)", "70", "75"))]


@pytest.mark.parametrize(("user", "code"), [(ADMIN, "M2570-03"), (ADMIN, "M2570-06"), (OFFICER, "M2570-03")])
def test_admins_and_the_owning_unit_may_update(updater: Assistant, demo_snapshot: Snapshot, user: str,
                                               code: str) -> None:
    assert buttons(talk(updater, demo_snapshot, user, f"อัปเดต {code}")) == MENU


@pytest.mark.parametrize(("user", "expected"), [
    (OFFICER, "อยู่ในความรับผิดชอบของ สำนักปลัดเทศบาล"), (PENDING, "กำลังรอผู้ดูแลอนุมัติ"),
    (CITIZEN, "สำหรับเจ้าหน้าที่ที่ลงทะเบียนและได้รับอนุมัติแล้ว")])
def test_others_are_refused_and_nothing_is_written(updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                                   user: str, expected: str) -> None:
    answer = talk(updater, demo_snapshot, user, "อัปเดต M2570-02")
    assert expected in said(answer) and "ความคืบหน้า" not in buttons(answer)
    talk(updater, demo_snapshot, user, "75")
    assert outbox.depth() == 0


def test_without_a_snapshot_nothing_is_offered(updater: Assistant) -> None:
    assert "ยังอ่านข้อมูลของหน่วยงานไม่ได้" in said(talk(updater, None, STAFF, "อัปเดต M2570-02"))


@pytest.mark.parametrize("text", ["อัปเดตข้อมูลหน่อย", "อัปเดต ข่าวล่าสุดมีอะไรบ้าง"])
def test_a_sentence_that_starts_with_the_word_is_not_the_command(updater: Assistant, demo_snapshot: Snapshot,
                                                                 text: str) -> None:
    assert "ไม่พบมาตรการ" not in said(talk(updater, demo_snapshot, STAFF, text))


def test_another_command_in_a_step_leaves_it_and_is_not_saved_as_a_note(
        updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox) -> None:
    for text in ("อัปเดต M2570-02", "การติดตามผล"):
        talk(updater, demo_snapshot, STAFF, text)
    answer = said(talk(updater, demo_snapshot, STAFF, "อัปเดต M2570-10"))
    assert "ออกจากขั้นตอนอัปเดตมาตรการแล้วค่ะ" in answer and "มาตรการ M2570-10" in answer
    assert outbox.depth() == 0


def test_photos_in_the_evidence_step_are_counted_with_their_references(
        updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    for text in ("อัปเดต M2570-02", "หลักฐาน"):
        talk(updater, demo_snapshot, STAFF, text)
    first = talk(updater, demo_snapshot, STAFF, "attachments/" + "a" * 32 + ".jpg", kind="image")
    assert "บันทึกรูปแล้ว · รูปถ่าย 1 รูป" in said(first) and buttons(first) == MENU
    second = said(talk(updater, demo_snapshot, STAFF, "attachments/" + "b" * 32 + ".png", kind="image"))
    assert "รูปถ่าย 2 รูป" in second
    assert "รับรูปนี้ไม่ได้ (ต้องเป็นรูป JPEG หรือ PNG ขนาดไม่เกิน 10 MB)" in said(
        talk(updater, demo_snapshot, STAFF, "", kind="image"))  # the bot could not keep it: too large, not a photo
    assert "ความคืบหน้าของ M2570-02" in said(talk(updater, demo_snapshot, STAFF, "ความคืบหน้า"))
    link = "https://www.muaklek.go.th/anti-corruption/plan"
    assert queued(outbox, clock) == [
        dated(("หลักฐาน", link, f"{link}\nรูปถ่าย 1 รูป: attachments/{'a' * 32}.jpg")),
        [("หลักฐาน", f"{link}\nรูปถ่าย 1 รูป: attachments/{'a' * 32}.jpg",
          f"{link}\nรูปถ่าย 2 รูป: attachments/{'a' * 32}.jpg, attachments/{'b' * 32}.png")]]


def test_a_photo_outside_the_evidence_step_is_not_taken(updater: Assistant, demo_snapshot: Snapshot,
                                                        outbox: Outbox) -> None:
    talk(updater, demo_snapshot, STAFF, "อัปเดต M2570-02")
    talk(updater, demo_snapshot, STAFF, "attachments/" + "a" * 32 + ".jpg", kind="image")
    assert outbox.depth() == 0


@pytest.mark.parametrize(("changes", "expected"), [({"unit": "กองคลัง"}, "อยู่ในความรับผิดชอบของ"),
                                                   ({"status": "ระงับ"}, "สำหรับเจ้าหน้าที่")])
def test_staff_moved_or_suspended_in_the_middle_of_an_update_write_nothing(
        updater: Assistant, demo_snapshot: Snapshot, outbox: Outbox, changes: dict[str, str], expected: str) -> None:
    assert buttons(talk(updater, demo_snapshot, STAFF, "อัปเดต M2570-02")) == MENU
    talk(updater, demo_snapshot, STAFF, "ความคืบหน้า")
    answer = said(talk(updater, with_staff(demo_snapshot, STAFF, **changes), STAFF, "75"))
    assert expected in answer, answer
    assert outbox.depth() == 0


def test_a_value_set_again_in_the_same_flow_is_a_new_change(updater: Assistant, demo_snapshot: Snapshot,
                                                             outbox: Outbox, clock: FakeClock) -> None:
    talk(updater, demo_snapshot, STAFF, "อัปเดต M2570-02")
    for value in ("75", "70", "75", "70"):
        talk(updater, demo_snapshot, STAFF, "ความคืบหน้า")
        talk(updater, demo_snapshot, STAFF, value)
    progress = [[cell for cell in cells if cell[0] == "ความคืบหน้า (%)"] for cells in queued(outbox, clock)]
    assert progress == [[("ความคืบหน้า (%)", "70", "75")], [("ความคืบหน้า (%)", "75", "70")]] * 2
