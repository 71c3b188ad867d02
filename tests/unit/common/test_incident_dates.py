"""The incident-date step reads dates as people type them, relative to a clock passed in."""

from __future__ import annotations

from datetime import date

import pytest

from common.incident_dates import parse_incident_date
from common.thaitext import DateParseError

TODAY = date(2026, 11, 23)  # a Monday: 23 พ.ย. 2569

READ = [
    ("เมื่อวาน", "22 พ.ย. 2569"),
    ("เมื่อวานนี้", "22 พ.ย. 2569"),
    ("เมื่อวานนี้ค่ะ", "22 พ.ย. 2569"),
    ("เมื่อวานซืน", "21 พ.ย. 2569"),
    ("วันนี้", "23 พ.ย. 2569"),
    ("3 วันก่อน", "20 พ.ย. 2569"),
    ("๓ วันที่แล้ว", "20 พ.ย. 2569"),
    ("ประมาณเมื่อวาน", "ประมาณ 22 พ.ย. 2569"),
    ("สัปดาห์ที่แล้ว", "ช่วง 16 พ.ย. 2569 – 22 พ.ย. 2569"),
    ("อาทิตย์ที่แล้วครับ", "ช่วง 16 พ.ย. 2569 – 22 พ.ย. 2569"),
    ("ต้นเดือนที่แล้ว", "ประมาณต้นเดือนตุลาคม 2569"),
    ("ปลายเดือนที่แล้ว", "ประมาณปลายเดือนตุลาคม 2569"),
    ("เดือนที่แล้ว", "ประมาณเดือนตุลาคม 2569"),
    ("ต้นเดือนนี้", "ประมาณต้นเดือนพฤศจิกายน 2569"),
    ("ประมาณกลางเดือนตุลา", "ประมาณกลางเดือนตุลาคม 2569"),
    ("กลางเดือน ตุลาคม 2568", "ประมาณกลางเดือนตุลาคม 2568"),
    ("ช่วงเดือนธันวา", "ประมาณเดือนธันวาคม 2568"),
    ("ต.ค. 2568", "ประมาณเดือนตุลาคม 2568"),
    ("15 ต.ค.", "15 ต.ค. 2569"),
    ("เมื่อ 15 ต.ค.", "15 ต.ค. 2569"),
    ("15 ธันวา", "15 ธ.ค. 2568"),
    ("15/10/2569", "15 ต.ค. 2569"),
    ("๑๕ ต.ค. ๖๙", "15 ต.ค. 2569"),
    ("วันที่ 3 พ.ย. 2569 เวลา 10:30", "3 พ.ย. 2569"),
]


@pytest.mark.parametrize(("typed", "kept"), READ)
def test_everyday_date_words_are_read(typed: str, kept: str) -> None:
    assert parse_incident_date(typed, TODAY).text == kept


@pytest.mark.parametrize("typed", ["ไม่รู้", "เดือนหน้า", "31 พ.ย.", "ก่อน", "ปีหน้า"])
def test_what_is_not_a_date_is_refused(typed: str) -> None:
    with pytest.raises(DateParseError):
        parse_incident_date(typed, TODAY)


def test_the_latest_day_a_phrase_can_mean_lets_the_caller_refuse_the_future() -> None:
    assert parse_incident_date("1/12/2569", TODAY).latest > TODAY
    assert parse_incident_date("ปลายเดือนนี้", TODAY).latest == TODAY
