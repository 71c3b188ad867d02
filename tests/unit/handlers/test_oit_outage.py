"""Replays the finding "a website outage unpublishes everything": the office's site down while the oit-links job
checks, then for three days. The job's report, the owners' messages, the OIT card, /transparency and the weekly
digest all count from the same recorded verdicts (handlers.oit.standing) and agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from handlers.conversation.replies import Flex
from handlers.jobs import oit_check
from handlers.jobs.summaries import weekly_digest
from handlers.oit.links import CANNOT_CHECK, OK, Verdict
from handlers.public.transparency import overview
from handlers.staff.assistant import Assistant
from sheets import records as r
from sheets.workbook import Snapshot
from tests.unit.conftest import DEMO_DAY, STAFF, said, talk, with_rows

DOWN = Verdict(CANNOT_CHECK, "DNS: ไม่พบชื่อโดเมน")


def checked_good(snapshot: Snapshot) -> tuple[Snapshot, int]:
    """The demo year with every linked item published and last found good: the state before the outage."""
    items = tuple(replace(i, status="เผยแพร่แล้ว", link_check="ใช้ได้", checked_at=datetime(2026, 11, 20, 6, 30))
                  if i.link else i for i in snapshot.rows("OIT", r.OitItem))
    year = max(i.fiscal_year for i in items)
    return with_rows(snapshot, "OIT", items), year


def one_run(snapshot: Snapshot, year: int, when: datetime) -> tuple[Snapshot, oit_check.JobOutput]:
    """The job with the site down; the snapshot as the sheet holds it once its changes are written."""
    items = oit_check.items_to_check(snapshot, year)
    verdicts = [DOWN] * len(items)
    output = oit_check.job_output(snapshot, year, items, verdicts, when.date(), when)
    after = oit_check.year_after(snapshot, year, items, verdicts, when)
    others = tuple(i for i in snapshot.rows("OIT", r.OitItem) if i.fiscal_year != year)
    return with_rows(snapshot, "OIT", (*others, *after)), output


def surfaces(assistant: Assistant, snapshot: Snapshot, day: date) -> tuple[int, int, str, str]:
    """Published and total on /transparency, the OIT card's header and the digest's OIT lines."""
    page = overview(snapshot, day)
    (card,) = talk(assistant, snapshot, STAFF, "OIT ทุกหน่วยงาน")
    assert isinstance(card, Flex)
    return (sum(o["published"] for o in page["oit"]), len(page["oit"]), card.contents["header"]["contents"][1]["text"],
            said(weekly_digest(snapshot, day).posts[:1][0][1:]))  # type: ignore[arg-type]


def test_a_site_down_for_a_day_changes_nothing_public(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    before, year = checked_good(demo_snapshot)
    published, total, header, digest = surfaces(assistant, before, DEMO_DAY)
    assert published == 11 and total == 16 and header == "เผยแพร่แล้ว 11/16 ข้อ"
    after, output = one_run(before, year, datetime.combine(DEMO_DAY, datetime.min.time()).replace(hour=6, minute=30))
    assert surfaces(assistant, after, DEMO_DAY) == (published, total, header, digest)
    assert "ต้องแก้ไข" not in digest.replace("ยังขาด", "")
    report = said([output.posts[0][1]])
    assert "ตรวจ 11 ลิงก์: ใช้ได้ 0 · ไม่ผ่าน 0 · ตรวจไม่ได้ 11" in report
    assert "เผยแพร่แล้ว 11/16 ข้อ ยังขาด 5 ข้อ" in report and "ยังใช้ผลตรวจครั้งก่อน" in report
    assert len(output.posts) == 1, "no unit is told to fix anything"
    recorded = {i.link_check for i in after.rows("OIT", r.OitItem) if i.link}
    assert recorded == {"ตรวจไม่ได้ 1 วัน ตั้งแต่ 23/11/2569 (DNS: ไม่พบชื่อโดเมน) · ผลก่อนหน้า: ใช้ได้"}


def test_after_three_days_down_every_surface_says_to_fix_the_same_items(assistant: Assistant,
                                                                      demo_snapshot: Snapshot) -> None:
    snapshot, year = checked_good(demo_snapshot)
    start = datetime.combine(DEMO_DAY, datetime.min.time()).replace(hour=6, minute=30)
    for day in range(3):
        snapshot, output = one_run(snapshot, year, start + timedelta(days=day))
        assert (len(output.posts) > 1) == (day == 2), "the owners hear of it on the third day, not before"
    published, total, header, digest = surfaces(assistant, snapshot, DEMO_DAY + timedelta(days=2))
    assert (published, total, header) == (0, 16, "เผยแพร่แล้ว 0/16 ข้อ")
    assert "เผยแพร่แล้ว 0/16 ข้อ ยังขาด 16 ข้อ" in digest and "ในจำนวนที่ขาด ต้องแก้ไข 11 ข้อ" in digest
    assert "ต้องแก้ไข 11" in said([output.posts[0][1]])
    owner_text = said([m for _, m in output.posts[1:2]])
    assert "ตรวจไม่ได้ 3 วัน ตั้งแต่ 23/11/2569: DNS: ไม่พบชื่อโดเมน" in owner_text


def test_a_site_back_before_the_third_day_clears_the_count(demo_snapshot: Snapshot) -> None:
    snapshot, year = checked_good(demo_snapshot)
    start = datetime.combine(DEMO_DAY, datetime.min.time()).replace(hour=6, minute=30)
    snapshot, _ = one_run(snapshot, year, start)
    items = oit_check.items_to_check(snapshot, year)
    back = oit_check.year_after(snapshot, year, items, [Verdict(OK)] * len(items), start + timedelta(days=1))
    assert {i.link_check for i in back if i.link} == {"ใช้ได้"}
