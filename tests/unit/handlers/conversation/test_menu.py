"""Each role's menu lists that role's commands (issue 36: officers saw no case command, staff no อัปเดต)."""

from __future__ import annotations

import pytest

from demo.workbook import demo_user_id
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from tests.unit.conftest import CITIZEN, STAFF, buttons, said, talk

OFFICER = demo_user_id("demo-officer")
ADMIN = demo_user_id("demo-admin")
CITIZENS = ["คะแนน ITA", "ร้องเรียน", "ติดตาม <เลขรับเรื่อง>", "ลงทะเบียน <รหัส>", "เมนู", "ยกเลิก"]
STAFFS = ["คะแนน [ปี]", "วิเคราะห์ [ปี]", "มาตรการ [", "อัปเดต <รหัสมาตรการ>", "OIT", "ส่งลิงก์ <ข้อ> <ลิงก์>",
          "รายงาน ["]
OFFICERS = ["สรุปร้องเรียน", "เรื่องร้องเรียน [ของฉัน / เกินกำหนด]", "เรื่อง <เลขที่เรื่อง>", "รับเรื่อง", "มอบหมาย",
            "เปลี่ยนสถานะ", "ตอบผู้ร้อง", "บันทึกภายใน", "ส่งต่อหน่วยงาน", "ปิดเรื่อง", "เปิดเรื่องอีกครั้ง"]
NOT_IN_THE_OFFICERS_MENU = {"ผล ITA", "ช่วยเหลือ", "เริ่ม", "สวัสดี", "แจ้งเบาะแส", "เอกสาร", "ลงทะเบียน", "ให้คะแนน"}
"""Other words for a listed command, ลงทะเบียน (an officer is registered already), and ให้คะแนน (what the rating
buttons under a closing push send; only the complainant who gets that push can use it)."""

# (who, what their menu must list, what it must not, the buttons under it)
MENUS = [
    (CITIZEN, CITIZENS, STAFFS + OFFICERS[:3], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    (STAFF, CITIZENS[:3] + STAFFS, [*OFFICERS[:3], "ลงทะเบียน <รหัส>"],
     ["คะแนน", "วิเคราะห์", "มาตรการ", "OIT", "รายงาน", "คะแนน ITA", "ร้องเรียน", "เมนู"]),
    (OFFICER, CITIZENS[:3] + STAFFS + OFFICERS, ["ลงทะเบียน <รหัส>"],
     ["เรื่องร้องเรียน", "สรุปร้องเรียน", "คะแนน", "วิเคราะห์", "มาตรการ", "OIT", "รายงาน", "คะแนน ITA", "ร้องเรียน",
      "เมนู"]),
    (ADMIN, CITIZENS[:3] + STAFFS + OFFICERS, ["ลงทะเบียน <รหัส>"], None),
]


@pytest.mark.parametrize(("user", "listed", "unlisted", "expected_buttons"), MENUS)
def test_each_role_sees_its_own_commands(assistant: Assistant, demo_snapshot: Snapshot, user: str,
                                         listed: list[str], unlisted: list[str],
                                         expected_buttons: list[str] | None) -> None:
    replies = talk(assistant, demo_snapshot, user, "เมนูค่ะ")
    for command in listed:
        assert f"• {command}" in said(replies) or f"/ {command}" in said(replies), command
    for command in unlisted:
        assert f"• {command}" not in said(replies), command
    if expected_buttons is not None:
        assert buttons(replies) == expected_buttons


def test_every_command_an_officer_may_use_is_in_the_officers_menu(assistant: Assistant,
                                                                   demo_snapshot: Snapshot) -> None:
    menu = said(talk(assistant, demo_snapshot, ADMIN, "เมนู"))
    thai = {keyword for keyword, _ in assistant.conversation.keywords if not keyword.isascii() or keyword == "OIT"}
    missing = sorted(keyword for keyword in thai - NOT_IN_THE_OFFICERS_MENU if keyword not in menu)
    assert not missing, f"commands no menu mentions: {missing}"


@pytest.mark.parametrize("tapped", ["เรื่องร้องเรียน", "รายงาน"])
def test_the_new_menu_buttons_answer(assistant: Assistant, demo_snapshot: Snapshot, tapped: str) -> None:
    answer = said(talk(assistant, demo_snapshot, OFFICER, tapped))
    assert "ไม่เข้าใจ" not in answer and "สำหรับเจ้าหน้าที่" not in answer, answer
