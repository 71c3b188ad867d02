"""Page images of every document the demo makes, for the README (docs/documents/*.png).

    PYTHONPATH=. .venv/bin/python -m demo.document_pages
Builds the demo workbook for a fixed day, writes each document as PDF (LibreOffice) and lays its pages
side by side with pdftoppm and Pillow, so a reader sees what an office would publish.
"""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

from PIL import Image

from common.thaitext import fiscal_year_of
from demo.workbook import create_demo_workbook
from documents.output import render_document
from handlers.documents.requests import DocumentRequest, build_document
from sheets.local import LocalWorkbook
from sheets.workbook import parse_workbook

OUT = Path(__file__).resolve().parents[1] / "docs" / "documents"
TODAY = date(2026, 11, 23)
YEAR = fiscal_year_of(TODAY)
REQUESTS = {"analysis": DocumentRequest("analysis", YEAR - 1), "progress": DocumentRequest("progress", YEAR),
            "complaints": DocumentRequest("complaints", YEAR)}
COLUMNS, DPI = 4, 45


def contact_sheet(pdf: Path, folder: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / pdf.stem)], check=True, timeout=120)
    pages = [Image.open(path).convert("RGB") for path in sorted(folder.glob(f"{pdf.stem}-*.png"))]
    width, height = pages[0].size
    rows = (len(pages) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("RGB", (COLUMNS * (width + 8) + 8, rows * (height + 8) + 8), "#9E9E9E")
    for index, page in enumerate(pages):
        sheet.paste(page, (8 + (index % COLUMNS) * (width + 8), 8 + (index // COLUMNS) * (height + 8)))
    return sheet


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        workbook = LocalWorkbook(folder / "ita.xlsx")
        create_demo_workbook(workbook, TODAY)
        snapshot = parse_workbook(workbook.read_tables(), datetime.combine(TODAY, datetime.min.time()))
        for kind, request in REQUESTS.items():
            pdf = folder / f"{kind}.pdf"
            pdf.write_bytes(render_document(build_document(snapshot, request, TODAY), "pdf"))
            contact_sheet(pdf, folder).save(OUT / f"{kind}.png", optimize=True)
            print(OUT / f"{kind}.png")


if __name__ == "__main__":
    main()
