"""Issue 35: after a day's flows on the live paths, no file the bot or its Redis wrote holds a complaint's text,
an officer's note, a receipt or the complainant's userId in clear (SQLite WAL, Redis AOF and RDB included)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from sheets.schema import COMPLAINTS
from tests.at_rest import files_holding, snapshot_redis
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.photos import png
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import flush, sheet_rows
from tests.integration.bot.test_complaints import JPEG, RECEIPT
from tests.integration.bot.test_webform import RECEIPT as WEB_RECEIPT
from tests.integration.bot.test_webform import submit
from tests.integration.conftest import post_signed, quick_messenger

OFFICER = demo_user_id("demo-officer")


def canary(name: str) -> str:
    """Thai text no other test writes (the test Redis's append-only file is shared by the whole run)."""
    return f"ลับ-{name}-{uuid.uuid4().hex[:8]}-คานารี"


class Phone:
    """One LINE user in a 1:1 chat; answers read back from the LINE fake."""

    def __init__(self, app: Flask, fake: LineApiFake, clock: FakeClock, user_id: str) -> None:
        self.app, self.fake, self.clock, self.user_id = app, fake, clock, user_id

    def say(self, text: str) -> str:
        return self._post(text_event(self.user_id, text, self.fake.issue_reply_token(self.user_id), self._now()))

    def photo(self, message_id: str) -> str:
        event = text_event(self.user_id, "", self.fake.issue_reply_token(self.user_id), self._now())
        event["message"] = {"type": "image", "id": message_id, "contentProvider": {"type": "line"}, "quoteToken": "q"}
        return self._post(event)

    def _now(self) -> int:
        self.clock.advance(1)
        return line_ms(self.clock())

    def _post(self, event: dict[str, object]) -> str:
        before = len(self.fake.deliveries)
        assert post_signed(self.app.test_client(), body_of(event)) == 200
        runtime_of(self.app).events.wait_idle()
        return "\n".join(str(m.get("text") or m.get("altText")) for d in self.fake.deliveries[before:]
                         for m in d.messages)

    def file(self, details: str, photo: str) -> str:
        for text in ["ร้องเรียน", "จัดซื้อจัดจ้าง", details, "ถัดไป", "กองช่าง", "ข้าม", "ข้าม"]:
            self.say(text)
        assert "ได้รับแล้ว 1 รูป" in self.photo(photo)
        self.say("ถัดไป")
        self.say("รับแจ้งเตือน")
        receipt = RECEIPT.search(self.say("ยืนยันส่ง"))
        assert receipt
        return receipt.group(1)


@pytest.fixture
def live_app(bot_config: Config, clock: FakeClock, state_url: str) -> Iterator[tuple[Flask, Config]]:
    config = replace(bot_config, state_url=state_url, public_url="https://ita.example.go.th")
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None)
    yield app, config
    runtime_of(app).stop()


def test_a_days_flows_leave_nothing_in_clear_on_disk_or_in_redis(
        live_app: tuple[Flask, Config], line_fake: tuple[LineApiFake, Served], clock: FakeClock, state_url: str,
        redis_folders: list[Path]) -> None:
    app, config = live_app
    fake = line_fake[0]
    citizen_id = "U" + uuid.uuid4().hex
    citizen, officer = Phone(app, fake, clock, citizen_id), Phone(app, fake, clock, OFFICER)
    texts = {name: canary(name) for name in ("line", "web", "note", "cancelled", "queued", "open")}
    fake.content["m-1"], fake.content["m-2"] = JPEG, JPEG

    line_receipt = citizen.file(texts["line"], photo="m-1")
    status, page = submit(app.test_client(), details=texts["web"], photos=[(io.BytesIO(png()), "a.png")])
    web_receipt = WEB_RECEIPT.search(page)
    assert status == 200 and web_receipt
    flush(app, config, clock)
    case_no = str(sheet_rows(config.workbook_path, COMPLAINTS.name)[-2]["เลขที่เรื่อง"])
    officer.say(f"บันทึกภายใน {case_no}")
    assert case_no in officer.say(texts["note"])
    for receipt in (line_receipt, web_receipt.group(1)):
        assert "สถานะ:" in citizen.say(f"ติดตาม {receipt}")
    for text in ["ร้องเรียน", "จัดซื้อจัดจ้าง", texts["cancelled"]]:
        citizen.say(text)
    assert "ยกเลิกแล้ว" in citizen.say("ยกเลิก")
    queued_receipt = citizen.file(texts["queued"], photo="m-2")
    for text in ["ร้องเรียน", "จัดซื้อจัดจ้าง", texts["open"]]:
        citizen.say(text)
    assert runtime_of(app).outbox.depth() >= 2, "the note and the last complaint still wait for the sheet"

    runtime_of(app).stop()
    if state_url:
        snapshot_redis(state_url)
    secrets = [*texts.values(), citizen_id, line_receipt, web_receipt.group(1), queued_receipt]
    assert files_holding([config.data_dir, *redis_folders], secrets) == []
