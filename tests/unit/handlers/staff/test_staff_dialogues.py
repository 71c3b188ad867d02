"""Staff commands as dialogue tables, the role checks that guard them, registration and FAQ."""

from __future__ import annotations

import json

import pytest

from common.thaitext import to_thai_digits
from demo.workbook import demo_user_id
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Flex
from handlers.staff import cards as staff
from handlers.staff.assistant import Assistant
from sheets.records import OitItem, Result, Setting, StaffMember
from sheets.schema import OIT
from sheets.workbook import Snapshot, parse_tab
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, LAST_YEAR, STAFF, YEAR_BEFORE, buttons, said, talk, with_rows

ADMIN = demo_user_id("demo-admin")
PENDING = demo_user_id("demo-pending")
SUSPENDED = "U" + "5" * 32

# (staff sends, words the answer must contain)
STAFF_DIALOGUE = [
    ("คะแนน", [f"[การ์ด] คะแนน ITA ปี {LAST_YEAR}: 80.61 ระดับ ต้องปรับปรุง (▲1.8", "ผ่านเกณฑ์ 8/10 ตัวชี้วัด",
              "ต่ำสุด: การป้องกันการทุจริต 37.50"]),
    (f"คะแนน {to_thai_digits(str(YEAR_BEFORE))}", [f"[การ์ด] คะแนน ITA ปี {YEAR_BEFORE}: 78.80 ระดับ ต้องปรับปรุง",
                                                    "ผ่านเกณฑ์ 5/10"]),
    ("คะแนน 2550", ["ไม่พบคะแนนของปี \"2550\"", f"{LAST_YEAR}, {YEAR_BEFORE}"]),
    ("วิเคราะห์", [f"[การ์ด] วิเคราะห์ ITA ปี {LAST_YEAR}: 80.61 ระดับ ต้องปรับปรุง",
                   "ต้องแก้ไขเร่งด่วน: การป้องกันการทุจริต, การเปิดเผยข้อมูล", "ขวางระดับผ่าน: คะแนนรวม ขาด 4.39"]),
    (f"วิเคราะห์ {YEAR_BEFORE}", [f"วิเคราะห์ ITA ปี {YEAR_BEFORE}: 78.80"]),
    ("มาตรการ", ["มาตรการที่ยังไม่เสร็จ (สำนักปลัดเทศบาล) ปีงบประมาณ 2570: 2 รายการ · เกินกำหนด 1 รายการ"]),
    ("มาตรการ ทุกหน่วยงาน", ["มาตรการที่ยังไม่เสร็จ ปีงบประมาณ 2570: 8 รายการ · เกินกำหนด 2 รายการ"]),
    ("มาตรการ กองคลัง", ["(กองคลัง) ปีงบประมาณ 2570: 2 รายการ · เกินกำหนด 1 รายการ"]),
    ("มาตรการ ค้างส่ง", ["(สำนักปลัดเทศบาล ค้างส่ง) ปีงบประมาณ 2570: 1 รายการ"]),
    ("มาตรการ ทุกหน่วยงาน ค้างส่ง", ["(ค้างส่ง) ปีงบประมาณ 2570: 2 รายการ"]),
    ("มาตรการ ๑๐", ["(ตัวชี้วัดที่ 10) ปีงบประมาณ 2570: 3 รายการ · เกินกำหนด 1 รายการ"]),
    ("มาตรการ 9", ["ไม่พบมาตรการที่ยังไม่เสร็จของ \"ตัวชี้วัดที่ 9\""]),
    ("มาตรการ กองสาธารณสุข", ["ไม่พบมาตรการที่ยังไม่เสร็จของ \"กองสาธารณสุข\"", "หน่วยงานที่มีมาตรการ: กองการศึกษา"]),
    ("OIT", ["[การ์ด] OIT ปี 2570 (สำนักปลัดเทศบาล): เผยแพร่แล้ว 6/8 ข้อ · เลยกำหนด 1 ข้อ"]),
    ("OIT ทุกหน่วยงาน", ["[การ์ด] OIT ปี 2570: เผยแพร่แล้ว 9/16 ข้อ · เลยกำหนด 2 ข้อ"]),
    ("เมนู", ["คุณใช้งานในฐานะเจ้าหน้าที่", "วิเคราะห์ [ปี]"]),
]


