"""PDF from the same .docx with LibreOffice headless (Debian libreoffice-writer-nogui)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class ConverterMissing(RuntimeError):
    """LibreOffice is not installed: the .docx is all we can give."""


class ConversionFailed(RuntimeError):
    """LibreOffice ran but wrote no PDF."""


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, program: str | None = None) -> bytes:
    """Convert in a private folder with a private LibreOffice profile, so conversions may run side by side."""
    program = program or converter()
    if program is None:
        raise ConverterMissing("ไม่พบโปรแกรมแปลงเป็น PDF (LibreOffice) ติดตั้งด้วย: apt-get install "
                               "libreoffice-writer-nogui หรือใช้ไฟล์ .docx แทน")
    with tempfile.TemporaryDirectory(prefix="ita-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work), str(source)]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ConversionFailed(f"แปลงเป็น PDF ไม่สำเร็จ ({type(error).__name__})") from None
        target = work / "document.pdf"
        if not target.exists():
            raise ConversionFailed("แปลงเป็น PDF ไม่สำเร็จ: LibreOffice ไม่ได้สร้างไฟล์ PDF")
        return target.read_bytes()
