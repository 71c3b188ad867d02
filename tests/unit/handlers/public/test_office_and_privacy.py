"""The office's contact from ตั้งค่า, the links between the public pages, and the notice's durations in Thai."""

from __future__ import annotations

from datetime import timedelta

from handlers.public.office import PAGES, office_contact, page_links
from handlers.public.privacy import Retention, durations, thai_duration


def test_the_contact_is_trimmed_and_a_website_must_be_a_web_address() -> None:
    office = office_contact("อบต.ตัวอย่าง", {"office_address": "  1 หมู่ 2\n ตำบลหนึ่ง ", "office_phone": "036 111 222",
                                            "website": "www.example.go.th", "dpo_contact": "ปลัด อบต."})
    assert office.address == "1 หมู่ 2 ตำบลหนึ่ง" and office.phone == "036 111 222" and office.dpo == "ปลัด อบต."
    assert office.website == "", "a link the browser would read as a path on this site is not shown"
    assert office.reachable and not office_contact("อบต.ตัวอย่าง", {}).reachable


def test_every_office_links_its_own_four_pages() -> None:
    links = page_links("/muaklek")
    assert [link["url"] for link in links] == ["/muaklek/complaint", "/muaklek/status", "/muaklek/transparency",
                                               "/muaklek/privacy"]
    assert [link["name"] for link in page_links("")] == [name for _, name in PAGES]


def test_durations_read_as_thai() -> None:
    assert thai_duration(timedelta(days=30)) == "30 วัน"
    assert thai_duration(timedelta(minutes=10)) == "10 นาที"
    assert thai_duration(timedelta(days=1, hours=12)) == "1 วัน 12 ชั่วโมง"
    assert thai_duration(timedelta(seconds=20)) == "0 นาที"
    retention = Retention(*(timedelta(days=n) for n in range(1, 9)))
    assert durations(retention)["closed_case"] == "1 วัน" and durations(retention)["replies"] == "6 วัน"
    assert durations(retention)["filings"] == "8 วัน"
