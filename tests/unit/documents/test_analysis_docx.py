"""The analysis written to .docx and read back: seed figures, order, tables, headings, chart, fonts, digits."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx.oxml.ns import qn
from PIL import Image

from common.thaitext import fiscal_year_of, to_thai_digits
from documents.docx_runs import FONT
from documents.docx_writer import write_docx
from handlers.documents.analysis_report import build_analysis
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w
from tests.unit.documents.conftest import TODAY, with_setting
from tests.unit.documents.readback import ARABIC_DIGIT, THAI_DIGIT, ReadBack, read_docx

BANGJAK, MUAKLEK, PHONONG = "องค์การบริหารส่วนตำบลบางจาก", "เทศบาลตำบลมวกเหล็ก", "องค์การบริหารส่วนตำบลโพหนอง"
DEMO_YEAR = fiscal_year_of(TODAY)
DIGITS = pytest.mark.parametrize("thai", [True, False], ids=["thai-digits", "arabic-digits"])


def written(snapshot: Snapshot, year: int, thai: bool) -> ReadBack:
    setting = "ไทย" if thai else "arabic"
    return read_docx(write_docx(build_analysis(with_setting(snapshot, "document_digits", setting), year)))


def shown(text: str, thai: bool) -> str:
    return to_thai_digits(text) if thai else text


def assert_digits(back: ReadBack, thai: bool) -> None:
    text = back.text_without_links()
    assert not (ARABIC_DIGIT if thai else THAI_DIGIT).search(text), "every number in the chosen digits"
    assert (THAI_DIGIT if thai else ARABIC_DIGIT).search(text)


@DIGITS
def test_bangjak_2565_is_97_80_aa_ranked_highest_first(seed: Callable[[str], Snapshot], thai: bool) -> None:
    back = written(seed(BANGJAK), 2565, thai)
    assert shown("ประจำปีงบประมาณ พ.ศ. 2565", thai) in back.text()
    assert "จังหวัดเพชรบุรี" in back.text() and "อำเภอเมืองเพชรบุรี" in back.text()
    tools = back.table_after(shown("ตารางที่ 1", thai))
    assert tools[-1] == ["คะแนนรวม", "", shown("97.80", thai), "AA"]
    ranked = back.table_after(shown("ตารางที่ 2", thai))
    assert ranked[0] == ["ลำดับที่", "ตัวชี้วัด", "เครื่องมือ", "คะแนน", "ผลการประเมิน"]
    names = [row[1] for row in ranked[1:]]
    assert names[:2] == [shown("10. การป้องกันการทุจริต", thai), shown("1. การปฏิบัติหน้าที่", thai)]
    assert names[-1] == shown("8. การปรับปรุงการทำงาน", thai)
    scores = [float(to_arabic(row[3])) for row in ranked[1:]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 10
    assert all(row[4] == "ผ่านเกณฑ์" for row in ranked[1:])
    assert_digits(back, thai)


def to_arabic(text: str) -> str:
    from common.thaitext import to_arabic_digits
    return to_arabic_digits(text)


@DIGITS
def test_muaklek_2565_is_80_61_b_with_2564_beside_it(seed: Callable[[str], Snapshot], thai: bool) -> None:
    back = written(seed(MUAKLEK), 2565, thai)
    assert back.table_after(shown("ตารางที่ 1", thai))[-1] == ["คะแนนรวม", "", shown("80.61", thai), "B"]
    compare = back.table_after(shown("ตารางที่ 3", thai))
    assert compare[0] == ["ตัวชี้วัด", shown("พ.ศ. 2564", thai), shown("พ.ศ. 2565", thai), "ผลต่าง"]
    assert compare[1] == [shown(v, thai) for v in ("1. การปฏิบัติหน้าที่", "92.62", "100.00", "+7.38")]
    assert compare[9] == [shown(v, thai) for v in ("9. การเปิดเผยข้อมูล", "84.64", "72.43", "-12.21")]
    assert compare[-1] == [shown(v, thai) for v in ("คะแนนรวม", "78.80", "80.61", "+1.81")]
    failing = [row[1] for row in back.table_after(shown("ตารางที่ 2", thai))[1:] if row[4] == "ไม่ผ่านเกณฑ์"]
    assert failing == [shown("9. การเปิดเผยข้อมูล", thai), shown("10. การป้องกันการทุจริต", thai)]
    assert_digits(back, thai)


@DIGITS
def test_phonong_2568_headlines_the_published_90_10_and_tells_the_asker_it_differs(
        seed: Callable[[str], Snapshot], thai: bool) -> None:
    document = build_analysis(with_setting(seed(PHONONG), "document_digits", "ไทย" if thai else "arabic"), 2568)
    back = read_docx(write_docx(document))
    assert back.table_after(shown("ตารางที่ 1", thai))[-1] == ["คะแนนรวม", "", shown("90.10", thai), "ผ่าน"]
    assert shown("ได้รับผลการประเมิน ITA 90.10 คะแนน อยู่ในระดับ ผ่าน", thai) in back.text()
    assert any("คะแนนรวมที่ประกาศ 90.10 ไม่ตรงกับคะแนนรวมที่คำนวณจากคะแนนรายตัวชี้วัด 83.69" in note
               for note in document.notes)
    assert "83.69" not in back.text() and shown("83.69", thai) not in back.text(), "only the published figure"
    blockers = back.text().split(shown("5. สิ่งที่ต้องดำเนินการเพื่อยกระดับผลการประเมิน", thai))[1]
    assert shown("ปัจจุบันอยู่ในระดับ ผ่าน ระดับถัดไปคือ ผ่านดี หน่วยงานจะยกระดับได้เมื่อพัฒนาในประเด็นต่อไปนี้", thai) in blockers
    assert shown("OIT ได้ 74.62 คะแนน ต้องได้อย่างน้อย 85 คะแนน (ขาดอีก 10.38 คะแนน)", thai) in blockers
    assert "เปรียบเทียบผลการประเมินย้อนหลัง" not in back.text(), "one year: no trend"
    (chart,) = document.charts  # one year still gets its chart: the indicators and the 85 line
    assert [s.name for s in chart.series] == ["พ.ศ. 2568"] and len(chart.categories) == 10
    assert chart.series[0].values[0] == 90.10 and chart.reference == 85
    assert len(back.images) == 1 and shown("แผนภูมิแสดงคะแนนรายตัวชี้วัด พ.ศ. 2568 เทียบกับเกณฑ์ผ่าน", thai) in back.text()
    colours = {colour for _, colour in Image.open(io.BytesIO(back.images[0])).convert("RGB").getcolors(1_000_000) or []}
    assert (0xC0, 0x39, 0x2B) in colours and (0x1E, 0x4E, 0x79) in colours, "the 85 line and the year's bars"


def test_headings_come_in_the_seeds_order(seed: Callable[[str], Snapshot]) -> None:
    back = written(seed(MUAKLEK), 2565, False)
    assert back.headings(1) == ["1. ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565",
                                "2. การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                                "ประจำปีงบประมาณ พ.ศ. 2565",
                                "3. ผลการประเมินรายตัวชี้วัด",
                                "4. เปรียบเทียบผลการประเมินย้อนหลัง พ.ศ. 2564–2565",
                                "5. ข้อบกพร่องหรือจุดอ่อนและประเด็นที่ต้องพัฒนา แยกตามเครื่องมือการประเมิน",
                                "6. สิ่งที่ต้องดำเนินการเพื่อยกระดับผลการประเมิน",
                                "7. มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566",
                                "8. ข้อเสนอ"]


def test_paragraphs_state_only_what_the_data_says(seed: Callable[[str], Snapshot]) -> None:
    back = written(seed(MUAKLEK), 2565, False)
    text = back.text()
    assert text.count("ตามที่ สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้ประกาศผล") == 1
    assert "โดยเทศบาลตำบลมวกเหล็ก ได้รับผลการประเมิน ITA 80.61 คะแนน อยู่ในระดับ B ซึ่งไม่ผ่านเกณฑ์ 85 คะแนน" in text
    assert "3.9 ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ได้คะแนน 72.43 คะแนน (ไม่ผ่านเกณฑ์) เป็นคะแนนจากการตรวจ" in text
    assert "น้ำหนักร้อยละ 40" not in text, "no เกณฑ์ row: weights are not known, so not stated"
    defects = back.table_after("ตารางที่ 4")
    assert defects[0] == ["ตัวชี้วัดของการประเมิน ITA", "ประเด็นข้อบกพร่อง/จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน",
                          "ประเด็นที่จะต้องพัฒนาให้ดีขึ้น"]
    iit, _eit, oit = defects[1:]
    assert iit[0].startswith("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)\n1. การปฏิบัติหน้าที่ 100.00 คะแนน")
    assert iit[1] == "ผลคะแนน IIT ผ่านเกณฑ์ (85 คะแนนขึ้นไป) ทั้ง 5 ตัวชี้วัด ไม่มีประเด็นข้อบกพร่องที่ต้องแก้ไขโดยเร่งด่วน"
    assert "- ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล 72.43 คะแนน ต่ำกว่าเกณฑ์ 12.57 คะแนน (ลดลง 12.21 คะแนนจากปี 2564)" \
        in oit[1]
    assert "- ด้านการเปิดเผยข้อมูล:" in oit[2] and "- ด้านการป้องกันการทุจริต:" in oit[2]
    assert "ระดับถัดไปคือ A" in text and "คะแนนรวม ได้ 80.61 คะแนน ต้องได้อย่างน้อย 85 คะแนน (ขาดอีก 4.39 คะแนน)" in text
    assert "เพื่อประโยชน์ในการปฏิบัติงานและการประเมิน ITA จึงเห็นควรพิจารณา" in text
    assert "1. เผยแพร่รายงานนี้ทางเว็บไซต์ของเทศบาลตำบลมวกเหล็ก" in text


def test_measures_of_the_next_year_in_the_seeds_table_grouped_by_indicator(demo_workbook_snapshot: Snapshot) -> None:
    snapshot = with_setting(demo_workbook_snapshot, "document_digits", "arabic")
    back = read_docx(write_docx(build_analysis(snapshot, DEMO_YEAR - 1)))
    table = back.table_captioned(f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {DEMO_YEAR}")
    assert table[0] == ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล"]
    groups = [row[0] for row in table[1:] if len(row) == 1]
    assert groups == ["ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ (100.00 คะแนน)", "ตัวชี้วัดที่ 2 การใช้งบประมาณ (99.63 คะแนน)",
                      "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ (99.66 คะแนน)",
                      "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต (99.65 คะแนน)",
                      "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร (96.13 คะแนน)",
                      "ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน (95.53 คะแนน)",
                      "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (72.43 คะแนน)", "ตัวชี้วัดที่ 10 การป้องกันการทุจริต (37.50 คะแนน)"]
    after_10 = table[[row[0] for row in table].index(groups[-1]) + 1:]
    assert [row[0] for row in after_10] == ["จัดทำแผนปฏิบัติการป้องกันการทุจริต", "การสร้างวัฒนธรรม No Gift Policy",
                                            "การขับเคลื่อนจริยธรรม"]
    assert after_10[0][2:] == ["สำนักปลัดเทศบาล", "1 ต.ค. 69 – 15 พ.ย. 69", "รายงานในการประชุมประจำเดือน"]
    assert "จากการประชุมของเทศบาลตำบลมวกเหล็ก เมื่อวันที่ 7 ตุลาคม 2569 นายกเทศมนตรีตำบลมวกเหล็ก" in back.text()


def test_question_level_tables_with_their_guidance(demo_workbook_snapshot: Snapshot) -> None:
    back = read_docx(write_docx(build_analysis(with_setting(demo_workbook_snapshot, "document_digits", "arabic"),
                                               DEMO_YEAR - 1)))
    assert f"6. ผลการประเมินรายข้อคำถามและแนวทางการพัฒนา พ.ศ. {DEMO_YEAR - 1}" in back.headings(1)
    oit = back.table_captioned("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)")
    assert oit[0] == ["ข้อ", "ข้อคำถาม", "คะแนน", "แนวทางการพัฒนา"]
    assert [row[0] for row in oit[1:]] == ["O5", "O6", "O16"], "upper case as the NACC prints them, in order"
    assert oit[1][2:] == ["50.00", "เผยแพร่แผนดำเนินงานที่ระบุโครงการ งบประมาณ และระยะเวลา ให้ครบทุกโครงการของปี"]
    checklist = {item.item.upper(): item.title for item in demo_workbook_snapshot.rows("OIT", r.OitItem)}
    assert all(checklist[row[0]] == row[1] for row in oit[1:]), "the questions are the demo's own OIT items"


def test_a_year_without_next_years_measures_tells_the_asker(demo_workbook_snapshot: Snapshot) -> None:
    document = build_analysis(demo_workbook_snapshot, DEMO_YEAR - 2)  # the demo has measures of this year only
    back = read_docx(write_docx(document))
    assert f"ยังไม่มีมาตรการของปีงบประมาณ พ.ศ. {DEMO_YEAR - 1} ในแท็บ มาตรการ" in document.notes
    assert shown(f"หน่วยงานจะกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {DEMO_YEAR - 1}",
                 True) in back.text()


def test_the_trend_chart_is_a_picture_with_one_series_per_year(seed: Callable[[str], Snapshot]) -> None:
    document = build_analysis(seed(MUAKLEK), 2565)
    (chart,) = document.charts
    assert [s.name for s in chart.series] == ["พ.ศ. 2564", "พ.ศ. 2565"]
    assert chart.series[1].values[:2] == (100.00, 99.63) and chart.reference == 85
    back = read_docx(write_docx(document))
    assert ("picture", "") in back.items and len(back.images) == 1
    image = Image.open(io.BytesIO(back.images[0]))
    assert image.format == "PNG" and image.width == 1800
    colours = {colour for _, colour in image.convert("RGB").getcolors(1_000_000) or []}
    assert (0x1E, 0x4E, 0x79) in colours and (0xF0, 0xA0, 0x4B) in colours, "a bar for each year"
    assert (0xC0, 0x39, 0x2B) in colours, "the 85 line"


def test_fonts_are_th_sarabun_new_16pt_for_thai_script_too(seed: Callable[[str], Snapshot]) -> None:
    back = written(seed(BANGJAK), 2565, True)
    styles = back.docx.styles
    for name, size in (("Normal", 32), ("Heading 1", 32), ("Title", 36)):
        rpr = styles[name].element.rPr
        fonts = rpr.find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}, name
        assert not any("Theme" in attribute or "theme" in attribute for attribute in fonts.attrib), name
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == str(size), name
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    for run in back.docx.element.body.iter(qn("w:r")):
        fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert fonts is None, "no run overrides the document font"
    section = back.docx.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_signature_block_from_settings_or_blank_lines(seed: Callable[[str], Snapshot]) -> None:
    snapshot = seed(BANGJAK)
    for key, value in (("reporter_name", "นางสาวสมใจ ตั้งใจ"), ("reporter_position", "นักวิเคราะห์นโยบายและแผน"),
                       ("executive_name", "นายวิชา ทองเย็น"),
                       ("executive_title", "นายกองค์การบริหารส่วนตำบลบางจาก")):
        snapshot = with_setting(snapshot, key, value)
    document = build_analysis(snapshot, 2565)
    signatures = read_docx(write_docx(document)).tables()[-1]
    assert signatures[0][0].split("\n")[1:] == ["(นางสาวสมใจ ตั้งใจ)", "นักวิเคราะห์นโยบายและแผน", "ผู้รายงาน"]
    assert signatures[0][1].split("\n")[1:] == ["(นายวิชา ทองเย็น)", "นายกองค์การบริหารส่วนตำบลบางจาก"]
    assert document.notes == ("ยังไม่ได้กรอกในแท็บ ตั้งค่า: measures_meeting_date (ในเอกสารเว้นเป็นเส้นประไว้ให้กรอก)",
                              "ยังไม่มีมาตรการของปีงบประมาณ พ.ศ. 2566 ในแท็บ มาตรการ")
    blank = build_analysis(seed(BANGJAK), 2565)
    assert read_docx(write_docx(blank)).tables()[-1][0] == [
        "ลงชื่อ ......................................\n(....................................................)\n"
        "ตำแหน่ง .............................................."]
    assert "executive_name, executive_title, measures_meeting_date" in blank.notes[0]


@pytest.mark.parametrize("office, year, levels", [
    (BANGJAK, 2565, [["AA", "95–100 คะแนน"], ["A", "85–94.99 คะแนน"], ["B", "75–84.99 คะแนน"],
                     ["C", "65–74.99 คะแนน"], ["D", "55–64.99 คะแนน"], ["E", "50–54.99 คะแนน"],
                     ["F", "0–49.99 คะแนน"]]),
    (PHONONG, 2568, [["ผ่านดีเยี่ยม", "คะแนนรวมและทุกเครื่องมือ 95 คะแนนขึ้นไป"],
                     ["ผ่านดี", "คะแนนรวมและทุกเครื่องมือ 85 คะแนนขึ้นไป"], ["ผ่าน", "คะแนนรวม 85 คะแนนขึ้นไป"],
                     ["ต้องปรับปรุง", "70–84.99 คะแนน"], ["ต้องปรับปรุงโดยด่วน", "ต่ำกว่า 70 คะแนน"]])])
def test_the_levels_of_the_year_are_a_table_no_range_broken_in_a_sentence(
        seed: Callable[[str], Snapshot], office: str, year: int, levels: list[list[str]]) -> None:
    back = written(seed(office), year, thai=False)
    table = next(t for t in back.tables() if t[0] == ["ระดับ", "เกณฑ์คะแนน"])
    assert table[1:] == levels
    text = back.text()
    assert f"ผลการประเมินแบ่งเป็น {len(levels)} ระดับ ดังนี้" in text
    assert "หน่วยงานที่ได้ 85 คะแนนขึ้นไปถือว่าผ่านเกณฑ์การประเมิน" in text


def test_each_indicator_is_explained_in_its_own_words(demo_workbook_snapshot: Snapshot) -> None:
    """Seed 000 writes each indicator its own advice; one sentence repeated eight times reads as a form."""
    back = read_docx(write_docx(build_analysis(with_setting(demo_workbook_snapshot, "document_digits", "arabic"),
                                               DEMO_YEAR - 1)))
    explained = [line for line in back.text().splitlines() if " ตัวชี้วัดที่ " in line and "ได้คะแนน" in line]
    assert len(explained) == 10
    passed = [(n, line) for n, line in enumerate(explained, 1) if "(ผ่านเกณฑ์)" in line]
    assert len(passed) == 8 and all(line.endswith(w(f"keep_{n}")) for n, line in passed)
    assert len({w(f"keep_{n}") for n, _ in passed}) == 8
    assert explained[4].endswith("ผู้บริหารของหน่วยงานควรแสดงเจตนารมณ์ต่อต้านการทุจริตอย่างต่อเนื่อง "
                                 "และจัดการเรื่องร้องเรียนอย่างจริงจังต่อไป")
