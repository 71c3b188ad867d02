"""An admin approves a registration from LINE: the postback in, the สถานะ cell in the .xlsx, the person told
in LINE and linked to the staff rich menu (the LINE fake), then served as staff."""

from __future__ import annotations

import uuid

from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from bot.richmenu import StaffMenuLinker, deploy, line_apis
from bot.runtime import sheet_flusher
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from sheets.local import LocalWorkbook
from sheets.schema import HISTORY, STAFF
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import sheet_rows, texts_of
from tests.integration.conftest import post_signed

ADMIN, PENDING = demo_user_id("demo-admin"), demo_user_id("demo-pending")


def tap(client: FlaskClient, app: Flask, fake: LineApiFake, clock: FakeClock, user: str, data: str) -> str:
    """A postback from a button, as LINE delivers it (webhook.yml PostbackEvent)."""
    before = len(fake.deliveries)
    event = {"type": "postback", "mode": "active", "timestamp": line_ms(clock()),
             "source": {"type": "user", "userId": user}, "webhookEventId": uuid.uuid4().hex.upper()[:26],
             "deliveryContext": {"isRedelivery": False}, "replyToken": fake.issue_reply_token(user),
             "postback": {"data": data}}
    assert post_signed(client, body_of(event)) == 200
    runtime_of(app).events.wait_idle()
    return "\n".join(text for d in fake.deliveries[before:] for m in d.messages for text in texts_of(m))


def test_an_admins_tap_approves_and_the_person_is_told_with_the_staff_menu(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    menus = deploy(*line_apis(bot_config), [])
    assert "เฉพาะผู้ดูแลระบบ" in tap(client, bot_app, fake, clock, demo_user_id("demo-staff"), f"อนุมัติ {PENDING}")
    assert "บันทึกแล้ว" in tap(client, bot_app, fake, clock, ADMIN, f"อนุมัติ {PENDING}")
    runtime = runtime_of(bot_app)
    before = len(fake.deliveries)
    sheet_flusher(runtime.outbox, LocalWorkbook(bot_config.workbook_path), clock, runtime.snapshots,
                  runtime.messenger, StaffMenuLinker(lambda: line_apis(bot_config)[0])).drain()
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, STAFF.name) if r["LINE userId"] == PENDING]
    assert row["สถานะ"] == "อนุมัติ"
    (logged,) = sheet_rows(bot_config.workbook_path, HISTORY.name)
    assert (logged["รหัส"], logged["การดำเนินการ"], logged["ค่าเดิม"], logged["ค่าใหม่"]) == (
        PENDING, "อนุมัติการลงทะเบียน", "รออนุมัติ", "อนุมัติ")
    (push,) = fake.deliveries[before:]
    assert push.kind == "push" and push.to == (PENDING,) and push.retry_key
    assert "ได้รับอนุมัติแล้ว" in str(push.messages[0]["text"])
    assert fake.user_rich_menus[PENDING] == menus.staff_menu
    runtime.snapshots.expire()
    assert "ได้รับอนุมัติไว้แล้ว" in tap(client, bot_app, fake, clock, ADMIN, f"อนุมัติ {PENDING}")
    assert "คุณใช้งานในฐานะเจ้าหน้าที่" in tap(client, bot_app, fake, clock, PENDING, "เมนู")


def test_the_registration_reaches_the_admin_with_buttons_line_accepts(
        client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake = line_fake[0]
    newcomer = "U" + "e" * 32
    for text in ("ลงทะเบียน 246810", "สมหญิง ตั้งใจ", "กองคลัง"):
        event = text_event(newcomer, text, fake.issue_reply_token(newcomer), line_ms(clock()))
        assert post_signed(client, body_of(event)) == 200
        runtime_of(bot_app).events.wait_idle()
    (push,) = [d for d in fake.deliveries if d.kind == "push" and d.to == (ADMIN,)]
    items = push.messages[-1]["quickReply"]["items"]
    assert [(i["action"]["type"], i["action"]["label"], i["action"]["data"]) for i in items] == [
        ("postback", "อนุมัติ", f"อนุมัติ {newcomer}"), ("postback", "ระงับ", f"ระงับ {newcomer}")]
    assert "สมหญิง ตั้งใจ" in str(push.messages[-1]["text"])
