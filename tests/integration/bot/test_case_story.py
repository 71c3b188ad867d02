"""Issue 22's first "Done when" as one story: a LINE case and a web case, each with a photo, worked through every
officer action in LINE; after each step the .xlsx row and the history tab show it; the citizen's ติดตาม and
/status show status, deadline and the answer, never the internal note; non-officers, strangers and groups never
get the text or a photo link."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from handlers.complaints.status_words import citizen_status
from sheets.schema import COMPLAINTS, HISTORY
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.photos import png
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import flush, sheet_rows, texts_of
from tests.integration.bot.test_complaints import JPEG, Chat, file_by_line
from tests.integration.bot.test_webform import RECEIPT, submit, token
from tests.integration.conftest import post_signed, quick_messenger

PUBLIC = "https://ita.example.go.th"
OFFICER, STAFF = demo_user_id("demo-officer"), demo_user_id("demo-staff")
STRANGER, GROUP = "U" + "e" * 32, "C" + "5" * 32
NOTE = "ผู้ถูกร้องเป็นญาติของกรรมการตรวจรับ"
ANSWER = "กำลังเรียกเอกสารการจัดซื้อจากกองคลัง"
CLOSING = "ได้ดำเนินการกับผู้ถูกร้องตามระเบียบแล้ว ขอบคุณที่แจ้งเรื่อง"
STEPS: list[tuple[list[str], str, dict[str, str | None]]] = [
    (["รับเรื่อง {c}"], "รับเรื่อง", {"ผู้รับผิดชอบ": "วิชัย ตรงธรรม", "สถานะ": "กำลังตรวจสอบ"}),
    (["เปลี่ยนสถานะ {c}", "รับเรื่อง", "รอเอกสารจากผู้ร้องก่อน"], "เปลี่ยนสถานะ", {"สถานะ": "รับเรื่อง"}),
    (["ตอบผู้ร้อง {c}", ANSWER], "ตอบผู้ร้อง", {"ข้อความถึงผู้ร้อง": ANSWER}),
    (["บันทึกภายใน {c}", NOTE], "บันทึกภายใน", {}),
    (["ส่งต่อหน่วยงาน {c}", "สำนักงาน ป.ป.ช. ประจำจังหวัด"], "ส่งต่อหน่วยงาน",
     {"สถานะ": "ส่งต่อหน่วยงาน", "ส่งต่อถึง": "สำนักงาน ป.ป.ช. ประจำจังหวัด"}),
    (["ปิดเรื่อง {c}", "ยุติเรื่อง", "ลงโทษทางวินัยแล้ว", CLOSING], "ปิดเรื่อง",
     {"สถานะ": "ยุติเรื่อง", "ผลการดำเนินการ": "ลงโทษทางวินัยแล้ว", "ข้อความถึงผู้ร้อง": CLOSING}),
    (["เปิดเรื่องอีกครั้ง {c}", "ผู้ร้องส่งหลักฐานใหม่"], "เปิดเรื่องอีกครั้ง",
     {"สถานะ": "กำลังตรวจสอบ", "ผลการดำเนินการ": None, "ข้อความถึงผู้ร้อง": None, "ปิดเรื่องเมื่อ": None}),
]


@pytest.fixture
def story_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    config = replace(bot_config, public_url=PUBLIC)
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


class Line:
    """Anyone talking to the bot through signed webhooks, in a 1:1 chat or a group."""

    def __init__(self, client: FlaskClient, app: Flask, fake: LineApiFake, clock: FakeClock) -> None:
        self.client, self.app, self.fake, self.clock = client, app, fake, clock

    def say(self, user_id: str, text: str, group: str = "") -> list[dict[str, object]]:
        before = len(self.fake.deliveries)
        event = text_event(user_id, text, self.fake.issue_reply_token(group or user_id), line_ms(self.clock()))
        if group:
            event["source"] = {"type": "group", "groupId": group, "userId": user_id}
        assert post_signed(self.client, body_of(event)) == 200
        runtime_of(self.app).events.wait_idle()
        return [m for d in self.fake.deliveries[before:] for m in d.messages]


def shown(messages: list[dict[str, object]]) -> str:
    return "\n".join(texts_of(messages))


def photo_links(messages: list[dict[str, object]]) -> list[str]:
    return [u for u in re.findall(r'"uri": "([^"]+)"', json.dumps(messages)) if "/photos/" in u]


def row_of(config: Config, case_no: str) -> dict[str, object]:
    (row,) = [r for r in sheet_rows(config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == case_no]
    return row


def status_page(client: FlaskClient, receipt: str) -> str:
    page = client.post("/status", data={"csrf_token": token(client, "/status"), "receipt": receipt})
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_a_line_case_and_a_web_case_are_worked_through_every_action_and_only_officers_see_them(
        story_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake = line_fake[0]
    client = story_app.test_client()
    line, citizen = Line(client, story_app, fake, clock), Chat(client, story_app, fake, clock)
    fake.content["m-1"] = JPEG
    line_receipt = file_by_line(citizen, "ขอให้ตรวจสอบการจัดซื้อรถขยะ", photo="m-1")
    status, page = submit(client, details="มีการฮั้วประมูลถนนสายหลัก", photos=[(io.BytesIO(png()), "a.png")])
    web = RECEIPT.search(page)
    assert status == 200 and web
    flush(story_app, bot_config, clock)
    cases = [str(r["เลขที่เรื่อง"]) for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name)[-2:]]
    history_seen = 0
    for case_no, receipt, text in zip(cases, [line_receipt, web.group(1)], ["รถขยะ", "ถนนสายหลัก"], strict=True):
        card = line.say(OFFICER, f"เรื่อง {case_no}")
        assert text in shown(card)
        (link,) = photo_links(card)
        photo = client.get(link.removeprefix(PUBLIC))
        assert photo.status_code == 200 and photo.mimetype in ("image/jpeg", "image/png")
        for turns, action, cells in STEPS:
            for turn in turns:
                line.say(OFFICER, turn.format(c=case_no))
            flush(story_app, bot_config, clock)
            row = row_of(bot_config, case_no)
            assert {header: row.get(header) or None for header in cells} == cells, action
            history = sheet_rows(bot_config.workbook_path, HISTORY.name)
            assert len(history) == history_seen + 1, action
            history_seen += 1
            assert (history[-1]["รหัส"], history[-1]["การดำเนินการ"]) == (case_no, action)
            clock.advance(60)
            followed, on_web = citizen.say(f"ติดตาม {receipt}"), status_page(client, receipt)
            words = citizen_status(str(row["สถานะ"]), str(row.get("ส่งต่อถึง") or ""))
            assert f"สถานะ: {words}" in followed and f'id="status-value">{words}<' in on_web, action
            for seen in (followed, on_web):
                closed = row["สถานะ"] == "ยุติเรื่อง"
                assert ("ปิดเรื่องเมื่อ:" if closed else "กำหนดตอบ:") in seen, action
                assert NOTE not in seen and "รอเอกสารจากผู้ร้อง" not in seen and "ลงโทษทางวินัย" not in seen
                assert ("ป.ป.ช. ประจำจังหวัด" in seen) == (row["สถานะ"] == "ส่งต่อหน่วยงาน"), action
                assert (ANSWER in seen) == (row["ข้อความถึงผู้ร้อง"] == ANSWER), action
                assert (CLOSING in seen) == closed, "the closing message goes with the close"
        assert NOTE not in {str(value) for value in row_of(bot_config, case_no).values()}
        assert "การดำเนินการล่าสุด" in shown(line.say(OFFICER, f"เรื่อง {case_no}")), "the card shows the timeline"
        for who, group in [(STAFF, ""), (STRANGER, ""), (OFFICER, GROUP)]:
            for command in [f"เรื่อง {case_no}", f"รับเรื่อง {case_no}", "เรื่องร้องเรียน"]:
                answer = line.say(who, command, group)
                assert text not in shown(answer) and not photo_links(answer) and NOTE not in shown(answer), who
                assert ("เปิดดูได้เฉพาะเจ้าหน้าที่" in shown(answer)) == (not group), "a group gets no answer at all"
    assert len(sheet_rows(bot_config.workbook_path, HISTORY.name)) == history_seen, "nobody else wrote anything"
