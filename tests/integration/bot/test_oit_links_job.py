"""The oit-links job end to end: the links of the demo workbook checked against a local server, the
verdicts written to ผลตรวจลิงก์ / ตรวจเมื่อ through the keyed row changes, the group told, once a period."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer

from app import runtime_of
from bot.link_check import CheckSettings, Link, check_many
from common.config import Config
from common.thaitext import format_sheet_date
from demo.line_fake import LineApiFake
from handlers.oit.links import CANNOT_CHECK, OK, Verdict
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import flush, sheet_rows

FAST = CheckSettings(timeout=0.3, pause=0.0, allow_private=True)
"""The local test server is on 127.0.0.1, which the check refuses by default."""


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def test_the_job_writes_each_verdict_and_tells_the_group(bot_app: Flask, bot_config: Config, clock: FakeClock,
                                                         line_fake: tuple[LineApiFake, Served],
                                                         httpserver: HTTPServer) -> None:
    httpserver.expect_request("/oit/o1").respond_with_data("gone", status=404)
    page = "<h1>ข้อมูลปีงบประมาณ 2570</h1>" + "<p>รายละเอียดการเปิดเผยข้อมูล</p>" * 20
    httpserver.no_handler_status_code = 404

    def local(links: Sequence[Link]) -> list[Verdict]:
        """The demo's muaklek.go.th links, sent to the local server instead (no network in tests)."""
        moved = [Link(httpserver.url_for("/oit/" + (link.cell or "").rsplit("/", 1)[-1]), link.fiscal_year)
                 for link in links]
        for link in moved[1:]:
            httpserver.expect_request(link.cell.split(str(httpserver.port))[1]).respond_with_data(  # type: ignore[union-attr]
                page, content_type="text/html")
        return check_many(moved, FAST)

    fake, _ = line_fake
    jobs = runtime_of(bot_app).jobs
    assert jobs is not None
    jobs.checker = local
    first = jobs.run("oit-links")
    assert first.ran and jobs.run("oit-links").result == "ทำไปแล้วในช่วงนี้"
    assert fake.deliveries[0].to == ("C" + "5" * 32,)
    workbook = LocalWorkbook(bot_config.workbook_path)
    Flusher(runtime_of(bot_app).outbox, workbook, clock).drain()
    table = workbook.read_tables()["OIT"]
    header = [str(cell) for cell in table[0]]
    result, item, at = header.index("ผลตรวจลิงก์"), header.index("ข้อ"), header.index("ตรวจเมื่อ")
    written = {row[item]: row[result] for row in table[1:] if row[result]}
    assert written.get("o1") == "ไม่พบหน้า (404)"
    assert len(written) > 1 and all(v == "ใช้ได้" for k, v in written.items() if k != "o1")
    assert all(row[at] for row in table[1:] if row[result])


def test_a_failed_check_leaves_the_period_to_the_next_trigger(bot_app: Flask,
                                                              line_fake: tuple[LineApiFake, Served]) -> None:
    def broken(links: Sequence[Link]) -> list[Verdict]:
        raise RuntimeError("event loop trouble")

    jobs = runtime_of(bot_app).jobs
    assert jobs is not None
    jobs.checker = broken
    failed = jobs.run("oit-links")
    assert failed.failed and failed.result == "ล้มเหลว: RuntimeError"
    jobs.checker = lambda links: [Verdict("ใช้ได้") for _ in links]
    assert jobs.run("oit-links").ran


def test_a_site_down_at_the_weekly_check_leaves_transparency_and_the_owners_alone(
        client: FlaskClient, bot_app: Flask, bot_config: Config, clock: FakeClock,
        line_fake: tuple[LineApiFake, Served]) -> None:
    """The finding replayed end to end: a good check, then a week later the site cannot be reached (DNS). The page
    the office links as OIT evidence still shows the same count, no unit is told to fix anything, the sheet says
    what happened and the group hears that the previous verdicts stand."""
    fake, _ = line_fake
    jobs = runtime_of(bot_app).jobs
    assert jobs is not None
    jobs.checker = lambda links: [Verdict(OK) for _ in links]
    assert jobs.run("oit-links").ran
    flush(bot_app, bot_config, clock)
    runtime_of(bot_app).snapshots.expire()
    before = published_on_the_page(client)
    assert before == "เผยแพร่แล้ว 9 จาก 16 ข้อ"

    clock.advance(7 * 24 * 3600)
    jobs.checker = lambda links: [Verdict(CANNOT_CHECK, "DNS: ไม่พบชื่อโดเมน") for _ in links]
    sent = len(fake.deliveries)
    assert jobs.run("oit-links").ran
    report = fake.deliveries[sent:]
    assert [d.to for d in report] == [("C" + "5" * 32,)], "the group only"
    assert "ตรวจไม่ได้ 11 ลิงก์ เพราะเข้าเว็บไซต์ไม่ได้" in str(report[0].messages)
    flush(bot_app, bot_config, clock)
    runtime_of(bot_app).snapshots.expire()
    assert published_on_the_page(client) == before
    cells = {r["ผลตรวจลิงก์"] for r in sheet_rows(bot_config.workbook_path, "OIT") if r["ลิงก์"]}
    since = format_sheet_date(clock().date())
    assert cells == {f"ตรวจไม่ได้ 1 วัน ตั้งแต่ {since} (DNS: ไม่พบชื่อโดเมน) · ผลก่อนหน้า: ใช้ได้"}


def published_on_the_page(client: FlaskClient) -> str:
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get("/transparency").get_data(as_text=True)).split())
    found = re.search(r"เผยแพร่แล้ว \d+ จาก \d+ ข้อ", page)
    assert found is not None
    return found.group(0)
