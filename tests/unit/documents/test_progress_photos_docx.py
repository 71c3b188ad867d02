"""Evidence photos sent in LINE are embedded in the progress report under their measure, read back from the .docx."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from documents.docx_writer import write_docx
from documents.photos import photo_folder
from handlers.documents.progress_report import build_progress
from handlers.measures.evidence import with_photo
from sheets.workbook import Snapshot
from state.attachments import AttachmentStore
from tests.fakes.photos import jpeg_with_gps, png
from tests.unit.conftest import with_rows
from tests.unit.documents.conftest import with_setting
from tests.unit.documents.readback import read_docx
from tests.unit.documents.test_publishable import RECORD_CODE

HALF_YEAR = date(2027, 3, 31)


def with_evidence(snapshot: Snapshot, code: str, cell: str) -> Snapshot:
    measures = tuple(replace(m, evidence=cell) if m.code == code else m for m in snapshot.measures)
    return with_rows(snapshot, "มาตรการ", measures)


def test_photos_sit_under_their_measure_and_a_missing_one_says_so(demo_workbook_snapshot: Snapshot,
                                                                   tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "attachments")
    first, second = store.save(png((40, 30))), store.save(jpeg_with_gps())
    assert first and second
    cell = with_photo(with_photo(with_photo("https://www.muaklek.go.th/plan", first), second),
                      "attachments/" + "f" * 32 + ".jpg")  # kept on another server, or removed
    snapshot = with_setting(with_evidence(demo_workbook_snapshot, "M2570-02", cell), "document_digits", "arabic")
    back = read_docx(write_docx(build_progress(snapshot, 2570, HALF_YEAR), photo_folder(store.folder)))
    texts = [text for kind, text in back.items if isinstance(text, str) and kind != "picture"]
    heading = texts.index("รูปหลักฐานของมาตรการ จัดทำแผนปฏิบัติการป้องกันการทุจริต (3 รูป)")
    assert texts[heading + 1:heading + 4] == ["ภาพที่ 1 หลักฐานของมาตรการ จัดทำแผนปฏิบัติการป้องกันการทุจริต",
                                              "ภาพที่ 2 หลักฐานของมาตรการ จัดทำแผนปฏิบัติการป้องกันการทุจริต",
                                              "(ภาพที่ 3: ไม่พบไฟล์รูปบนเครื่องที่จัดทำเอกสาร)"]
    assert not RECORD_CODE.search(back.text())  # no measure code on a published page
    pictures = [n for n, (kind, _) in enumerate(back.items) if kind == "picture"]
    tables = [n for n, (kind, _) in enumerate(back.items) if kind == "table"]
    assert len(back.images) == 2 + 1  # the two photos, and the summary chart
    assert all(any(t < p for t in tables) for p in pictures[1:])  # after the measure's table
    assert b"CanaryPhone-Maker" not in b"".join(back.images)  # stored re-encoded: no phone, no GPS


def test_without_photos_the_report_is_as_before(demo_workbook_snapshot: Snapshot) -> None:
    back = read_docx(write_docx(build_progress(demo_workbook_snapshot, 2570, HALF_YEAR)))
    assert not any(isinstance(text, str) and text.startswith("รูปหลักฐานของ") for _, text in back.items)
    assert len(back.images) == 1  # the summary chart only
    assert photo_folder(Path("/nonexistent/attachments"))("attachments/../../etc/passwd") is None
