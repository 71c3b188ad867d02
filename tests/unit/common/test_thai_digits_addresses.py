"""Thai digits in documents, never inside an address: a printed address must work when typed."""

from __future__ import annotations

import pytest

from common.thaitext import to_thai_digits


@pytest.mark.parametrize(("text", "expected"), [
    ("ดูที่ https://www.muaklek.go.th/news/2570/12 วันที่ 12", "ดูที่ https://www.muaklek.go.th/news/2570/12 วันที่ ๑๒"),
    ("ประกาศที่ www.muaklek.go.th/oit2570 ข้อ 3", "ประกาศที่ www.muaklek.go.th/oit2570 ข้อ ๓"),
    ("muaklek.go.th/p/2570 โทร 036-341234", "muaklek.go.th/p/2570 โทร ๐๓๖-๓๔๑๒๓๔"),
    ("อีเมล saraban2570@muaklek.go.th", "อีเมล saraban2570@muaklek.go.th"),
    ("ร้อยละ 2.5 ณ 31 มี.ค. 2570", "ร้อยละ ๒.๕ ณ ๓๑ มี.ค. ๒๕๗๐"),
    ("12/3/2569", "๑๒/๓/๒๕๖๙"),
])
def test_addresses_keep_arabic_digits(text: str, expected: str) -> None:
    assert to_thai_digits(text) == expected
