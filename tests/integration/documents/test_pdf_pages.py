"""ita-bot report → .docx and .pdf (LibreOffice), pages rendered with pdftoppm; the PDF's text and fonts."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from cli.main import main
from common.thaitext import to_thai_digits
from documents.output import render_document
from handlers.documents.analysis_report import build_analysis
from handlers.documents.model import Block, Document, Signature, Signatures, para
from tests.integration.conftest import LAST_YEAR
from tests.unit.documents.conftest import seed_snapshot
from tests.unit.documents.readback import read_docx

TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdffonts")
AFTER_HALF_YEAR = datetime(2027, 4, 1, 3, 0, tzinfo=UTC)
"""The CLI's clock (``obj``): the first half of fiscal year 2570 is over, so its reports may end on 31 March."""


@pytest.fixture(autouse=True)
def converters() -> None:
    """LibreOffice and poppler-utils come with `make test` (SYSTEM_PACKAGES); missing fails there, skips elsewhere."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (make system-packages installs them)")


def pages(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(folder / pdf.stem)], check=True, timeout=120)
    found = sorted(folder.glob(f"{pdf.stem}-*.png"))
    for page in found:
        image = Image.open(page).convert("L")
        assert image.getextrema()[0] < 100, f"{page.name} has ink"
    return found


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(main, ["report", *args], env=env, catch_exceptions=False, obj=lambda: AFTER_HALF_YEAR)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def env(tmp_path: Path, own_workbook: Path) -> dict[str, str]:
    return {"ITA_WORKBOOK": str(own_workbook), "ITA_DATA_DIR": str(tmp_path / "var")}


@pytest.mark.parametrize(("command", "expected"), [
    (("analysis", "--year", str(LAST_YEAR)), "๘๐.๖๑"),
    (("progress", "--year", "2570", "--as-of", "1/10/2569"), "ข้อมูล ณ วันที่ ๑ ต.ค. ๒๕๖๙"),
    (("complaints", "--year", "2570", "--from", "1 ต.ค. 2569", "--to", "31 มี.ค. 2570"), "ไม่มีข้อมูลที่ระบุตัวผู้ร้องเรียน"),
], ids=["analysis", "progress", "complaints"])
def test_each_document_as_docx_and_pdf_from_the_demo_workbook(env: dict[str, str], tmp_path: Path,
                                                             command: tuple[str, ...], expected: str) -> None:
    docx, pdf = tmp_path / f"{command[0]}.docx", tmp_path / f"{command[0]}.pdf"
    assert "เขียน" in run(env, *command, "--out", str(docx))
    assert expected in read_docx(docx.read_bytes()).text()
    run(env, *command, "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pages(pdf, tmp_path)
    assert expected in " ".join(pdf_text(pdf).split())
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Laksaman" in fonts, "TH Sarabun New falls back to its metric twin, embedded"


@pytest.mark.parametrize(("organization", "year", "overall"), [
    ("องค์การบริหารส่วนตำบลบางจาก", 2565, "๙๗.๘๐"), ("เทศบาลตำบลมวกเหล็ก", 2565, "๘๐.๖๑"),
    ("องค์การบริหารส่วนตำบลโพหนอง", 2568, "๙๐.๑๐"),
])
def test_each_seed_analysis_converts_to_pdf_pages(tmp_path: Path, organization: str, year: int, overall: str) -> None:
    pdf = tmp_path / f"seed-{year}.pdf"
    pdf.write_bytes(render_document(build_analysis(seed_snapshot(organization), year), "pdf"))
    assert len(pages(pdf, tmp_path)) >= 3
    assert overall in pdf_text(pdf)


def test_without_libreoffice_the_cli_says_so_and_gives_the_docx(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = CliRunner().invoke(main, ["report", "analysis", "--out", str(tmp_path / "a.pdf")],
                                env={**env, "PATH": str(empty)}, catch_exceptions=False)
    assert result.exit_code == 1
    assert "ไม่พบโปรแกรมแปลงเป็น PDF (LibreOffice)" in result.output and "เขียนไฟล์ .docx แทนแล้ว" in result.output
    assert read_docx((tmp_path / "a.docx").read_bytes()).headings(1)[0] == to_thai_digits(
        f"๑. ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {LAST_YEAR}")


def test_bad_input_gets_a_thai_answer(env: dict[str, str], tmp_path: Path) -> None:
    for args, message in ((["analysis", "--year", "2599"], "ไม่มีคะแนนของปี 2599"),
                          (["analysis", "--year", "สองพัน"], "ปีงบประมาณต้องเป็นปี พ.ศ."),  # ปีหน้า is a year word now
                          (["progress", "--as-of", "31/02/2570"], "ไม่มีวันที่นี้ในปฏิทิน"),
                          (["progress", "--as-of", "31/12/2600"], "ยังมาไม่ถึง"),
                          (["complaints", "--from", "1/3/2570", "--to", "1/2/2570"], "วันสิ้นสุดอยู่ก่อนวันเริ่ม")):
        result = CliRunner().invoke(main, ["report", *args, "--out", str(tmp_path / "x.docx")], env=env,
                                    obj=lambda: AFTER_HALF_YEAR)
        assert result.exit_code != 0 and message in result.output, result.output
    result = CliRunner().invoke(main, ["report", "analysis", "--out", str(tmp_path / "x.odt")], env=env)
    assert "นามสกุลไฟล์ต้องเป็น .docx หรือ .pdf" in result.output


def page_texts(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


def test_a_signature_block_is_never_split_across_pages(tmp_path: Path) -> None:
    """Signature blocks after 1 to 30 lines of text: wherever a page ends, each block stays on one page."""
    blocks: list[Block] = []
    for number in range(1, 31):
        blocks += [para(f"ข้อความบรรทัดที่ {number}.{line}") for line in range(number % 7 + 1)]
        blocks.append(Signatures((Signature("", f"นายผู้ลงนาม ที่{number}x", f"ตำแหน่งที่{number}x"),)))
    document = Document("analysis", ("ทดสอบการแบ่งหน้า",), tuple(blocks), False, "split")
    pdf = tmp_path / "split.pdf"
    pdf.write_bytes(render_document(document, "pdf"))
    texts = page_texts(pdf)
    assert len(texts) > 3, "the blocks run over several pages"
    for number in range(1, 31):
        name = [index for index, text in enumerate(texts) if f"ที่{number}x)" in text]
        title = [index for index, text in enumerate(texts) if f"ตำแหน่งที่{number}x" in text]
        assert len(name) == 1 and name == title, f"block {number} split over pages {name} and {title}"
    for text in texts:
        assert text.count("ลงชื่อ") == text.count("(นายผู้ลงนาม"), "the signing line stays with its name"


@pytest.mark.parametrize("kind", ["analysis", "progress", "complaints"])
def test_the_demo_documents_end_with_a_whole_signature_block(env: dict[str, str], tmp_path: Path, kind: str) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    run(env, kind, "--out", str(pdf))
    last = [text for text in page_texts(pdf) if text.strip()][-1]
    for line in ("ลงชื่อ", "(นายสมชาย มั่นคง)", "นายกเทศมนตรีตำบลมวกเหล็ก", "(นางสาวสมศรี ใจดี)"):
        assert line in last, f"{line} on the last page"


def test_no_line_of_the_progress_report_is_a_lone_bracket(env: dict[str, str], tmp_path: Path) -> None:
    """The tool headings once wrapped after "IIT", leaving ")" alone on a line (a Latin/Thai line break)."""
    pdf = tmp_path / "progress.pdf"
    run(env, "progress", "--year", "2570", "--out", str(pdf))
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    assert not [line for line in lines if line in (")", "(")]
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)" in " ".join(lines)
