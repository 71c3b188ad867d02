"""The case card (`เรื่อง <เลขที่>`): every field of the case, its last actions, its photos' signed links and
the action buttons of the issue, within LINE's limits; long texts cut on the card and sent whole after it."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.line_messages import to_line_messages
from demo import line_fake_spec
from demo.line_fake_limits import problems
from demo.workbook import demo_user_id
from handlers.casework.photos import CasePhotos, PhotoLinks
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Flex, Reply, Text
from handlers.staff.assistant import Assistant
from sheets.records import Complaint, HistoryRow
from sheets.schema import COMPLAINTS
from sheets.workbook import Snapshot, parse_tab
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, said, talk, with_rows

OFFICER = demo_user_id("demo-officer")
PUBLIC = "https://ita.example.go.th"


def case(number: int, details: str = "ถนนชำรุดหน้าตลาด", status: str = "กำลังตรวจสอบ", **more: Any) -> Complaint:
    values: dict[str, Any] = {"row": number + 1, "case_no": f"2570-{number:04d}",
                              "received": datetime(2026, 11, 20, 10),
                              "channel": "เว็บไซต์", "category": "จัดซื้อจัดจ้าง", "details": details,
                              "accused": "กองช่าง", "place": "ตลาดสด", "incident_date": "1 พ.ย. 2569",
                              "attachments": None, "status": status, "officer": "วิชัย ตรงธรรม",
                              "due": date(2026, 11, 20), "outcome": None, "message_to_complainant": None,
                              "closed": None}
    return Complaint(**{**values, **more})


class Index:
    def __init__(self, **kept: list[str]) -> None:
        self.kept = {key.replace("_", "-"): value for key, value in kept.items()}

    def references(self, case_no: str) -> list[str]:
        return self.kept.get(case_no, [])


def assistant_with(tmp_path: Path, clock: FakeClock, photos: CasePhotos | None) -> Assistant:
    return Assistant(SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32),
                     lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock, photos=photos)


@pytest.fixture
def photos(clock: FakeClock) -> CasePhotos:
    return CasePhotos(Index(**{"2570_0004": ["attachments/a.jpg", "attachments/b.png"]}),
                      PhotoLinks("k" * 32, PUBLIC, clock))


def history(n: int) -> HistoryRow:
    return HistoryRow(n + 1, datetime(2026, 11, 21 + n % 2, 9), "เรื่องร้องเรียน", "2570-0004", f"ขั้นที่ {n}", None,
                      None, "สมศรี มั่นคง", None, None)


def texts(node: Any) -> list[str]:
    if isinstance(node, list):
        return [text for item in node for text in texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "text" else []
    return own + [text for value in node.values() if isinstance(value, dict | list) for text in texts(value)]


def buttons_of(card: Flex) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("type") == "button":
                found.append(node["action"])
            for value in node.values():
                walk(value)

    walk(card.contents)
    return found


def line_refusals(replies: list[Reply]) -> list[str]:
    """What LINE would refuse: its documented limits, and its OpenAPI schema of a push request."""
    messages = [m.to_dict() for m in to_line_messages(replies)]
    spec = line_fake_spec.load()
    assert spec is not None, "LINE's spec must be beside the checkout (shared/)"
    schema = spec.errors("PushMessageRequest", {"to": OFFICER, "messages": messages})
    return [*problems(messages), *schema]


def test_the_card_shows_every_field_the_last_five_actions_and_the_photos(
        tmp_path: Path, clock: FakeClock, photos: CasePhotos, demo_snapshot: Snapshot) -> None:
    snapshot = with_rows(with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4, message_to_complainant="กำลังตรวจสอบเอกสาร",
                                                                             outcome="รอผลจากกองช่าง"),)),
                         "ประวัติการดำเนินการ", tuple(history(n) for n in range(1, 8)))
    replies = talk(assistant_with(tmp_path, clock, photos), snapshot, OFFICER, "เรื่อง ๒๕๗๐-๐๐๐๔")
    (card,) = replies
    assert isinstance(card, Flex)
    shown = texts(card.contents)
    for words in ["เรื่องเลขที่ 2570-0004", "สถานะ: กำลังตรวจสอบ", "กำหนดตอบ: 20 พ.ย. 2569 · เกินกำหนด 3 วัน",
                  "จัดซื้อจัดจ้าง", "เว็บไซต์", "วิชัย ตรงธรรม", "กองช่าง", "ตลาดสด", "1 พ.ย. 2569", "ถนนชำรุดหน้าตลาด",
                  "ข้อความถึงผู้ร้อง", "กำลังตรวจสอบเอกสาร", "ผลการดำเนินการ", "รอผลจากกองช่าง",
                  "รูปภาพ 2 รูป (แตะเพื่อเปิด ลิงก์ใช้ได้ 15 นาที)"]:
        assert words in shown, words
    steps = [text for text in shown if text.startswith("• ")]
    assert steps == [f"• {21 + n % 2} พ.ย. 2569 ขั้นที่ {n} โดย สมศรี มั่นคง" for n in range(3, 8)]
    links = [a for a in buttons_of(card) if a["type"] == "uri"]
    assert [a["label"] for a in links] == ["รูปที่ 1", "รูปที่ 2"]
    assert [a["uri"].split("?")[0] for a in links] == [f"{PUBLIC}/photos/2570-0004/1", f"{PUBLIC}/photos/2570-0004/2"]
    assert all("&sig=" in a["uri"] for a in links)
    assert "รูปภาพ 2 รูป" in card.alt_text and "/photos/" not in card.alt_text
    assert line_refusals(replies) == []


def test_without_a_public_url_the_card_says_how_admins_get_the_photos(tmp_path: Path, clock: FakeClock,
                                                                      demo_snapshot: Snapshot) -> None:
    photos = CasePhotos(Index(**{"2570_0004": ["attachments/a.jpg"]}), None)
    snapshot = with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4),))
    (card,) = talk(assistant_with(tmp_path, clock, photos), snapshot, OFFICER, "เรื่อง 2570-0004")
    assert isinstance(card, Flex)
    assert "รูปภาพ 1 รูป (ผู้ดูแลระบบดึงรูปได้ด้วย ita-bot complaints photos)" in texts(card.contents)
    assert not [a for a in buttons_of(card) if a["type"] == "uri"]


def test_a_case_without_photos_has_no_photo_section(tmp_path: Path, clock: FakeClock, photos: CasePhotos,
                                                    demo_snapshot: Snapshot) -> None:
    snapshot = with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(5),))
    (card,) = talk(assistant_with(tmp_path, clock, photos), snapshot, OFFICER, "เรื่อง 2570-0005")
    assert isinstance(card, Flex) and not any("รูปภาพ" in text for text in texts(card.contents))


def test_a_long_case_is_cut_on_the_card_and_sent_whole_after_it(tmp_path: Path, clock: FakeClock,
                                                                photos: CasePhotos, demo_snapshot: Snapshot) -> None:
    details = "มีการฮั้วประมูลงานถนน " + "ก" * 2990
    message = "ข้อความจากเจ้าหน้าที่ " * 60
    snapshot = with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4, details=details, message_to_complainant=message),))
    replies = talk(assistant_with(tmp_path, clock, photos), snapshot, OFFICER, "เรื่อง 2570-0004")
    card, whole = replies
    assert isinstance(card, Flex) and isinstance(whole, Text)
    assert details not in texts(card.contents) and "ข้อความยาว แสดงบางส่วน ฉบับเต็มอยู่ในข้อความถัดไป" in texts(card.contents)
    assert whole.text.startswith("ข้อความเต็มของเรื่อง 2570-0004")
    assert details in whole.text and message.strip() in whole.text
    assert len(card.alt_text) <= 1500 and card.alt_text.endswith("…")
    assert [q.label for q in whole.quick_replies] == ["เรื่องร้องเรียน"]
    assert line_refusals(replies) == []


def test_a_closed_case_offers_only_reopen(tmp_path: Path, clock: FakeClock, photos: CasePhotos,
                                         demo_snapshot: Snapshot) -> None:
    snapshot = with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4, status="ยุติเรื่อง", outcome="คืนเงินแล้ว"),))
    (card,) = talk(assistant_with(tmp_path, clock, photos), snapshot, OFFICER, "เรื่อง 2570-0004")
    assert isinstance(card, Flex)
    assert [a["label"] for a in buttons_of(card) if a["type"] == "message"] == ["เปิดเรื่องอีกครั้ง"]
    assert "สถานะ: ยุติเรื่อง (ปิดแล้ว)" in texts(card.contents) and "เรื่องนี้ปิดแล้ว" in card.alt_text
    assert "ความพึงพอใจ" not in texts(card.contents), "no rating row before the complainant rates"


@pytest.mark.parametrize("status", ["ยุติเรื่อง", "ถอนเรื่อง"])
def test_a_closed_case_says_when_it_closed_not_a_countdown(tmp_path: Path, clock: FakeClock, photos: CasePhotos,
                                                          demo_snapshot: Snapshot, status: str) -> None:
    """Seen in the demo: a withdrawn case's card still read "เหลือ 15 วัน" beside "(ปิดแล้ว)"."""
    closed = case(4, status=status, closed=date(2026, 11, 20))
    (card,) = talk(assistant_with(tmp_path, clock, photos), with_rows(demo_snapshot, "เรื่องร้องเรียน", (closed,)),
                   OFFICER, "เรื่อง 2570-0004")
    assert isinstance(card, Flex) and "ปิดเรื่องเมื่อ: 20 พ.ย. 2569" in card.alt_text
    assert not any(word in card.alt_text for word in ("เหลือ", "เกินกำหนด", "ครบกำหนด")), card.alt_text


