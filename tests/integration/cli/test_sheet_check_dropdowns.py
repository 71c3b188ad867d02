"""`ita-bot sheet check` names a dropdown made before ถอนเรื่อง (tab, column, what is missing, the fixing command) in
Thai; `ita-bot sheet init` replaces it and says so; on the local .xlsx and on a Google Sheet (through the fake)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from cli.main import main
from sheets.schema import COMPLAINT_STATUSES, COMPLAINTS
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.sheets_rules import set_data_validation

STATUS = COMPLAINTS.headers.index("สถานะ")
SAID = ("แท็บ 'เรื่องร้องเรียน' คอลัมน์ J 'สถานะ': รายการตัวเลือก (ดรอปดาวน์) ยังไม่มี ถอนเรื่อง จึงเลือกค่านี้ในชีตไม่ได้ "
        "และชีตจะแสดงว่าค่าที่บอตเขียนไม่ถูกต้อง แก้โดยสั่ง ita-bot sheet init (ปรับรายการตัวเลือกให้ครบ ไม่แตะข้อมูล)")
FIXED = "ปรับรายการตัวเลือก เรื่องร้องเรียน: สถานะ (คอลัมน์ J) เพิ่ม ถอนเรื่อง"


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def check_fix_check(env: dict[str, str]) -> None:
    checked = run(env, "sheet", "check")
    assert checked.exit_code == 1 and SAID in checked.output and "พบปัญหา 1 รายการ" in checked.output
    fixed = run(env, "sheet", "init")
    assert fixed.exit_code == 0 and FIXED in fixed.output
    again = run(env, "sheet", "check")
    assert again.exit_code == 0 and "ดรอปดาวน์" not in again.output


def test_an_old_xlsx_dropdown_is_reported_and_fixed(tmp_path: Path) -> None:
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var")}
    assert run(env, "sheet", "init").exit_code == 0
    path = tmp_path / "var" / "ita.xlsx"
    book = openpyxl.load_workbook(path)
    (rule,) = [dv for dv in book[COMPLAINTS.name].data_validations.dataValidation if "J2" in str(dv.sqref)]
    rule.formula1 = '"' + ",".join(COMPLAINT_STATUSES[:-1]) + '"'
    book.save(path)
    check_fix_check(env)
    (rule,) = [dv for dv in openpyxl.load_workbook(path)[COMPLAINTS.name].data_validations.dataValidation
               if "J2" in str(dv.sqref)]
    assert rule.formula1 == '"' + ",".join(COMPLAINT_STATUSES) + '"' and str(rule.sqref) == "J2:J5000"


def test_an_old_google_dropdown_is_reported_and_fixed(google_env: dict[str, str], sheets_fake: FakeSheetsApi) -> None:
    assert run(google_env, "sheet", "init").exit_code == 0
    old = [{"userEnteredValue": status} for status in COMPLAINT_STATUSES[:-1]]
    set_data_validation(sheets_fake.spreadsheet, {
        "range": {"sheetId": sheets_fake.grid(COMPLAINTS.name).sheet_id, "startRowIndex": 1,
                  "startColumnIndex": STATUS, "endColumnIndex": STATUS + 1},
        "rule": {"condition": {"type": "ONE_OF_LIST", "values": old}, "strict": True, "showCustomUi": True}})
    check_fix_check(google_env)
    assert sheets_fake.grid(COMPLAINTS.name).validations[STATUS] == list(COMPLAINT_STATUSES)
