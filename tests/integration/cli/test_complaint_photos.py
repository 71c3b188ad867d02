"""ita-bot complaints photos <เลขที่เรื่อง> --out DIR: an admin who works only in the sheet gets a case's photos."""

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from demo.workbook import create_demo_workbook
from sheets.local import LocalWorkbook
from state.attachments import AttachmentStore
from tests.fakes.photos import jpeg_with_gps, png
from tests.fakes.sheet_edits import edit_complaint


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    create_demo_workbook(LocalWorkbook(tmp_path / "var" / "ita.xlsx"), date(2026, 11, 23))
    return {"ITA_STORE": "local", "ITA_DATA_DIR": str(tmp_path / "var")}


@pytest.fixture
def attachments(env: dict[str, str]) -> AttachmentStore:
    return AttachmentStore(Path(env["ITA_DATA_DIR"]) / "attachments")


def test_the_photos_of_a_case_are_copied_with_thai_digits_accepted(env: dict[str, str], attachments: AttachmentStore,
                                                                   tmp_path: Path) -> None:
    references = [attachments.save(jpeg_with_gps()), attachments.save(png())]
    attachments.link("2570-0004", [r for r in references if r])
    result = run(env, "complaints", "photos", "๒๕๗๐-๐๐๐๔", "--out", str(tmp_path / "รูป"))
    assert result.exit_code == 0, result.output
    assert "คัดลอกรูปของเรื่อง 2570-0004 แล้ว 2 รูป" in result.output
    copied = sorted((tmp_path / "รูป").iterdir())
    assert [p.name for p in copied] == ["2570-0004-1.jpg", "2570-0004-2.png"]
    assert copied[1].read_bytes() == (Path(env["ITA_DATA_DIR"]) / str(references[1])).read_bytes()
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in copied)


def test_an_old_row_with_bare_paths_still_gives_its_photos(env: dict[str, str], attachments: AttachmentStore,
                                                           tmp_path: Path) -> None:
    reference = attachments.save(png())
    assert reference
    edit_complaint(Path(env["ITA_DATA_DIR"]) / "ita.xlsx", "2570-0001", {"ไฟล์แนบ": reference})
    result = run(env, "complaints", "photos", "2570-0001", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and [p.name for p in (tmp_path / "out").iterdir()] == ["2570-0001-1.png"]


@pytest.mark.parametrize(("case_no", "words"), [
    ("2570-9999", "ไม่พบเรื่องเลขที่ 2570-9999 ในแท็บ เรื่องร้องเรียน"),
    ("เรื่องที่สี่", "เลขที่เรื่องต้องเป็นแบบ 2570-0004"),
])
def test_an_unknown_or_mistyped_case_gets_a_thai_error_and_copies_nothing(env: dict[str, str], tmp_path: Path,
                                                                          case_no: str, words: str) -> None:
    result = run(env, "complaints", "photos", case_no, "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_case_without_photos_says_so(env: dict[str, str], tmp_path: Path) -> None:
    result = run(env, "complaints", "photos", "2570-0001", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and "เรื่อง 2570-0001 ไม่มีรูปภาพ" in result.output


def test_a_photo_removed_by_retention_is_reported(env: dict[str, str], attachments: AttachmentStore,
                                                  tmp_path: Path) -> None:
    kept, gone = attachments.save(png()), attachments.save(png())
    assert kept and gone
    attachments.link("2570-0004", [kept, gone])
    attachments.remove(gone)
    result = run(env, "complaints", "photos", "2570-0004", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "รูปที่ 2: ไม่พบไฟล์" in result.output and "แล้ว 1 รูป" in result.output


def test_the_help_is_thai(env: dict[str, str]) -> None:
    result = run(env, "complaints", "photos", "--help")
    assert "คัดลอกรูปภาพของเรื่องร้องเรียนไปไว้ในโฟลเดอร์" in result.output and "วิธีใช้:" in result.output
