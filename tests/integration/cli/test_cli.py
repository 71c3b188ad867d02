"""ita-bot sheet init / check / show, outbox flush and demo, as an admin runs them."""

import os
import signal
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import requests
from click.testing import CliRunner, Result

from cli.main import main
from common.clock import office_clock, office_zone
from demo.workbook import demo_score_years
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS, MEASURES, SCORES, TABS
from state.outbox import Outbox
from tests.fakes.processes import ITA_BOT, free_port
from tests.fakes.sheets_api import FakeSheetsApi


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var")}


def write_workbook(path: Path, scores: list[list[object]], measures: list[list[object]],
                   score_header: list[str] | None = None) -> None:
    workbook = LocalWorkbook(path)
    workbook.init_schema()
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES.name]
    if score_header:
        for index, name in enumerate(score_header, 1):
            sheet.cell(row=1, column=index, value=name)
    for row in scores:
        sheet.append(row)
    for row in measures:
        book[MEASURES.name].append(row)
    book.save(path)


def test_check_reports_each_problem_with_tab_row_and_column(env: dict[str, str]) -> None:
    path = Path(env["ITA_DATA_DIR"]) / "ita.xlsx"
    write_workbook(path, scores=[[2568, 1, "การปฏิบัติหน้าที่", "IIT", 105]],
                   measures=[["M1", 2569, 9, "เผยแพร่ข้อมูล", "", "กองคลัง", "1/10/2568", "31/02/2568", "เสร็จแล้ว"],
                             ["M2", 2569, 9, "อบรม", "", "กองคลัง", "1/12/2568", "1/10/2568", "เสร็จสิ้น"]],
                   score_header=["ปีงบประมาณ", "ตัวชี้วัดที่", "ชื่อตัวชี้วัด", "เครื่องมือ", "คะแนน"])
    result = run(env, "sheet", "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "แท็บ 'คะแนน' แถว 1 คอลัมน์ 'ตัวชี้วัด': ไม่พบหัวคอลัมน์ 'ตัวชี้วัด' (ควรมี) ตรวจว่าพิมพ์ชื่อหัวคอลัมน์ถูกต้อง" in lines
    assert any(line.startswith("แท็บ 'คะแนน' แถว 2 คอลัมน์ E 'คะแนน': คะแนนต้องอยู่ระหว่าง 0 ถึง 100") for line in lines)
    assert any(line.startswith("แท็บ 'มาตรการ' แถว 2 คอลัมน์ H 'วันสิ้นสุด': ไม่มีวันที่นี้ในปฏิทิน") for line in lines)
    assert any(line.startswith("แท็บ 'มาตรการ' แถว 2 คอลัมน์ I 'สถานะ': ค่า 'เสร็จแล้ว' ไม่อยู่ในตัวเลือก") for line in lines)
    assert "แท็บ 'มาตรการ' แถว 3 คอลัมน์ H 'วันสิ้นสุด': วันสิ้นสุดอยู่ก่อนวันเริ่ม" in lines
    assert "Traceback" not in result.output


def test_check_accepts_thai_digits_thai_dates_and_serials(env: dict[str, str]) -> None:
    path = Path(env["ITA_DATA_DIR"]) / "ita.xlsx"
    write_workbook(path, scores=[["๒๕๖๘", "๑", "การปฏิบัติหน้าที่", "IIT", "๙๗.๕๐"]],
                   measures=[["M1", 2569, 9, "เผยแพร่ข้อมูล", "", "กองคลัง", "1 ต.ค. 2568", 45961, "เสร็จสิ้น"]])
    result = run(env, "sheet", "check")
    assert result.exit_code == 0, result.output
    assert "ไม่พบปัญหา" in result.output


def test_demo_creates_a_workbook_with_every_tab_and_no_problems(env: dict[str, str]) -> None:
    result = run(env, "demo", "--no-server")
    assert result.exit_code == 0, result.output
    last_year = demo_score_years(office_clock(office_zone())().date())[-1]  # the demo is made for today
    assert "เทศบาลตำบลมวกเหล็ก" in result.output and f"{last_year} (10 ตัวชี้วัด)" in result.output
    book = openpyxl.load_workbook(Path(env["ITA_DATA_DIR"]) / "ita.xlsx")
    assert set(book.sheetnames) == {tab.name for tab in TABS}
    assert run(env, "sheet", "check").exit_code == 0
    again = run(env, "demo", "--no-server")
    assert "สร้างสมุดงานตัวอย่าง" not in again.output, "an existing workbook is never overwritten"


def test_init_adds_the_settings_the_documents_print_once_and_keeps_values(env: dict[str, str]) -> None:
    first = run(env, "sheet", "init")
    keys = ("executive_name, executive_title, district, measures_meeting_date, reporter_name, reporter_position, "
            "office_address, office_phone, office_email, dpo_contact, units")  # contact, units
    assert first.exit_code == 0 and f"เพิ่มรายการในแท็บ ตั้งค่า (กรอกค่าให้ครบก่อนออกรายงาน): {keys}" in first.output
    path = Path(env["ITA_DATA_DIR"]) / "ita.xlsx"
    book = openpyxl.load_workbook(path)
    book["ตั้งค่า"]["B2"] = "นายสมชาย มั่นคง"
    book.save(path)
    second = run(env, "sheet", "init")
    assert second.exit_code == 0 and "เพิ่มรายการในแท็บ ตั้งค่า" not in second.output
    rows = list(openpyxl.load_workbook(path)["ตั้งค่า"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == keys.split(", ") and rows[0][1] == "นายสมชาย มั่นคง"


def test_init_and_show_on_a_google_sheet(google_env: dict[str, str]) -> None:
    env = google_env
    first = run(env, "sheet", "init")
    assert first.exit_code == 0 and "สร้างแท็บ เรื่องร้องเรียน" in first.output
    assert "ไม่ได้แก้ไขอะไร" in run(env, "sheet", "init").output
    shown = run(env, "sheet", "show")
    assert shown.exit_code == 0 and "เรื่องร้องเรียน: 0 แถว" in shown.output


def test_bad_configuration_gets_a_thai_message_not_a_traceback(tmp_path: Path) -> None:
    result = run({"ITA_STORE": "google", "GOOGLE_SPREADSHEET_ID": "x"}, "sheet", "check")
    assert result.exit_code != 0 and "GOOGLE_APPLICATION_CREDENTIALS" in result.output
    missing = run({"ITA_STORE": "google", "GOOGLE_SPREADSHEET_ID": "x",
                   "GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "nope.json")}, "sheet", "check")
    assert missing.exit_code != 0 and "อ่านสมุดงานไม่ได้" in missing.output
    no_file = run({"ITA_DATA_DIR": str(tmp_path / "empty")}, "sheet", "show")
    assert no_file.exit_code != 0 and "sheet init" in no_file.output


def test_sheets_down_keeps_records_in_the_outbox(tmp_path: Path, sheets_fake: FakeSheetsApi,
                                                 google_env: dict[str, str]) -> None:
    env = google_env

    Outbox(tmp_path / "var" / "outbox.sqlite3", "k" * 32).put_record(
        COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "วันที่รับ": "1/11/2569"}, datetime(2026, 11, 1))
    run(env, "sheet", "init")
    sheets_fake.down = True
    down = run(env, "outbox", "flush")
    assert down.exit_code == 1 and "ค้างในคิว 1" in down.output
    sheets_fake.down = False
    assert "ค้างในคิว 0" in run(env, "outbox", "flush", "--retry-now").output


def test_demo_serves_the_simulator_until_interrupted(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ITA_DATA_DIR": str(tmp_path / "var"), "PORT": str(port)}
    process = subprocess.Popen([ITA_BOT, "demo"], env=env,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "/simulator" in line:
                assert f"http://127.0.0.1:{port}/simulator" in line
                break
        page = requests.get(f"http://127.0.0.1:{port}/simulator", timeout=10)
        assert page.status_code == 200 and "จำลอง LINE" in page.text
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0 and "หยุดแล้ว" in out


def test_check_cross_checks_published_overall_and_duplicates(env: dict[str, str]) -> None:
    path = Path(env["ITA_DATA_DIR"]) / "ita.xlsx"
    phonong = [90.10, 85.25, 90.10, 73.33, 74.75, 97.73, 97.00, 95.60, 59.25, 90.00]
    write_workbook(path, scores=[[2568, n, f"ตัวชี้วัด {n}", None, score] for n, score in enumerate(phonong, 1)]
                   + [[2568, 4, "ซ้ำ", "IIT", 70]],
                   measures=[["M1", 2569, 9, "ก"], ["M1", 2569, 9, "ข"]])
    book = openpyxl.load_workbook(path)
    book["ผลประเมิน"].append([2568, 90.1, "", ""])
    book["OIT"].append([2569, "o1", "ข้อมูลผู้บริหาร"])
    book["OIT"].append([2569, "O1", "ข้อมูลผู้บริหาร (ซ้ำ)"])
    book["เจ้าหน้าที่"].append(["สมชาย", "", "", "staff", "U1234", "อนุมัติ"])
    book.save(path)
    result = run(env, "sheet", "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert ("แท็บ 'ผลประเมิน' แถว 2 คอลัมน์ 'คะแนนรวม': คะแนนรวมที่ประกาศ 90.10 ไม่ตรงกับที่คำนวณจากคะแนนรายตัวชี้วัด "
            "83.69 (ต่างกันเกิน 0.05) ตรวจแท็บ คะแนน และ เกณฑ์ ของปี 2568") in lines
    assert "แท็บ 'OIT' แถว 3 คอลัมน์ 'ข้อ': ข้อ O1 ปี 2569 ซ้ำกับแถว 2 (ระบบใช้แถวแรกที่พบ)" in lines
    assert "แท็บ 'คะแนน' แถว 12 คอลัมน์ 'ตัวชี้วัดที่': ตัวชี้วัดที่ 4 ปี 2568 ซ้ำกับแถว 5 (ระบบใช้แถวแรกที่พบ)" in lines
    assert "แท็บ 'มาตรการ' แถว 3 คอลัมน์ 'รหัส': รหัส M1 ซ้ำกับแถว 2 (ระบบใช้แถวแรกที่พบ)" in lines
    assert any(line.startswith("แท็บ 'เจ้าหน้าที่' แถว 2 คอลัมน์ E 'LINE userId'") for line in lines)
