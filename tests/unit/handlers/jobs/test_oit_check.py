"""The oit-links job's pure part: its period, the rows it checks, the changes it queues, whom it tells."""

from __future__ import annotations

from datetime import date, datetime

from handlers.conversation.replies import Flex, Text
from handlers.jobs import oit_check
from handlers.jobs.summaries import weekly_digest
from handlers.oit.links import CANNOT_CHECK, NOT_FOUND, OK, Verdict
from sheets.records import OitItem, StaffMember
from sheets.workbook import Snapshot
from tests.unit.conftest import with_rows

OWNER = "U" + "a" * 32


def items() -> tuple[OitItem, ...]:
    return (OitItem(2, 2569, "o1", "แผนจัดซื้อ", "กองคลัง", "เผยแพร่แล้ว", "https://www.x.go.th/a", None, None),
            OitItem(3, 2569, "O2", "ข่าว", "สำนักปลัด", "เผยแพร่แล้ว", "https://www.x.go.th/b", None, None, "ใช้ได้"),
            OitItem(4, 2569, "O3", "ยังไม่มี", "กองคลัง", "ยังไม่เผยแพร่", None, None, None),
            OitItem(5, 2568, "O1", "ปีก่อน", "กองคลัง", "เผยแพร่แล้ว", "https://www.x.go.th/old", None, None))


def snapshot(demo: Snapshot) -> Snapshot:
    staff = (StaffMember(2, "สมหญิง", None, "กองคลัง", "staff", OWNER, "อนุมัติ", None),
             StaffMember(3, "รอ", None, "กองคลัง", "staff", "U" + "b" * 32, "รออนุมัติ", None))
    return with_rows(with_rows(demo, "OIT", items()), "เจ้าหน้าที่", staff)


def test_weekly_outside_the_oit_months_daily_inside() -> None:
    assert oit_check.period(date(2026, 12, 7)) == "2569-W50"
    assert oit_check.period(date(2027, 3, 2)) == "2570-03-02"


def test_only_the_years_rows_with_a_link_are_checked(demo_snapshot: Snapshot) -> None:
    checked = oit_check.items_to_check(snapshot(demo_snapshot), 2569)
    assert [i.item for i in checked] == ["O1", "O2"]  # shown upper case whatever the sheet has


def test_each_verdict_becomes_a_keyed_change_scoped_to_its_year() -> None:
    changes = oit_check.result_changes(items()[:2], [Verdict(NOT_FOUND, "404"), Verdict(OK)],
                                       datetime(2026, 12, 7, 6, 30))
    first = changes[0]
    assert (first.tab, first.key_header, first.key) == ("OIT", "ข้อ", "O1"), "o1 in the sheet"
    assert first.also == (("ปีงบประมาณ", "2569"), ("ลิงก์", "https://www.x.go.th/a"))
    assert [(c.header, c.old, c.new) for c in first.cells] == [("ผลตรวจลิงก์", "", "ไม่พบหน้า (404)"),
                                                               ("ตรวจเมื่อ", "", "07/12/2569 06:30")]
    assert changes[1].cells[0].old == "ใช้ได้" and first.change_id != changes[1].change_id


def test_the_group_gets_the_summary_and_the_owner_unit_its_broken_links(demo_snapshot: Snapshot) -> None:
    snap = snapshot(demo_snapshot)
    checked = oit_check.items_to_check(snap, 2569)
    output = oit_check.job_output(snap, 2569, checked, [Verdict(NOT_FOUND, "404"), Verdict(OK)], date(2026, 12, 7))
    group, summary = output.posts[0]
    assert group == snap.settings["staff_group_id"] and isinstance(summary, Flex)
    assert "ตรวจ 2 ลิงก์: ใช้ได้ 1 · ไม่ผ่าน 1 · ตรวจไม่ได้ 0" in str(summary.contents)
    assert "เผยแพร่แล้ว 1/3 ข้อ ยังขาด 2 ข้อ" in str(summary.contents), "the public count of the year's 3 items"
    assert [to for to, _ in output.posts[1:]] == [OWNER], "approved staff of the owner unit only"
    message = output.posts[1][1]
    assert isinstance(message, Text) and "O1 แผนจัดซื้อ · กองคลัง · ไม่พบหน้า (404)" in message.text, "shown upper case"


def test_the_weekly_digest_counts_broken_links(demo_snapshot: Snapshot) -> None:
    snap = with_rows(snapshot(demo_snapshot), "OIT",
                     (*items()[1:], OitItem(9, 2569, "O9", "x", "กองคลัง", "เผยแพร่แล้ว", "h", None, None, "เข้าไม่ได้")))
    snap = with_rows(snap, "ตั้งค่า", tuple(s for s in snap.rows("ตั้งค่า", object)
                                           if getattr(s, "key", "") != "current_fiscal_year"))
    digest = weekly_digest(snap, date(2026, 8, 3))
    assert "ในจำนวนที่ขาด ต้องแก้ไข 1 ข้อ" in str(digest.posts[0][1])


