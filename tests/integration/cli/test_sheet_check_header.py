"""A header an admin pushed down: `sheet init` leaves the data alone, `sheet check` says where the header went."""

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli.main import main
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS


def test_a_row_above_the_header_is_reported_with_its_place_and_never_buried(tmp_path: Path) -> None:
    env = {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path)}
    path = tmp_path / "ita.xlsx"
    LocalWorkbook(path).init_schema()
    book = openpyxl.load_workbook(path)
    book[COMPLAINTS.name].insert_rows(1)
    book[COMPLAINTS.name]["A1"] = "ทะเบียนเรื่องร้องเรียน ปีงบประมาณ 2570"
    book.save(path)

    init = CliRunner().invoke(main, ["sheet", "init"], env=env, catch_exceptions=False)
    assert init.exit_code == 0
    row_one = [cell.value for cell in openpyxl.load_workbook(path)[COMPLAINTS.name][1] if cell.value]
    assert row_one == ["ทะเบียนเรื่องร้องเรียน ปีงบประมาณ 2570"]  # no headers written after the title

    check = CliRunner().invoke(main, ["sheet", "check"], env=env, catch_exceptions=False)
    assert check.exit_code == 1
    assert f"แท็บ '{COMPLAINTS.name}' แถว 2: หัวตารางเลื่อนลงไปอยู่แถว 2 แต่ต้องอยู่แถว 1" in check.output
