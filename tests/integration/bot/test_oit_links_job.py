"""The oit-links job end to end: the links of the demo workbook checked against a local server, the
verdicts written to ผลตรวจลิงก์ / ตรวจเมื่อ through the keyed row changes, the group told, once a period."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from flask import Flask
from pytest_httpserver import HTTPServer

from app import runtime_of
from bot.link_check import CheckSettings, Link, check_many
from common.config import Config
from demo.line_fake import LineApiFake
from handlers.oit.links import Verdict
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from tests.conftest import FakeClock
from tests.fakes.servers import Served

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
