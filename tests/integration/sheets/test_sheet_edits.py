"""An admin's edit to the Google Sheet reaches the bot's answers once the cache TTL has passed."""

from __future__ import annotations

from datetime import date

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from sheets.google import GoogleWorkbook
from sheets.schema import MEASURES
from tests.conftest import FakeClock, line_ms
from tests.fakes.demo_sheet import seed_demo
from tests.fakes.line_events import body_of, text_event
from tests.fakes.servers import Served
from tests.fakes.sheets_api import FakeSheetsApi
from tests.integration.conftest import post_signed, quick_messenger

STAFF = demo_user_id("demo-staff")


def test_a_finished_measure_leaves_the_answer_after_the_ttl(bot_config: Config, clock: FakeClock,
                                                            sheets_fake: FakeSheetsApi, google_workbook: GoogleWorkbook,
                                                            line_fake: tuple[LineApiFake, Served]) -> None:
    seed_demo(sheets_fake, date(2026, 11, 23))
    fake, _ = line_fake
    app = create_app(bot_config, store=google_workbook, clock=clock, messenger=quick_messenger(bot_config, clock),
                     flush_interval=None)
    client = app.test_client()

    def ask() -> str:
        before = len(fake.deliveries)
        post_signed(client, body_of(text_event(STAFF, "มาตรการ กองช่าง", fake.issue_reply_token(STAFF),
                                               line_ms(clock()))))
        runtime_of(app).events.wait_idle()
        return str(fake.deliveries[before].messages[0]["text"])

    assert "(กองช่าง) ปีงบประมาณ 2570: 1 รายการ" in ask()
    grid = sheets_fake.grid(MEASURES.name)
    status_column = list(MEASURES.headers).index("สถานะ")
    row = next(r for r in grid.rows if r and r[0] == "M2570-09")
    row[status_column] = "เสร็จสิ้น"
    clock.advance(20)
    assert "(กองช่าง) ปีงบประมาณ 2570: 1 รายการ" in ask(), "within the 30 s TTL the bot answers from its copy"
    clock.advance(11)
    assert "ไม่พบมาตรการที่ยังไม่เสร็จของ \"กองช่าง\"" in ask()
    runtime_of(app).stop()