def test_staff_dialogue(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for sent, expected in STAFF_DIALOGUE:
        replies = talk(assistant, demo_snapshot, STAFF, sent)
        for words in expected:
            assert words in said(replies), f"{sent!r} → {said(replies)!r}"
    assert buttons(talk(assistant, demo_snapshot, STAFF, "เมนู")) == [
        "คะแนน", "วิเคราะห์", "มาตรการ", "OIT", "รายงาน", "คะแนน ITA", "ร้องเรียน", "เมนู"]


def test_measures_carousel_puts_overdue_first(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    _summary, carousel = talk(assistant, demo_snapshot, STAFF, "มาตรการ ทุกหน่วยงาน")
    assert isinstance(carousel, Flex) and carousel.contents["type"] == "carousel"
    headers = [b["header"]["contents"][0]["text"] for b in carousel.contents["contents"]]
    assert headers[:2] == ["เกินกำหนด 13 วัน", "เกินกำหนด 8 วัน"] and headers[2].startswith("ครบกำหนด")
    first = carousel.contents["contents"][0]["body"]["contents"]
    assert first[1]["text"] == "ผู้รับผิดชอบ: กองคลัง"
    assert "กองคลัง" in buttons([carousel]) and "ค้างส่ง" in buttons([carousel])


def test_score_card_draws_ten_bars_with_the_pass_line(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    (card,) = talk(assistant, demo_snapshot, STAFF, f"คะแนน {LAST_YEAR}")
    assert isinstance(card, Flex)
    rows = card.contents["body"]["contents"]
    assert len(rows) == 10
    bar = rows[9]["contents"][1]["contents"]
    assert [part.get("flex") for part in bar] == [3750, 4750, 0, 0, 1500], "the 2 px line keeps its width (flex 0)"
    assert bar[2]["width"] == "2px"


def test_score_card_shows_decreases_in_red_and_rises_in_green(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    (card,) = talk(assistant, demo_snapshot, STAFF, f"คะแนน {LAST_YEAR}")
    changes = {row["contents"][0]["contents"][-1]["text"][0]: row["contents"][0]["contents"][-1]["color"]
               for row in card.contents["body"]["contents"]}  # type: ignore[union-attr]
    assert changes["▼"] == "#C0392B" and changes["▲"] == "#1B7F3B"
    header = [t.get("text", "") for t in card.contents["header"]["contents"]]  # type: ignore[union-attr]
    assert f"▲1.81 จากปี {YEAR_BEFORE}" in header


def test_oit_card_lists_fifteen_items_and_counts_the_rest(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    items = tuple(OitItem(i + 2, 2570, f"O{i + 1}", f"หัวข้อ {i + 1}", None, "ยังไม่เผยแพร่", None, None, None)
                  for i in range(45))
    (card,) = talk(assistant, with_rows(demo_snapshot, "OIT", items), STAFF, "OIT")
    assert isinstance(card, Flex)
    body = [c.get("text") for c in card.contents["body"]["contents"]]
    assert body[0] == "ยังต้องทำ 45 ข้อ" and len(body) == 17 and body[-1].startswith("และอีก 30 ข้อ")
    assert card.contents["header"]["contents"][1]["text"] == "เผยแพร่แล้ว 0/45 ข้อ"


def test_empty_oit_tab_and_no_scores(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    empty = with_rows(with_rows(demo_snapshot, "OIT", ()), "คะแนน", ())
    assert "ยังไม่มีรายการ OIT" in said(talk(assistant, empty, STAFF, "OIT"))
    assert "ยังไม่มีคะแนน ITA" in said(talk(assistant, empty, STAFF, "คะแนน"))
    assert "ยังไม่มีคะแนน ITA" in said(talk(assistant, empty, STAFF, "วิเคราะห์"))


def _with_suspended(snapshot: Snapshot) -> Snapshot:
    suspended = StaffMember(99, "ผู้ถูกระงับ", None, "กองช่าง", "staff", SUSPENDED, "ระงับ", None)
    return with_rows(snapshot, "เจ้าหน้าที่", (*snapshot.staff, suspended))


@pytest.mark.parametrize(("user", "reason"), [
    (CITIZEN, "ลงทะเบียนได้โดยพิมพ์"), (PENDING, "กำลังรอผู้ดูแลอนุมัติ"), (SUSPENDED, "ถูกระงับ")])
@pytest.mark.parametrize("kind", ["text", "postback"])
def test_every_staff_command_refuses_anyone_not_approved(assistant: Assistant, demo_snapshot: Snapshot,
                                                         user: str, reason: str, kind: str) -> None:
    snapshot = _with_suspended(demo_snapshot)
    for command in staff.COMMANDS:
        for keyword in command.keywords:
            for suffix in ("", f" {LAST_YEAR}", " กองคลัง"):
                replies = talk(assistant, snapshot, user, keyword + suffix, kind)
                assert not any(isinstance(reply, Flex) for reply in replies), keyword
                assert "สำหรับเจ้าหน้าที่ที่ลงทะเบียนและได้รับอนุมัติแล้ว" in said(replies), keyword
                assert reason in said(replies)
                assert "80.61" not in said(replies) and "กองคลัง" not in said(replies)


def test_without_a_snapshot_staff_data_is_refused(assistant: Assistant) -> None:
    for command in staff.COMMANDS:
        assert "ยังอ่านข้อมูลของหน่วยงานไม่ได้" in said(talk(assistant, None, STAFF, command.keywords[0]))


def test_registration_writes_a_pending_row_and_notifies_admins(assistant: Assistant, demo_snapshot: Snapshot,
                                                               outbox: Outbox, clock: FakeClock) -> None:
    assert "รหัสลงทะเบียนไม่ถูกต้อง" in said(talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน 111111"))
    assert "กรุณาพิมพ์ ลงทะเบียน ตามด้วยรหัส" in said(talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน"))
    assert "รหัสถูกต้อง" in said(talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน ๒๔๖๘๑๐"))
    asked = talk(assistant, demo_snapshot, CITIZEN, "  นางสาว ทดสอบ   ระบบ ")
    assert said(asked).startswith("นางสาว ทดสอบ ระบบ สังกัดหน่วยงานใด") and "กองคลัง" in buttons(asked)
    answer = assistant.respond(Incoming("text", CITIZEN, "กองคลัง"), demo_snapshot)
    assert "ส่งคำขอลงทะเบียนแล้ว" in said(answer.replies)
    assert [user for user, _ in answer.notices] == [ADMIN]
    assert "นางสาว ทดสอบ ระบบ" in said([answer.notices[0][1]])
    (entry,) = outbox.due("เจ้าหน้าที่", clock(), 10)
    assert entry.record_id == CITIZEN
    assert entry.row | {"ลงทะเบียนเมื่อ": ""} == {"ชื่อ": "นางสาว ทดสอบ ระบบ", "หน่วยงาน": "กองคลัง", "บทบาท": "staff",
                                                  "LINE userId": CITIZEN, "สถานะ": "รออนุมัติ", "ลงทะเบียนเมื่อ": ""}
    assert "รอผู้ดูแลอนุมัติ" in said(talk(assistant, demo_snapshot, PENDING, "ลงทะเบียน 246810"))
    assert "ได้รับอนุมัติแล้ว" in said(talk(assistant, demo_snapshot, STAFF, "ลงทะเบียน 246810"))


def test_registration_can_be_cancelled(assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน 246810")
    assert "ยกเลิกแล้ว" in said(talk(assistant, demo_snapshot, CITIZEN, "ยกเลิก"))
    assert outbox.depth() == 0


@pytest.mark.parametrize(("question", "answer"), [
    ("ITA คืออะไรคะ", "การประเมินคุณธรรมและความโปร่งใส"),
    ("ita คือ", "การประเมินคุณธรรมและความโปร่งใส"),
    ("แจ้งเบาะแสทุจริตได้ที่ไหน", "พิมพ์ ร้องเรียน"),
    ("อยากแจ้งเบาะแสทุจริต", "ขั้นที่ 1/7"),
    ("ต้องได้กี่คะแนนถึงจะผ่าน", "85 คะแนนขึ้นไป"),
    ("ปีงบประมาณเริ่มเดือนไหน", "1 ตุลาคม"),
])
def test_faq_answers_tolerate_wording(assistant: Assistant, demo_snapshot: Snapshot, question: str,
                                      answer: str) -> None:
    assert answer in said(talk(assistant, demo_snapshot, CITIZEN, question))


def test_unrelated_text_still_gets_the_menu(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    assert "ไม่เข้าใจคำสั่งนี้" in said(talk(assistant, demo_snapshot, CITIZEN, "ฝนตกหนักมาก"))
    hello = said(talk(assistant, demo_snapshot, CITIZEN, "สวัสดีครับ"))
    assert "สิ่งที่ทำได้ที่นี่" in hello and "ไม่เข้าใจ" not in hello



def test_oit_card_shows_a_published_item_with_a_broken_link_as_to_fix(assistant: Assistant,
                                                                      demo_snapshot: Snapshot) -> None:
    items = (OitItem(2, 2570, "O1", "แผนจัดซื้อ", "กองคลัง", "เผยแพร่แล้ว", "https://x.go.th/a", None, None,
                     "ไม่พบหน้า (404)", "07/12/2569 06:30"),
             OitItem(3, 2570, "O2", "ข่าว", "กองคลัง", "เผยแพร่แล้ว", "https://x.go.th/b", None, None, "ใช้ได้", ""))
    (card,) = talk(assistant, with_rows(demo_snapshot, "OIT", items), STAFF, "OIT")
    assert isinstance(card, Flex)
    assert card.contents["header"]["contents"][1]["text"] == "เผยแพร่แล้ว 1/2 ข้อ"
    texts = str(card.contents["body"])
    assert "ต้องแก้ไข (ไม่พบหน้า (404))" in texts and "O2" not in texts


def _in_fiscal_year(snapshot: Snapshot, year: int) -> Snapshot:
    settings = [s for s in snapshot.rows("ตั้งค่า", Setting) if s.key != "current_fiscal_year"]
    return with_rows(snapshot, "ตั้งค่า", (*settings, Setting(99, "current_fiscal_year", str(year), None)))


# (current fiscal year, staff sends, words the answer must contain)
YEAR_WORD_DIALOGUE = [
    (LAST_YEAR + 1, "คะแนน ปีที่แล้ว", f"คะแนน ITA ปี {LAST_YEAR}: 80.61"),
    (LAST_YEAR + 1, "คะแนน ปีก่อน", f"คะแนน ITA ปี {LAST_YEAR}"),
    (LAST_YEAR, "คะแนน ปีนี้", f"คะแนน ITA ปี {LAST_YEAR}"),
    (YEAR_BEFORE - 1, "คะแนน ปีหน้า", f"คะแนน ITA ปี {YEAR_BEFORE}"),
    (LAST_YEAR + 5, "คะแนน ปีที่แล้ว", f"ไม่พบคะแนนของปี \"ปีที่แล้ว ({LAST_YEAR + 4})\""),
    (LAST_YEAR + 1, "วิเคราะห์ ปีที่แล้ว", f"วิเคราะห์ ITA ปี {LAST_YEAR}"),
    (LAST_YEAR + 1, "คะแนน ITA ปีที่แล้ว", f"ITA ปี {LAST_YEAR}"),
    (LAST_YEAR, "คะแนน ITA ปีก่อน", f"ITA ปี {YEAR_BEFORE}"),
    (2571, "OIT ปีที่แล้ว", "OIT ปี 2570"),
    (2570, "OIT ปีที่แล้ว", "ไม่พบรายการ OIT ของปี \"ปีที่แล้ว (2569)\""),
    (2570, "OIT 2568", "ไม่พบรายการ OIT ของปี \"2568\""),
    (2570, "OIT ปีนี้", "OIT ปี 2570"),
]


@pytest.mark.parametrize(("this_year", "sent", "expected"), YEAR_WORD_DIALOGUE)
def test_year_words_count_from_the_current_fiscal_year(assistant: Assistant, demo_snapshot: Snapshot,
                                                       this_year: int, sent: str, expected: str) -> None:
    assert expected in said(talk(assistant, _in_fiscal_year(demo_snapshot, this_year), STAFF, sent))


def test_oit_codes_are_shown_upper_case_whatever_the_sheet_has() -> None:
    table = [list(OIT.headers), [2570, " o10 ", "แผนปฏิบัติการ", "", "ยังไม่เผยแพร่", "", "", ""]]
    (item,), problems = parse_tab(OIT, table)
    assert item.item == "O10" and not problems


def test_the_published_result_is_the_headline_and_a_difference_is_for_staff_only(
        assistant: Assistant, demo_snapshot: Snapshot) -> None:
    published = with_rows(demo_snapshot, "ผลประเมิน", (Result(2, LAST_YEAR, 75.5, "C", None),))
    public = said(talk(assistant, published, CITIZEN, f"คะแนน ITA {LAST_YEAR}"))
    assert f"ผล ITA ปี {LAST_YEAR}" in public and "75.50 คะแนน ระดับ C" in public
    assert "80.61" not in public and "ไม่ตรง" not in public and "ตรวจแท็บ" not in public
    (card,) = talk(assistant, published, STAFF, f"คะแนน {LAST_YEAR}")
    assert isinstance(card, Flex) and f"คะแนน ITA ปี {LAST_YEAR}: 75.50 ระดับ C" in card.alt_text
    assert "คำนวณได้ 80.61 ไม่ตรงกับคะแนนที่ประกาศ" in json.dumps(card.contents, ensure_ascii=False)
    (public_card,) = talk(assistant, published, CITIZEN, f"คะแนน ITA {LAST_YEAR}")
    assert "80.61" not in json.dumps(public_card.contents if isinstance(public_card, Flex) else "", ensure_ascii=False)
    assert f"วิเคราะห์ ITA ปี {LAST_YEAR}: 75.50 ระดับ C" in said(talk(assistant, published, STAFF,
                                                                         f"วิเคราะห์ {LAST_YEAR}"))


def test_report_takes_year_words(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    refused = said(talk(assistant, _in_fiscal_year(demo_snapshot, LAST_YEAR + 5), STAFF, "รายงาน วิเคราะห์ ปีที่แล้ว"))
    assert f"ไม่มีคะแนนของปี {LAST_YEAR + 4}" in refused, refused
    accepted = said(talk(assistant, _in_fiscal_year(demo_snapshot, LAST_YEAR + 1), STAFF, "รายงาน วิเคราะห์ ปีที่แล้ว"))
    assert "ไม่มีคะแนนของปี" not in accepted, accepted


@pytest.mark.parametrize("sent", ["คะแนน ²⁵⁶⁸", "คะแนน ፩፩", "เรื่องร้องเรียน ፩", "OIT ²"])
def test_characters_that_look_like_digits_get_an_answer_not_a_crash(assistant: Assistant, demo_snapshot: Snapshot,
                                                                     sent: str) -> None:
    assert said(talk(assistant, demo_snapshot, STAFF, sent))
