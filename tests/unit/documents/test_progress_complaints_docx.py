"""The progress report and the complaint statistics, from the demo workbook, written and read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from common.thaitext import to_arabic_digits, to_thai_digits
from documents.docx_writer import write_docx
from handlers.documents.complaint_report import build_complaints
from handlers.documents.progress_report import build_progress, default_as_of
from sheets.workbook import Snapshot
from tests.unit.documents.conftest import with_setting
from tests.unit.documents.readback import ARABIC_DIGIT, THAI_DIGIT, read_docx

DIGITS = pytest.mark.parametrize("thai", [True, False], ids=["thai-digits", "arabic-digits"])
HALF_YEAR = date(2027, 3, 31)
EVIDENCE = "รายงานการประชุม https://www.muaklek.go.th/ita/m2570-01.pdf และ https://www.muaklek.go.th/ita/photo01.jpg"


def digits(snapshot: Snapshot, thai: bool) -> Snapshot:
    return with_setting(snapshot, "document_digits", "ไทย" if thai else "arabic")


def shown(text: str, thai: bool) -> str:
    return to_thai_digits(text) if thai else text


def test_the_default_round_is_the_last_6th_or_12th_month_end_that_has_passed() -> None:
    assert default_as_of(2570, date(2027, 4, 1)) == date(2027, 3, 31)
    assert default_as_of(2570, date(2027, 10, 1)) == date(2027, 9, 30)
    assert default_as_of(2570, date(2026, 11, 23)) == date(2026, 11, 23)


@DIGITS
def test_progress_summary_counts_and_chart(demo_workbook_snapshot: Snapshot, thai: bool) -> None:
    document = build_progress(digits(demo_workbook_snapshot, thai), 2570, HALF_YEAR)
    back = read_docx(write_docx(document))
    assert back.text().splitlines()[:6] == [
        "รายงานผลการดำเนินการตามมาตรการ", "ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        shown("ประจำปีงบประมาณ พ.ศ. 2570", thai), shown("รอบ 6 เดือน (1 ต.ค. 2569 – 31 มี.ค. 2570)", thai),
        "เทศบาลตำบลมวกเหล็ก", "อำเภอมวกเหล็ก จังหวัดสระบุรี"], "the title broken where seed 002 breaks it"
    assert back.docx.core_properties.title == (
        "รายงานผลการดำเนินการตามมาตรการ ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    summary = back.table_after(shown("ตารางที่ 1", thai))
    assert summary[1:] == [[shown(a, thai), shown(b, thai), shown(c, thai)] for a, b, c in (
        ("ดำเนินการแล้วเสร็จ", "2", "20.0"), ("อยู่ระหว่างดำเนินการ", "5", "50.0"), ("ยังไม่ได้ดำเนินการ", "3", "30.0"),
        ("ยกเลิก", "0", "0.0"), ("รวม", "10", "100.0"), ("ในจำนวนนี้ เกินกำหนดและยังไม่แล้วเสร็จ", "4", "40.0"))]
    assert sum(int(to_arabic_digits(row[1])) for row in summary[1:5]) == 10, "the statuses add up to the total"
    (chart,) = document.charts
    assert chart.series[0].values == (2.0, 5.0, 3.0, 0.0, 4.0) and len(back.images) == 1
    assert not (ARABIC_DIGIT if thai else THAI_DIGIT).search(back.text_without_links())


def test_progress_per_measure_issue_status_follow_up_evidence_owner_period(demo_workbook_snapshot: Snapshot) -> None:
    measures = tuple(replace(m, evidence=EVIDENCE) if m.code.endswith("-01") else m
                     for m in demo_workbook_snapshot.measures)
    snapshot = Snapshot({**demo_workbook_snapshot.tables, "มาตรการ": measures}, (), demo_workbook_snapshot.loaded_at)
    back = read_docx(write_docx(build_progress(digits(snapshot, True), 2570, HALF_YEAR)))
    assert back.headings(1) == [
        "๑. สรุปผลการดำเนินการ",
        "๒. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "๓. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "๔. แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"]
    oit = back.tables()[-2]
    assert oit[0] == ["มาตรการ/ขั้นตอน/วิธีปฏิบัติ", "ผลการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    groups = [row[0] for row in oit[1:] if len(row) == 1]
    issue = "ประเด็นที่ต้องพัฒนาตามตัวชี้วัดที่ "
    assert groups == [issue + "๙ การเปิดเผยข้อมูล (ปี ๒๕๖๙ ได้ ๗๒.๔๓ คะแนน ต่ำกว่าเกณฑ์ ๑๒.๕๗ คะแนน)",
                      issue + "๑๐ การป้องกันการทุจริต (ปี ๒๕๖๙ ได้ ๓๗.๕๐ คะแนน ต่ำกว่าเกณฑ์ ๔๗.๕๐ คะแนน)"], "each issue once"
    assert oit[1] == groups[:1], "the issue over its measures"
    kept = back.tables()[1][1]
    assert kept == ["ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (ปี ๒๕๖๙ ได้ ๑๐๐.๐๐ คะแนน ผ่านเกณฑ์) รักษามาตรฐานและพัฒนาอย่างต่อเนื่อง"], \
        "a passed indicator is not called an issue to develop"
    first = [""] + oit[2]
    assert first[1].startswith("เผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบตามแบบ OIT\n"), "no record code on the page"
    runs = back.docx.tables[-2].rows[2].cells[0].paragraphs[0].runs
    assert runs[0].bold and runs[0].text == "เผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบตามแบบ OIT"
    assert not any(run.bold for run in runs[1:]), "the measure's name in bold, how it is done in plain text"
    assert first[2].split("\n") == ["สถานะ: เสร็จสิ้น (ความคืบหน้าร้อยละ ๑๐๐)", "การติดตามผล: รายงานในการประชุมประจำเดือน",
                                    "หลักฐาน: รายงานการประชุม https://www.muaklek.go.th/ita/m2570-01.pdf และ "
                                    "https://www.muaklek.go.th/ita/photo01.jpg"]
    assert {"https://www.muaklek.go.th/ita/m2570-01.pdf", "https://www.muaklek.go.th/ita/photo01.jpg"} <= set(
        back.link_urls)
    assert first[3:] == ["สำนักปลัดเทศบาล", "๑ ต.ค. ๖๙ – ๒๙ ม.ค. ๗๐"]
    late_index = next(i for i, row in enumerate(oit) if row[0].startswith("จัดทำแผนปฏิบัติการป้องกันการทุจริต"))
    assert "เกินกำหนด ๑๓๖ วัน" in oit[late_index][1]
    assert oit[late_index - 1] == groups[1:], "the second indicator's issue over its first measure"
    silent = next(row for row in back.tables()[1][1:] if row[0].startswith("อบรมเจ้าหน้าที่"))
    assert "หลักฐาน" not in silent[1], "nothing is said where a measure has no evidence"


@DIGITS
def test_complaint_statistics_by_month_counts_only(demo_workbook_snapshot: Snapshot, thai: bool) -> None:
    back = read_docx(write_docx(build_complaints(digits(demo_workbook_snapshot, thai), 2570, date(2026, 10, 1),
                                                 HALF_YEAR)))
    table = back.table_after(shown("ตารางที่ 1", thai))
    assert table[0] == ["เดือน", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"]
    assert [row[0] for row in table[1:-1]] == [shown(m, thai) for m in (
        "ตุลาคม 2569", "พฤศจิกายน 2569", "ธันวาคม 2569", "มกราคม 2570", "กุมภาพันธ์ 2570", "มีนาคม 2570")]
    assert table[1][1:] == [shown(n, thai) for n in ("2", "1", "1")]
    assert table[2][1:] == [shown(n, thai) for n in ("1", "0", "1")]
    assert table[-1] == [shown(v, thai) for v in ("รวม", "3", "1", "2")]
    text = back.text()
    assert shown("ได้รับเรื่องร้องเรียน 3 เรื่อง ดำเนินการแล้วเสร็จ 1 เรื่อง อยู่ระหว่างดำเนินการ 2 เรื่อง", thai) in text
    categories = back.table_after(shown("ตารางที่ 2", thai))
    assert categories[0] == ["ประเภทเรื่อง", "รับเรื่อง", "ดำเนินการแล้วเสร็จ"]
    assert categories[1:] == [[shown(a, thai), shown(b, thai), shown(c, thai)] for a, b, c in (
        ("จัดซื้อจัดจ้าง", "1", "0"), ("ใช้ทรัพย์สินของราชการ", "1", "0"), ("ให้บริการไม่เป็นธรรม", "1", "1"),
        ("รวม", "3", "1"))]
    channels = back.table_after(shown("ตารางที่ 3", thai))
    assert channels[1:] == [[shown(a, thai), shown(b, thai), shown(c, thai)] for a, b, c in (
        ("LINE", "2", "0"), ("เว็บไซต์", "1", "1"), ("รวม", "3", "1"))]
    assert shown("เรื่องที่ดำเนินการแล้วเสร็จ 1 เรื่อง ใช้เวลาดำเนินการเฉลี่ย 12.0 วันนับจากวันที่รับเรื่อง", thai) in text
    for case in demo_workbook_snapshot.complaints:
        for secret in (case.details, case.case_no, case.accused, case.officer, shown(case.case_no, True)):
            assert secret and secret not in text, "never a detail of a case or a complainant"
    assert len(back.images) == 1


@DIGITS
def test_the_average_rating_of_the_rated_cases_is_published(demo_workbook_snapshot: Snapshot, thai: bool) -> None:
    plain = read_docx(write_docx(build_complaints(demo_workbook_snapshot, 2570, date(2026, 10, 1), HALF_YEAR)))
    assert "ความพึงพอใจ" not in plain.text(), "nothing is said while no case is rated"
    first, second, *rest = demo_workbook_snapshot.complaints
    rated = (replace(first, rating="4"), replace(second, rating="5"), *rest)
    snapshot = Snapshot({**demo_workbook_snapshot.tables, "เรื่องร้องเรียน": rated}, (),
                        demo_workbook_snapshot.loaded_at)
    back = read_docx(write_docx(build_complaints(digits(snapshot, thai), 2570, date(2026, 10, 1), HALF_YEAR)))
    assert shown("ผู้ร้องเรียนให้คะแนนความพึงพอใจต่อการดำเนินการ 2 เรื่อง ได้คะแนนเฉลี่ย 4.5 จากคะแนนเต็ม 5",
                 thai) in back.text()


def test_no_complaints_says_so(demo_workbook_snapshot: Snapshot) -> None:
    empty = Snapshot({**demo_workbook_snapshot.tables, "เรื่องร้องเรียน": ()}, (), demo_workbook_snapshot.loaded_at)
    back = read_docx(write_docx(build_complaints(empty, 2570, date(2026, 10, 1), HALF_YEAR)))
    assert "ไม่มีเรื่องร้องเรียน (ตั้งแต่ ๑ ต.ค. ๒๕๖๙ ถึง ๓๑ มี.ค. ๒๕๗๐)" in back.text()
    assert back.table_after("ตารางที่ ๑")[-1] == ["รวม", "๐", "๐", "๐"] and not back.images


def test_addresses_typed_in_any_measure_column_keep_arabic_digits(demo_workbook_snapshot: Snapshot) -> None:
    """Seen in the demo: the follow-up's https://…/news/2570/12 printed as …/news/๒๕๗๐/๑๒, an address that fails."""
    typed = replace(demo_workbook_snapshot.measures[0], method="ประกาศที่ www.muaklek.go.th/p/2570",
                    follow_up="ดูที่ https://www.muaklek.go.th/news/2570/12",
                    evidence="รายงาน https://www.muaklek.go.th/ita/2570/m01.pdf")
    measures = tuple(replace(m, method=typed.method, follow_up=typed.follow_up, evidence=typed.evidence)
                     if m.code.endswith("-01") else m for m in demo_workbook_snapshot.measures)
    snapshot = Snapshot({**demo_workbook_snapshot.tables, "มาตรการ": measures}, (), demo_workbook_snapshot.loaded_at)
    text = read_docx(write_docx(build_progress(digits(snapshot, True), 2570, HALF_YEAR))).text()
    for address in ("www.muaklek.go.th/p/2570", "https://www.muaklek.go.th/news/2570/12",
                    "https://www.muaklek.go.th/ita/2570/m01.pdf"):
        assert address in text
    assert "ดูที่ https" in text and "๒๕๗๐" in text, "the words around the address keep Thai digits"


