"""Where an OIT item stands: an outage is recorded but decides nothing until it has lasted several days."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from handlers.oit.links import CANNOT_CHECK, NOT_FOUND, OK, Verdict
from handlers.oit.standing import (
    NEEDS_FIX,
    NOT_PUBLISHED,
    PENDING,
    PUBLISHED,
    UNREACHABLE_DAYS,
    Standing,
    after_check,
    pending_cell,
    standing,
    tally,
    unanswered,
)
from sheets.records import OitItem

DOWN = Verdict(CANNOT_CHECK, "DNS: ไม่พบชื่อโดเมน")
MORNING = datetime(2026, 12, 7, 6, 30)


def item(status: str = "เผยแพร่แล้ว", result: str | None = "ใช้ได้", checked: str | None = "01/12/2569 06:30") -> OitItem:
    return OitItem(2, 2570, "O1", "ข้อมูลผู้บริหาร", "สำนักปลัด", status, "https://www.x.go.th/o1", None, None,
                   result, checked)


def test_an_unreachable_site_is_recorded_and_the_verdict_before_stands() -> None:
    after = after_check(item(), DOWN, MORNING)
    assert after.link_check == "ตรวจไม่ได้ 1 วัน ตั้งแต่ 07/12/2569 (DNS: ไม่พบชื่อโดเมน) · ผลก่อนหน้า: ใช้ได้"
    assert after.checked_at == "07/12/2569 06:30"
    assert standing(after) == Standing(PUBLISHED)


def test_only_checks_on_different_days_count_and_the_third_day_needs_fixing() -> None:
    current = item()
    for hour in (6, 9, 18):  # three checks on one day: one day
        current = after_check(current, DOWN, MORNING.replace(hour=hour))
    assert unanswered(current.link_check).days == 1 and standing(current).state == PUBLISHED  # type: ignore[union-attr]
    current = after_check(current, DOWN, datetime(2026, 12, 8, 6, 30))
    assert standing(current).state == PUBLISHED, "two days: still the verdict before"
    current = after_check(current, Verdict(CANNOT_CHECK, "หมดเวลา (timeout)"), datetime(2026, 12, 9, 6, 30))
    assert UNREACHABLE_DAYS == 3
    assert standing(current) == Standing(NEEDS_FIX, "ตรวจไม่ได้ 3 วัน ตั้งแต่ 07/12/2569: หมดเวลา (timeout)")


def test_an_answer_ends_the_count() -> None:
    down = after_check(after_check(item(), DOWN, MORNING), DOWN, datetime(2026, 12, 8, 6, 30))
    back = after_check(down, Verdict(OK), datetime(2026, 12, 9, 6, 30))
    assert back.link_check == "ใช้ได้" and standing(back).state == PUBLISHED
    gone = after_check(down, Verdict(NOT_FOUND, "404"), datetime(2026, 12, 9, 6, 30))
    assert standing(gone) == Standing(NEEDS_FIX, "ไม่พบหน้า (404)"), "an answer of the site decides at once"


def test_an_item_to_fix_stays_to_fix_while_the_site_is_down() -> None:
    after = after_check(item(result="ไม่พบหน้า (404)"), DOWN, MORNING)
    assert standing(after) == Standing(NEEDS_FIX, "ไม่พบหน้า (404)")


@pytest.mark.parametrize("detail", ["หมดเวลา (timeout)", "", "TLS: ใบรับรองหรือการเข้ารหัสผิดพลาด"])
def test_the_cell_reads_back_as_written(detail: str) -> None:
    written = after_check(item(result="ใช้ได้ (เปลี่ยนเส้นทาง) → https://x.go.th/n"), Verdict(CANNOT_CHECK, detail),
                          MORNING).link_check
    back = unanswered(written)
    assert back is not None and (back.detail, back.previous) == (detail, "ใช้ได้ (เปลี่ยนเส้นทาง) → https://x.go.th/n")
    assert back.text == written


def test_a_link_handed_in_while_the_site_is_down_waits_and_is_published_when_it_passes() -> None:
    waiting = item(status="ยังไม่เผยแพร่", result=pending_cell("สมศรี ใจดี", "เชื่อมต่อไม่ได้", MORNING),
                   checked="07/12/2569 06:30")
    assert waiting.link_check == "รอตรวจ 1 วัน ตั้งแต่ 07/12/2569 (เชื่อมต่อไม่ได้) · ส่งโดย สมศรี ใจดี"
    assert standing(waiting) == Standing(PENDING, "ตรวจไม่ได้: เชื่อมต่อไม่ได้")
    assert unanswered(waiting.link_check).by == "สมศรี ใจดี"  # type: ignore[union-attr]
    passed = after_check(waiting, Verdict(OK), datetime(2026, 12, 8, 6, 30))
    assert (passed.status, passed.link_check, standing(passed).state) == (PUBLISHED, "ใช้ได้", PUBLISHED)
    failed = after_check(waiting, Verdict(NOT_FOUND, "404"), datetime(2026, 12, 8, 6, 30))
    assert (failed.status, standing(failed).state) == ("ยังไม่เผยแพร่", NEEDS_FIX)
    still = after_check(waiting, DOWN, datetime(2026, 12, 8, 6, 30))
    assert standing(still).state == PENDING and unanswered(still.link_check).by == "สมศรี ใจดี"  # type: ignore[union-attr]


def test_every_item_is_counted_once() -> None:
    items = [item(), item(result="ไม่พบหน้า (404)"), item(status="ยังไม่เผยแพร่", result=None),
             item(status="ต้องแก้ไข", result=None), replace(item(), link_check=pending_cell("ก", "", MORNING))]
    assert tally(items) == {PUBLISHED: 1, NEEDS_FIX: 2, PENDING: 1, NOT_PUBLISHED: 1}


@pytest.mark.parametrize("earlier", ["เข้าไม่ได้ (DNS: ไม่พบชื่อโดเมน)", "เข้าไม่ได้ (หมดเวลา (timeout))",
                                     "เข้าไม่ได้ (เซิร์ฟเวอร์ขัดข้อง 502)", "เข้าไม่ได้ (รหัส 429)"])
def test_an_outage_an_earlier_version_wrote_as_broken_is_no_verdict(earlier: str) -> None:
    """Sheets that went red in an outage before this version are not kept red by the next outage."""
    assert standing(item(result=earlier)) == Standing(PUBLISHED)
    after = after_check(item(result=earlier), DOWN, MORNING)
    assert after.link_check == "ตรวจไม่ได้ 1 วัน ตั้งแต่ 07/12/2569 (DNS: ไม่พบชื่อโดเมน)"
    assert standing(item(result="เข้าไม่ได้ (รหัส 403)")).state == NEEDS_FIX, "a refusal is still the site's answer"


def test_a_check_time_read_back_as_a_date_cell_counts_the_same() -> None:
    typed = replace(item(result=after_check(item(), DOWN, MORNING).link_check), checked_at=MORNING)  # type: ignore[arg-type]
    assert unanswered(after_check(typed, DOWN, MORNING.replace(hour=9)).link_check).days == 1  # type: ignore[union-attr]
    assert unanswered(after_check(typed, DOWN, datetime(2026, 12, 8, 6)).link_check).days == 2  # type: ignore[union-attr]