def waiting_snapshot(demo: Snapshot) -> Snapshot:
    """O1 handed in by สมหญิง while the site was down (รอตรวจ), not yet published."""
    waiting = OitItem(2, 2569, "O1", "แผนจัดซื้อ", "กองคลัง", "ยังไม่เผยแพร่", "https://www.x.go.th/a", None, None,
                      "รอตรวจ 1 วัน ตั้งแต่ 06/12/2569 (เชื่อมต่อไม่ได้) · ส่งโดย สมหญิง", "06/12/2569 15:00")
    return with_rows(snapshot(demo), "OIT", (waiting,))


def test_a_waiting_link_makes_the_check_daily_and_its_sender_hears_the_result(demo_snapshot: Snapshot) -> None:
    snap = waiting_snapshot(demo_snapshot)
    assert oit_check.has_pending(snap, 2569) and oit_check.period(date(2026, 12, 7), True) == "2569-12-07"
    checked = oit_check.items_to_check(snap, 2569)
    when = datetime(2026, 12, 7, 6, 30)
    passed = oit_check.job_output(snap, 2569, checked, [Verdict(OK)], date(2026, 12, 7), when)
    (to, message), = [(to, m) for to, m in passed.posts[1:]]
    assert to == OWNER and isinstance(message, Text)
    assert "ตรวจลิงก์ของข้อ O1 แผนจัดซื้อ ที่ส่งไว้แล้ว: ใช้ได้" in message.text and "สถานะ: เผยแพร่แล้ว" in message.text
    (change,) = oit_check.result_changes(checked, [Verdict(OK)], when)
    assert [(c.header, c.new) for c in change.cells] == [("ผลตรวจลิงก์", "ใช้ได้"), ("ตรวจเมื่อ", "07/12/2569 06:30"),
                                                         ("สถานะ", "เผยแพร่แล้ว")]


def test_a_waiting_link_that_fails_is_told_with_how_to_send_another(demo_snapshot: Snapshot) -> None:
    snap = waiting_snapshot(demo_snapshot)
    checked = oit_check.items_to_check(snap, 2569)
    failed = oit_check.job_output(snap, 2569, checked, [Verdict(NOT_FOUND, "404")], date(2026, 12, 7),
                                  datetime(2026, 12, 7, 6, 30))
    texts = [m.text for to, m in failed.posts[1:] if to == OWNER and isinstance(m, Text)]
    assert len(texts) == 2, "the unit's list of items to fix, and the sender's own answer"
    assert any("ที่ส่งไว้แล้ว: ต้องแก้ไข (ไม่พบหน้า (404))" in t and "ส่งลิงก์ O1" in t for t in texts)


def test_a_waiting_link_whose_site_is_still_down_keeps_waiting_quietly(demo_snapshot: Snapshot) -> None:
    snap = waiting_snapshot(demo_snapshot)
    checked = oit_check.items_to_check(snap, 2569)
    down = Verdict(CANNOT_CHECK, "เชื่อมต่อไม่ได้")
    output = oit_check.job_output(snap, 2569, checked, [down], date(2026, 12, 7), datetime(2026, 12, 7, 6, 30))
    assert len(output.posts) == 1 and "ในจำนวนที่ขาด รอตรวจลิงก์ 1 ข้อ" in str(output.posts[0][1])
    (change,) = oit_check.result_changes(checked, [down], datetime(2026, 12, 7, 6, 30))
    assert change.cells[0].new == "รอตรวจ 2 วัน ตั้งแต่ 06/12/2569 (เชื่อมต่อไม่ได้) · ส่งโดย สมหญิง"


def test_a_waiting_link_down_for_three_days_is_told_once(demo_snapshot: Snapshot) -> None:
    snap = waiting_snapshot(demo_snapshot)
    down = Verdict(CANNOT_CHECK, "เชื่อมต่อไม่ได้")
    told = []
    for day in (7, 8, 9):
        checked = oit_check.items_to_check(snap, 2569)
        when = datetime(2026, 12, day, 6, 30)
        output = oit_check.job_output(snap, 2569, checked, [down], when.date(), when)
        told.append([m.text for to, m in output.posts[1:] if isinstance(m, Text) and "ที่ส่งไว้" in m.text])
        snap = with_rows(snap, "OIT", tuple(oit_check.year_after(snap, 2569, checked, [down], when)))
    assert told[0] == [] and told[2] == []
    assert len(told[1]) == 1 and "ยังตรวจไม่ได้เพราะเข้าเว็บไซต์ไม่ได้ (ตรวจไม่ได้ 3 วัน ตั้งแต่ 06/12/2569" in told[1][0]
