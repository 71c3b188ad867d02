"""An OIT owner hands in a link in LINE: checked against a loopback web site, written into the demo .xlsx."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from app import runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from sheets.schema import HISTORY, OIT
from tests.conftest import FakeClock
from tests.fakes import web_pages
from tests.fakes.processes import free_port
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_setting
from tests.fakes.web_pages import web_site
from tests.integration.bot.test_casework import flush, sheet_rows
from tests.integration.bot.test_measure_updates import STAFF, TWO_WEEKS, say, texts
from tests.unit.handlers.measures.test_update_buttons import message_actions


@pytest.fixture
def bot_config(bot_config: Config) -> Config:
    """The shared bot, allowed to check a site on 127.0.0.1 (ITA_LINK_CHECK_PRIVATE=1)."""
    return replace(bot_config, link_check_private=True)


def test_a_unit_hands_in_a_link_and_the_sheet_history_and_next_card_show_it(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    clock.advance(TWO_WEEKS)
    card = say(client, bot_app, fake, clock, "OIT")
    assert ("ส่งลิงก์", "ส่งลิงก์ O16") in message_actions(card[-1]["contents"])  # type: ignore[arg-type]
    with web_site() as site:
        assert "ส่งลิงก์หน้าที่เผยแพร่ข้อ O16" in texts(say(client, bot_app, fake, clock, "ส่งลิงก์ O16"))
        off_site = texts(say(client, bot_app, fake, clock, f"{site}/oit/o16"))
        assert "เปิดลิงก์นี้ไม่ได้: ไม่ใช่เว็บไซต์หลักของหน่วยงาน (127.0.0.1)" in off_site  # demo: www.muaklek.go.th
        edit_setting(bot_config.workbook_path, "website", site)
        runtime_of(bot_app).snapshots.expire()
        refused = texts(say(client, bot_app, fake, clock, f"{site}/nothing-here"))
        assert "เปิดลิงก์นี้ไม่ได้: ไม่พบหน้า (404)" in refused
        done = texts(say(client, bot_app, fake, clock, f"{site}/oit/o16"))
    assert "บันทึกลิงก์ของข้อ O16" in done
    flush(bot_app, bot_config, clock)
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, OIT.name) if r["ข้อ"] == "o16"]
    assert (row["ลิงก์"], row["สถานะ"], row["อัปเดตล่าสุด"]) == (f"{site}/oit/o16", "เผยแพร่แล้ว", datetime(2026, 12, 7))
    (logged,) = sheet_rows(bot_config.workbook_path, HISTORY.name)
    assert (logged["แท็บ"], logged["รหัส"], logged["การดำเนินการ"], logged["โดย"]) == (
        "OIT", "O16", "ส่งลิงก์ OIT", "สมศรี ใจดี")  # the code upper case, the sheet's o16 row found
    after = say(client, bot_app, fake, clock, "OIT ทุกหน่วยงาน")
    assert ("ส่งลิงก์", "ส่งลิงก์ O16") not in message_actions(after[-1]["contents"])  # type: ignore[arg-type]
    assert "เผยแพร่แล้ว 10/16 ข้อ" in str(after[-1]["contents"])


def test_a_link_handed_in_while_the_site_is_down_waits_and_its_sender_hears_the_result(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    """The finding replayed: the office's site down when the link is handed in; it is kept รอตรวจ, the next
    oit-links run finds the site back, publishes the item and pushes the result to whoever handed it in."""
    fake = line_fake[0]
    clock.advance(TWO_WEEKS)
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    runtime = runtime_of(bot_app)
    assert runtime.warmed.wait(30), "the first read is done: it never races the edit below"
    edit_setting(bot_config.workbook_path, "website", site)
    runtime.snapshots.expire()
    waiting = texts(say(client, bot_app, fake, clock, f"ส่งลิงก์ O16 {site}/oit/o16"))
    assert "ตอนนี้เข้าเว็บไซต์ไม่ได้ (เชื่อมต่อไม่ได้)" in waiting and "บันทึกลิงก์ไว้แล้วในสถานะ รอตรวจ" in waiting
    flush(bot_app, bot_config, clock)
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, OIT.name) if r["ข้อ"] == "o16"]
    assert (row["ลิงก์"], row["สถานะ"]) == (f"{site}/oit/o16", "ต้องแก้ไข"), "the status waits for the check"
    assert row["ผลตรวจลิงก์"] == "รอตรวจ 1 วัน ตั้งแต่ 07/12/2569 (เชื่อมต่อไม่ได้) · ส่งโดย สมศรี ใจดี"
    assert "รอตรวจ (ตรวจไม่ได้: เชื่อมต่อไม่ได้)" in str(say(client, bot_app, fake, clock, "OIT")[-1]["contents"])

    server = make_server("127.0.0.1", port, web_pages.site(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        clock.advance(24 * 3600)
        runtime.snapshots.expire()
        before = len(fake.deliveries)
        assert runtime.jobs is not None and runtime.jobs.run("oit-links").ran
    finally:
        server.shutdown()
        server.server_close()
    told = [texts(list(d.messages)) for d in fake.deliveries[before:] if d.to == (STAFF,)]
    (result,) = [t for t in told if "ตรวจลิงก์ของข้อ O16" in t]  # beside the unit's list of other items to fix
    assert "ที่ส่งไว้แล้ว: ใช้ได้" in result and "สถานะ: เผยแพร่แล้ว" in result
    flush(bot_app, bot_config, clock)
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, OIT.name) if r["ข้อ"] == "o16"]
    assert (row["สถานะ"], row["ผลตรวจลิงก์"]) == ("เผยแพร่แล้ว", "ใช้ได้")
