"""The demo serves its own small office website: the OIT link check and ส่งลิงก์ work offline in `make demo`,
with two of the demo's links deliberately wanting so the check has a finding to show."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from app import runtime_of
from tests.e2e.conftest import saved_to_workbook
from tests.e2e.test_simulator import send
from tests.fakes.servers import Served

SHOTS = Path(__file__).parent / "screenshots"


def test_the_demo_checks_its_oit_links_against_its_own_site(demo_server: tuple[Served, Flask]) -> None:
    _, app = demo_server
    runtime = runtime_of(app)
    assert runtime.jobs is not None
    report = runtime.jobs.run("oit-links")
    assert report.ran and not report.failed, report.result
    workbook = saved_to_workbook(app)
    table = workbook.read_tables()["OIT"]
    header = [str(cell) for cell in table[0]]
    verdicts = {row[header.index("ข้อ")]: str(row[header.index("ผลตรวจลิงก์")] or "") for row in table[1:]
                if row[header.index("ลิงก์")]}
    assert verdicts.pop("o5") == "ไม่พบหน้า (404)"
    assert verdicts.pop("o16").startswith("ไม่พบปีงบประมาณปัจจุบัน")
    assert set(verdicts.values()) == {"ใช้ได้"}, verdicts


def test_a_link_handed_in_in_the_simulator_is_checked_offline(page: Page) -> None:
    page.select_option("#persona", index=1)  # สมศรี ใจดี, สำนักปลัดเทศบาล
    send(page, "ส่งลิงก์ O15 https://www.muaklek.go.th/oit/o5")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("เปิดลิงก์นี้ไม่ได้: ไม่พบหน้า (404)", timeout=30000)
    send(page, "https://www.muaklek.go.th/oit/o15")
    answer = page.locator(".bot .bubble-text").last
    expect(answer).to_contain_text("บันทึกลิงก์ของข้อ O15", timeout=30000)
    expect(answer).to_contain_text("สถานะ: เผยแพร่แล้ว")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "oit-link-demo-site.png"))
