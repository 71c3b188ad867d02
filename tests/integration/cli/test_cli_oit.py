"""`ita-bot oit check`: verdicts written to the OIT tab; bad input gets a Thai answer and writes nothing."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from flask import Flask
from pytest_httpserver import HTTPServer

from cli.main import main
from common.clock import office_zone
from demo import office_site
from demo.workbook import create_demo_workbook
from sheets.local import LocalWorkbook
from sheets.schema import OIT, SETTINGS
from tests.fakes.servers import serve


def test_a_bad_year_is_refused_in_thai() -> None:
    result = CliRunner().invoke(main, ["oit", "check", "--year", "ปีหน้า"])
    assert result.exit_code == 1 and "ปีงบประมาณไม่ถูกต้อง: ปีหน้า" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def a_workbook_with_links(tmp_path: Path, httpserver: HTTPServer) -> Path:
    """o1 a good page, o2 a 404, o3 no link, on a site served from 127.0.0.1."""
    httpserver.expect_request("/oit/o1").respond_with_data(
        "<h1>แผนปีงบประมาณ 2570</h1>" + "<p>รายละเอียดของแผนการดำเนินงาน</p>" * 10, content_type="text/html")
    httpserver.expect_request("/oit/o2").respond_with_data("gone", status=404)
    path = tmp_path / "var" / "ita.xlsx"
    path.parent.mkdir()
    workbook = LocalWorkbook(path)
    workbook.init_schema()
    book = openpyxl.load_workbook(path)
    header = [cell.value for cell in book[OIT.name][1]]
    for item, link in (("o1", "/oit/o1"), ("o2", "/oit/o2"), ("o3", "ยังไม่มี")):
        row = {"ปีงบประมาณ": 2570, "ข้อ": item, "หัวข้อ": f"หัวข้อ {item}", "สถานะ": "เผยแพร่แล้ว",
               "ลิงก์": httpserver.url_for(link) if link.startswith("/") else link}
        book[OIT.name].append([row.get(str(name)) for name in header])
    book[SETTINGS.name].append(["website", httpserver.url_for("/"), ""])
    book.save(path)
    return path


def test_by_default_a_link_to_a_loopback_site_is_refused_unfetched(tmp_path: Path, httpserver: HTTPServer) -> None:
    a_workbook_with_links(tmp_path, httpserver)
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var")}
    result = CliRunner().invoke(main, ["oit", "check", "--year", "2570", "--dry-run"], env=env)
    lines = result.output.splitlines()
    assert result.exit_code == 1 and sum("เข้าไม่ได้ (ที่อยู่ภายในเครือข่าย)  →" in line for line in lines) == 2, lines
    assert "O1 " in result.output and len(httpserver.log) == 0


def test_check_writes_each_verdict_to_the_oit_tab(tmp_path: Path, httpserver: HTTPServer) -> None:
    path = a_workbook_with_links(tmp_path, httpserver)
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var"), "ITA_LINK_CHECK_PRIVATE": "1",
           "ITA_SECRET_KEY": "k" * 32}
    result = CliRunner().invoke(main, ["oit", "check", "--year", "๒๕๗๐"], env=env, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "ปีงบประมาณ 2570: ตรวจ 3 ลิงก์ ใช้ได้ 1 · ไม่ผ่าน 2 · ตรวจไม่ได้ 0" in result.output
    assert "สถานะที่แสดงต่อสาธารณะ: เผยแพร่แล้ว 1/3 ข้อ · ต้องแก้ไข 2" in result.output
    assert "เขียนผลลงแท็บ OIT แล้ว" in result.output
    table = LocalWorkbook(path).read_tables()[OIT.name]
    columns = [str(c) for c in table[0]]
    verdicts = {row[columns.index("ข้อ")]: row[columns.index("ผลตรวจลิงก์")] for row in table[1:]}
    assert verdicts == {"o1": "ใช้ได้", "o2": "ไม่พบหน้า (404)", "o3": "ไม่ใช่ลิงก์"}
    assert all(row[columns.index("ตรวจเมื่อ")] for row in table[1:])


def test_a_site_that_is_down_is_reported_but_changes_no_item(tmp_path: Path) -> None:
    """The finding replayed from the shell: the office's site down, every link last found good."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    path = tmp_path / "var" / "ita.xlsx"
    path.parent.mkdir()
    LocalWorkbook(path).init_schema()
    book = openpyxl.load_workbook(path)
    header = [str(cell.value) for cell in book[OIT.name][1]]
    for item in ("o1", "o2"):
        row = {"ปีงบประมาณ": 2570, "ข้อ": item, "หัวข้อ": f"หัวข้อ {item}", "สถานะ": "เผยแพร่แล้ว",
               "ลิงก์": f"http://127.0.0.1:{port}/oit/{item}", "ผลตรวจลิงก์": "ใช้ได้", "ตรวจเมื่อ": "01/12/2569 06:30"}
        book[OIT.name].append([row.get(name) for name in header])
    book.save(path)
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var"), "ITA_LINK_CHECK_PRIVATE": "1",
           "ITA_SECRET_KEY": "k" * 32}
    result = CliRunner().invoke(main, ["oit", "check", "--year", "2570"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.count("ตรวจไม่ได้ (เชื่อมต่อไม่ได้)  → เผยแพร่แล้ว") == 2, result.output
    assert "สถานะที่แสดงต่อสาธารณะ: เผยแพร่แล้ว 2/2 ข้อ · ต้องแก้ไข 0" in result.output
    assert "ยังใช้ผลตรวจครั้งก่อน (ถือว่าต้องแก้ไขเมื่อตรวจไม่ได้ติดต่อกัน 3 วัน)" in result.output
    table = LocalWorkbook(path).read_tables()[OIT.name]
    columns = [str(c) for c in table[0]]
    cells = {str(row[columns.index("ผลตรวจลิงก์")]) for row in table[1:]}
    assert len(cells) == 1 and cells.pop().endswith("(เชื่อมต่อไม่ได้) · ผลก่อนหน้า: ใช้ได้")


def test_in_the_demo_the_check_uses_the_demos_own_website(tmp_path: Path) -> None:
    var = tmp_path / "var"
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(var)}
    refused = CliRunner().invoke(main, ["oit", "check", "--demo", "--dry-run"], env=env)
    assert refused.exit_code == 1 and "ไม่พบโหมดสาธิตที่กำลังรัน" in refused.output
    today = datetime.now(office_zone()).date()
    create_demo_workbook(LocalWorkbook(var / "ita.xlsx"), today)
    app = Flask(__name__)
    app.register_blueprint(office_site.office_site_blueprint(lambda: today))
    site = serve(app)
    try:
        (var / "demo.env").write_text(f"ITA_DEMO_SITE={office_site.setting(site.url)}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["oit", "check", "--demo", "--dry-run"], env=env, catch_exceptions=False)
    finally:
        site.stop()
    assert result.exit_code == 1, result.output
    assert "O5     ไม่พบหน้า (404)  → ต้องแก้ไข (ไม่พบหน้า (404))" in result.output
    assert "ตรวจ 11 ลิงก์ ใช้ได้ 9 · ไม่ผ่าน 2 · ตรวจไม่ได้ 0" in result.output
