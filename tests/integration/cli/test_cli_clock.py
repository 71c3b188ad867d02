"""Every ita-bot command reads the office's clock (ITA_TIMEZONE), not the server's: the tests run in TZ=UTC."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from cli.main import main
from tests.unit.documents.readback import read_docx

NIGHT_IN_BANGKOK = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)
"""8 Dec 2569 01:30 in Bangkok, still 7 Dec on a UTC server."""
FIRST_OF_OCTOBER = datetime(2027, 9, 30, 18, 0, tzinfo=UTC)
"""1 Oct 2570 01:00 in Bangkok (fiscal year 2571 has begun), still 30 Sep (fiscal year 2570) on a UTC server."""


@pytest.fixture
def env(tmp_path: Path, own_workbook: Path) -> dict[str, str]:
    return {"ITA_WORKBOOK": str(own_workbook), "ITA_DATA_DIR": str(tmp_path / "var")}


def run_at(moment: datetime, env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, obj=lambda: moment, catch_exceptions=False)


def footer_text(path: Path) -> str:
    section = Document(io.BytesIO(path.read_bytes())).sections[0]
    return " ".join(paragraph.text for paragraph in section.footer.paragraphs)


def test_a_report_made_after_midnight_in_bangkok_is_dated_the_office_day(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "progress.docx"
    result = run_at(NIGHT_IN_BANGKOK, env, "report", "progress", "--year", "2570", "--as-of", "๘/๑๒/๒๕๖๙",
                    "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "จัดทำเมื่อวันที่ ๘ ธันวาคม ๒๕๖๙" in footer_text(out)
    assert "ข้อมูล ณ วันที่ ๘ ธ.ค. ๒๕๖๙" in read_docx(out.read_bytes()).text()


def test_as_of_and_to_are_checked_against_the_office_day(env: dict[str, str], tmp_path: Path) -> None:
    out = str(tmp_path / "x.docx")
    for args in (("progress", "--as-of", "9/12/2569"), ("complaints", "--year", "2570", "--to", "9/12/2569")):
        result = run_at(NIGHT_IN_BANGKOK, env, "report", *args, "--out", out)
        assert result.exit_code == 1, result.output
        assert "ยังมาไม่ถึง (วันนี้ 8 ธ.ค. 2569)" in result.output
    assert "ใช้ --to เป็นวันนี้หรือก่อนหน้า" in result.output


def test_to_today_is_the_office_day(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "complaints.docx"
    result = run_at(NIGHT_IN_BANGKOK, env, "report", "complaints", "--year", "2570", "--to", "วันนี้",
                    "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "๘ ธ.ค. ๒๕๖๙" in read_docx(out.read_bytes()).text()


def test_this_year_on_the_first_of_october_in_bangkok_is_the_new_fiscal_year(env: dict[str, str],
                                                                            tmp_path: Path) -> None:
    out = tmp_path / "progress.docx"
    result = run_at(FIRST_OF_OCTOBER, env, "report", "progress", "--year", "ปีนี้", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "ปีงบประมาณ พ.ศ. ๒๕๗๑" in read_docx(out.read_bytes()).text()


def test_jobs_list_counts_from_the_office_clock(env: dict[str, str]) -> None:
    result = run_at(FIRST_OF_OCTOBER, env, "jobs", "list")
    assert result.exit_code == 0, result.output
    progress = next(line for line in result.output.splitlines() if line.startswith("progress-report"))
    assert "1 ต.ค. 2570 08:45 น." in progress, "1 Oct in Bangkok, before 08:45: today's run is still to come"