def test_withdrawn_cases_are_their_own_figure_never_finished(demo_workbook_snapshot: Snapshot) -> None:
    """A case its complainant withdrew (ถอนเรื่อง) is neither finished by the office nor in progress: the report says
    how many, and its tables get a ถอนเรื่อง column (received = finished + in progress + withdrawn)."""
    plain = read_docx(write_docx(build_complaints(demo_workbook_snapshot, 2570, date(2026, 10, 1), HALF_YEAR)))
    assert "ขอถอนเรื่อง" not in plain.text().replace("ผู้ร้องเรียนขอถอนเรื่องเอง", "")
    assert "ถอนเรื่อง" not in plain.table_after("ตารางที่ ๑")[0], "no empty column when nobody withdrew"
    open_case = next(c for c in demo_workbook_snapshot.complaints if c.status not in ("ยุติเรื่อง", "ไม่รับพิจารณา"))
    withdrawn = tuple(replace(c, status="ถอนเรื่อง") if c is open_case else c for c in demo_workbook_snapshot.complaints)
    snapshot = Snapshot({**demo_workbook_snapshot.tables, "เรื่องร้องเรียน": withdrawn}, (),
                        demo_workbook_snapshot.loaded_at)
    back = read_docx(write_docx(build_complaints(snapshot, 2570, date(2026, 10, 1), HALF_YEAR)))
    assert "ผู้ร้องเรียนขอถอนเรื่อง ๑ เรื่อง (ไม่นับรวมในเรื่องที่ดำเนินการแล้วเสร็จหรืออยู่ระหว่างดำเนินการ)" in back.text()
    table = back.table_after("ตารางที่ ๑")
    assert table[0][1:] == ["รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ถอนเรื่อง"]
    (total,) = totals(table)
    (before,) = totals(plain.table_after("ตารางที่ ๑"))
    received, finished, in_progress, gone = total
    assert (received, finished, in_progress, gone) == (before[0], before[1], before[2] - 1, 1)
    assert received == finished + in_progress + gone
    assert back.table_captioned("ประเภท")[0][-1] == "ถอนเรื่อง"


def totals(table: list[list[str]]) -> list[list[int]]:
    return [[int(to_arabic_digits(n)) for n in row[1:]] for row in table if row[0] == "รวม"]