def test_a_rated_case_shows_the_rating_on_the_card(tmp_path: Path, clock: FakeClock, photos: CasePhotos,
                                                   demo_snapshot: Snapshot) -> None:
    snapshot = with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4, status="ยุติเรื่อง", rating="4"),))
    (card,) = talk(assistant_with(tmp_path, clock, photos), snapshot, OFFICER, "เรื่อง 2570-0004")
    assert isinstance(card, Flex)
    shown = texts(card.contents)
    assert shown[shown.index("ความพึงพอใจ") + 1] == "ผู้ร้องให้ 4 จาก 5"
    assert "ความพึงพอใจ: ผู้ร้องให้ 4 จาก 5" in card.alt_text


@pytest.mark.parametrize("user", [STAFF, CITIZEN])
def test_people_who_are_not_officers_get_no_photo_link(tmp_path: Path, clock: FakeClock, photos: CasePhotos,
                                                       demo_snapshot: Snapshot, user: str) -> None:
    snapshot = with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4),))
    replies = talk(assistant_with(tmp_path, clock, photos), snapshot, user, "เรื่อง 2570-0004")
    assert not any(isinstance(r, Flex) for r in replies)
    assert all("/photos/" not in r.text for r in replies if isinstance(r, Text))


def test_the_card_shows_where_the_case_went_and_the_notes_of_its_steps(
        tmp_path: Path, clock: FakeClock, demo_snapshot: Snapshot) -> None:
    steps = (HistoryRow(2, datetime(2026, 11, 21, 9), "เรื่องร้องเรียน", "2570-0004", "บันทึกภายใน", None, None,
                        "สมศรี มั่นคง", "ผู้ถูกร้องเป็นญาติของกรรมการตรวจรับ", None),
             HistoryRow(3, datetime(2026, 11, 22, 9), "เรื่องร้องเรียน", "2570-0004", "ส่งต่อหน่วยงาน", None, None,
                        "สมศรี มั่นคง", "สำนักงานที่ดินจังหวัด", None))
    snapshot = with_rows(with_rows(demo_snapshot, "เรื่องร้องเรียน",
                                   (case(4, status="ส่งต่อหน่วยงาน", forwarded_to="สำนักงานที่ดินจังหวัด"),)),
                         "ประวัติการดำเนินการ", steps)
    replies = talk(assistant_with(tmp_path, clock, None), snapshot, OFFICER, "เรื่อง 2570-0004")
    (card,) = replies
    assert isinstance(card, Flex)
    shown = texts(card.contents)
    assert "ส่งต่อถึง" in shown and "สำนักงานที่ดินจังหวัด" in shown
    assert [text for text in shown if text.startswith("• ")] == [
        "• 21 พ.ย. 2569 บันทึกภายใน โดย สมศรี มั่นคง: ผู้ถูกร้องเป็นญาติของกรรมการตรวจรับ",
        "• 22 พ.ย. 2569 ส่งต่อหน่วยงาน โดย สมศรี มั่นคง: สำนักงานที่ดินจังหวัด"]
    assert "ส่งต่อถึง: สำนักงานที่ดินจังหวัด" in card.alt_text
    assert line_refusals(replies) == []


