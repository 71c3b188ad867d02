"""The PDF (LibreOffice, Thai digits on) prints web addresses with the Arabic digits they are typed with."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from documents.output import render_document
from handlers.documents.progress_report import build_progress
from sheets.local import LocalWorkbook
from sheets.workbook import Snapshot, parse_workbook


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="make system-packages")
def test_addresses_in_a_thai_digit_pdf_keep_arabic_digits(demo_xlsx: Path, tmp_path: Path) -> None:
    demo = parse_workbook(LocalWorkbook(demo_xlsx).read_tables(), datetime(2027, 4, 1, 9))
    follow_up = "ดูที่ https://www.muaklek.go.th/news/2570/12 ภายใน 15 วัน"
    evidence = "รายงาน https://www.muaklek.go.th/ita/2570/m01.pdf"
    measures = tuple(replace(m, follow_up=follow_up, evidence=evidence) if m.code.endswith("-01") else m
                     for m in demo.measures)
    snapshot = Snapshot({**demo.tables, "มาตรการ": measures}, (), demo.loaded_at)
    pdf = tmp_path / "progress.pdf"
    pdf.write_bytes(render_document(build_progress(snapshot, 2570, date(2027, 3, 31), thai_digits=True), "pdf"))
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True,
                                  timeout=60).stdout.split())
    assert "news/2570/12" in text and "ita/2570/m01" in text
    assert "๑๕วัน" in text and "๒๕๗๐/๑๒" not in text
