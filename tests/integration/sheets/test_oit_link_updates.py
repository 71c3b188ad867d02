"""An OIT link handed in lands in this year's row on both backends, after a real reachability check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.link_check import CheckSettings, OitLinkCheck
from sheets.backend import WorkbookBackend
from sheets.flusher import Flusher
from sheets.schema import OIT, STAFF
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.fakes.web_pages import web_site
from tests.integration.sheets.conftest import shown
from tests.integration.sheets.test_measure_updates import STAFF_ID, UNIT, Person, clock, history, outbox

Rows = list[list[Any]]
HEADER = list(OIT.headers)
__all__ = ["clock", "outbox"]


def item(year: int, code: str, status: str, owner: str = UNIT, link: str = "") -> list[Any]:
    return [year, code, f"หัวข้อ {code}", owner, status, link, "", "01/11/2569"]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with web_site() as url:
        yield url


def oit_rows(backend: WorkbookBackend) -> list[dict[str, str]]:
    table = backend.read_tables()[OIT.name]
    return [{str(h): shown(OIT, h, row[i] if i < len(row) else None) for i, h in enumerate(table[0])}
            for row in table[1:] if any(row)]


def test_the_link_goes_into_this_years_row_only(tmp_path: Path, backend: WorkbookBackend, outbox: Outbox,
                                                put_rows: Callable[[str, Rows], None], clock: FakeClock,
                                                site: str) -> None:
    put_rows(STAFF.name, [list(STAFF.headers), ["สมศรี ใจดี", "นักวิเคราะห์", UNIT, "staff", STAFF_ID, "อนุมัติ", ""]])
    put_rows(OIT.name, [HEADER, item(2569, "o10", "เผยแพร่แล้ว", link="https://old"), item(2570, "o10", "ต้องแก้ไข"),
                        item(2570, "o11", "ยังไม่เผยแพร่", owner="กองคลัง")])
    local = CheckSettings(timeout=5, pause=0, allow_private=True)
    person = Person(tmp_path, backend, outbox, clock, OitLinkCheck(local))
    answers = person.say("ส่งลิงก์ O11 " + site + "/oit/o11", "ส่งลิงก์ o10 " + site + "/missing",
                         "ยกเลิก", "ส่งลิงก์ O10 " + site + "/oit/o10")
    assert "กองคลัง" in answers and "ไม่พบหน้า (404)" in answers and "บันทึกลิงก์ของข้อ O10" in answers
    assert not Flusher(outbox, backend, clock).drain().conflicts
    last_year, this_year, other = oit_rows(backend)
    assert (last_year["สถานะ"], last_year["ลิงก์"]) == ("เผยแพร่แล้ว", "https://old")
    assert (this_year["สถานะ"], this_year["ลิงก์"], this_year["อัปเดตล่าสุด"]) == (
        "เผยแพร่แล้ว", site + "/oit/o10", "07/12/2569")
    assert other["สถานะ"] == "ยังไม่เผยแพร่"
    (logged,) = history(backend)
    assert (logged["รหัส"], logged["การดำเนินการ"]) == ("O10", "ส่งลิงก์ OIT")