def test_an_admins_status_outside_the_list_shows_as_typed_and_the_admins_are_told_where(
        tmp_path: Path, clock: FakeClock, demo_snapshot: Snapshot) -> None:
    """Finding: a status typed outside the list by an admin showed as "รับเรื่อง" on the officer's card."""
    raw = [["เลขที่เรื่อง", "วันที่รับ", "สถานะ"], ["2570-0004", "20/11/2569 10:00", "รอผู้บริหารลงนาม"]]
    parsed, found = parse_tab(COMPLAINTS, raw)
    assert parsed[0].status is None and found[-1].value == "รอผู้บริหารลงนาม"
    snapshot = Snapshot({**with_rows(demo_snapshot, "เรื่องร้องเรียน", (case(4, status=None, row=2),)).tables},
                        (*demo_snapshot.problems, found[-1]), demo_snapshot.loaded_at)
    answer = assistant_with(tmp_path, clock, None).respond(Incoming("text", OFFICER, "เรื่อง 2570-0004"), snapshot)
    (card,) = answer.replies
    assert isinstance(card, Flex)
    shown = texts(card.contents)
    assert "สถานะ: รอผู้บริหารลงนาม (ไม่อยู่ในรายการสถานะ)" in shown and "สถานะ: รับเรื่อง" not in shown
    assert "สถานะ: รอผู้บริหารลงนาม (ไม่อยู่ในรายการสถานะ)" in card.alt_text
    where = "แท็บ 'เรื่องร้องเรียน' แถว 2 คอลัมน์ C 'สถานะ'"
    assert any(where in text for text in shown), "the officer sees where the admin must fix it"
    admins = [m.line_user_id for m in snapshot.staff if m.role == "admin" and m.status == "อนุมัติ"]
    assert admins and [to for to, _ in answer.notices] == admins
    notice = answer.notices[0][1]
    assert isinstance(notice, Text) and where in notice.text and "เรื่องเลขที่ 2570-0004" in notice.text
    listed = talk(assistant_with(tmp_path, clock, None), snapshot, OFFICER, "เรื่องร้องเรียน")
    assert "2570-0004 · จัดซื้อจัดจ้าง · รอผู้บริหารลงนาม (ไม่อยู่ในรายการสถานะ) ·" in said(listed)
