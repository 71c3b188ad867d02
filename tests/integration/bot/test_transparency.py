"""The public transparency pages on the demo workbook: Thai, counts only, equal to the bot's own statistics."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import openpyxl
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from common.config import Config
from handlers.jobs.summaries import complaint_statistics
from tests.conftest import FakeClock


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_overview_shows_result_indicators_measures_oit_and_complaints(client: FlaskClient) -> None:
    response = client.get("/transparency")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = text_of(response.get_data(as_text=True))
    for words in ("ผลการประเมิน ITA", "ตัวชี้วัด", "ผ่าน", "มาตรการปีงบประมาณ", "การเปิดเผยข้อมูลสาธารณะ (OIT)",
                  "สถิติเรื่องร้องเรียน", "ข้อมูล ณ"):
        assert words in page
    assert "@media print" in response.get_data(as_text=True) and "size: A4" in response.get_data(as_text=True)


def test_no_complaint_text_accused_or_place_is_ever_shown(client: FlaskClient, bot_app: Flask) -> None:
    snapshot = runtime_of(bot_app).snapshots.get()
    assert snapshot is not None and snapshot.complaints
    pages = "".join(client.get(p).get_data(as_text=True) for p in
                    ("/transparency", "/transparency/complaints", "/transparency/complaints.csv"))
    for case in snapshot.complaints:
        for secret in (case.details, case.accused, case.place, case.case_no):
            assert not secret or secret not in pages


def test_monthly_numbers_equal_the_statistics_tab_job(client: FlaskClient, bot_app: Flask, clock: FakeClock) -> None:
    snapshot = runtime_of(bot_app).snapshots.get()
    assert snapshot is not None
    year = max(c.received.year + 543 + (c.received.month >= 10) for c in snapshot.complaints)
    clock.now = datetime(year - 543, 10, 2, 9, 0)  # the year is over: both count all of its months
    rows = list(csv.reader(io.StringIO(client.get(f"/transparency/complaints.csv?year={year}")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["ปีงบประมาณ", "ตาราง", "รายการ", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ",
                       "ถอนเรื่อง"]
    by_month = {row[2]: row[3:] for row in rows[1:] if row[1] == "รายเดือน"}
    stats = complaint_statistics(snapshot, date(year - 543, 10, 1))  # the job that fills สถิติเรื่องร้องเรียน
    assert stats.rows, "the year has complaints"
    for row in stats.rows[:-1]:
        month, received = row["เดือน"], row["รับเรื่อง"]
        page_month = next(k for k in by_month if k.endswith(month.split()[1]) and k.startswith(_full(month)))
        assert by_month[page_month] == [received, row["ดำเนินการแล้วเสร็จ"], row["อยู่ระหว่างดำเนินการ"], row["ถอนเรื่อง"]]
    total = next(r for r in rows if r[1] == "รวมทั้งปี")
    assert int(total[3]) == sum(int(r[3]) for r in rows[1:] if r[1] == "รายเดือน")


_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
         "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def _full(short_month: str) -> str:
    return _FULL[_SHORT.index(short_month.split()[0])]


def test_a_year_without_complaints_says_so(client: FlaskClient) -> None:
    page = text_of(client.get("/transparency/complaints").get_data(as_text=True))
    assert "รายไตรมาส" in page and "ตามช่องทาง" in page


def test_unknown_year_or_office_is_a_thai_404(client: FlaskClient) -> None:
    for path in ("/transparency/complaints?year=2400", "/transparency/complaints?year=abc",
                 "/transparency/complaints.csv?year=๒๔๐๐", "/nowhere/transparency"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "ไม่พบ" in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_a_year_in_thai_digits_is_the_same_page_as_in_arabic_digits(client: FlaskClient) -> None:
    for path in ("/transparency/complaints", "/transparency/complaints.csv"):
        arabic, thai = client.get(f"{path}?year=2570"), client.get(f"{path}?year=๒๕๗๐")
        assert arabic.status_code == thai.status_code == 200, path
        assert arabic.get_data() == thai.get_data(), path


def test_the_csv_has_every_table_of_the_page(client: FlaskClient) -> None:
    page = client.get("/transparency/complaints?year=2570").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(client.get("/transparency/complaints.csv?year=2570")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    tables = {row[1] for row in rows[1:]}
    assert tables == {"รายเดือน", "รายไตรมาส", "รายครึ่งปี", "ตามประเภท", "ตามช่องทาง", "รวมทั้งปี"}
    for row in rows[1:]:
        if row[1] in ("ตามประเภท", "ตามช่องทาง"):
            assert f'<th scope="row">{row[2]}</th><td class="n">{row[3]}</td>' in page, row


def test_every_table_has_a_caption_and_a_keyboard_scrollable_wrapper(client: FlaskClient) -> None:
    for path in ("/transparency", "/transparency/complaints?year=2570", "/privacy"):
        page = client.get(path).get_data(as_text=True)
        tables = page.count("<table")
        assert tables and page.count("<caption>") == tables, path
        wrappers = re.findall(r'<div class="scroll"([^>]*)>', page)
        assert len(wrappers) == tables, path
        for attributes in wrappers:
            assert 'tabindex="0"' in attributes and 'role="region"' in attributes and 'aria-label="' in attributes


def test_a_withdrawn_case_is_shown_apart_on_the_page_and_in_the_csv(client: FlaskClient, bot_app: Flask,
                                                                     bot_config: Config, clock: FakeClock) -> None:
    """An admin's (or the complainant's) ถอนเรื่อง in the sheet: the page names it, finished does not grow."""
    path = bot_config.workbook_path
    assert path is not None
    book = openpyxl.load_workbook(path)
    sheet = book["เรื่องร้องเรียน"]
    column = [cell.value for cell in sheet[1]].index("สถานะ") + 1
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(row=r, column=column).value not in (None, "ยุติเรื่อง", "ไม่รับพิจารณา"))
    received = sheet.cell(row=row, column=[cell.value for cell in sheet[1]].index("วันที่รับ") + 1).value
    year = received.year + 543 + (received.month >= 10)
    clock.now = datetime(year - 543, 10, 2, 9, 0)
    before = next(r for r in csv_of(client, year) if r[1] == "รวมทั้งปี")
    sheet.cell(row=row, column=column, value="ถอนเรื่อง")
    book.save(path)
    runtime_of(bot_app).snapshots.expire()
    total = next(r for r in csv_of(client, year) if r[1] == "รวมทั้งปี")
    assert total[3:] == [before[3], before[4], str(int(before[5]) - 1), str(int(before[6]) + 1)]
    page = text_of(client.get(f"/transparency/complaints?year={year}").get_data(as_text=True))
    assert f"ดำเนินการแล้วเสร็จ {before[4]} · อยู่ระหว่างดำเนินการ {int(before[5]) - 1} · ผู้ร้องขอถอนเรื่อง 1" in page
    assert "ถอน เรื่อง" in page  # the tables' own column (its header breaks at <wbr>)


def csv_of(client: FlaskClient, year: int) -> list[list[str]]:
    text = client.get(f"/transparency/complaints.csv?year={year}").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))
