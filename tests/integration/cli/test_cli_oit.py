"""`ita-bot oit check`: bad input gets a Thai answer and writes nothing."""

from __future__ import annotations

from click.testing import CliRunner

from cli.main import main


def test_a_bad_year_is_refused_in_thai() -> None:
    result = CliRunner().invoke(main, ["oit", "check", "--year", "ปีหน้า"])
    assert result.exit_code == 1 and "ปีงบประมาณไม่ถูกต้อง: ปีหน้า" in result.output
    assert "Traceback" not in result.output
