"""`ita-bot sheet check` names a person whose unit is not one of the office's units: tab, row and column, in Thai."""

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import main
from sheets.schema import STAFF


def test_an_unknown_unit_is_reported_where_it_is(tmp_path: Path) -> None:
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var")}
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--no-server"], env=env, catch_exceptions=False).exit_code == 0
    path = tmp_path / "var" / "ita.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book[STAFF.name]
    column = [cell.value for cell in sheet[1]].index("หน่วยงาน") + 1
    sheet.cell(row=3, column=column, value="กองนิติการร")
    book.save(path)
    result = runner.invoke(main, ["sheet", "check"], env=env, catch_exceptions=False)
    assert result.exit_code == 1
    assert (f"แท็บ 'เจ้าหน้าที่' แถว 3 คอลัมน์ 'หน่วยงาน': หน่วยงาน 'กองนิติการร' ของ {sheet.cell(row=3, column=1).value} "
            "ไม่อยู่ในรายชื่อหน่วยงานของสำนักงาน") in result.output
    assert "พบปัญหา 1 รายการ" in result.output
