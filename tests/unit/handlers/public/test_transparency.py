"""The public pages' model: quarters and halves from the months, "none" for an empty period, counts only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from handlers.public.transparency import complaint_stats, csv_rows, overview
from sheets.workbook import Snapshot
from templates import render
from tests.unit.conftest import with_rows


def test_an_empty_year_says_there_were_no_complaints(demo_snapshot: Snapshot) -> None:
    empty = with_rows(demo_snapshot, "เรื่องร้องเรียน", ())
    stats = complaint_stats(empty, 2570, date(2027, 2, 10))
    assert [m.name for m in stats["months"]][:2] == ["ตุลาคม 2569", "พฤศจิกายน 2569"] and len(stats["months"]) == 5
    assert [q.name for q in stats["quarters"]] == ["ไตรมาส 1", "ไตรมาส 2"] and len(stats["halves"]) == 1
    html = render("web/transparency_counts.html.j2", rows=stats["months"], heading="เดือน", total_received=0)
    assert "ไม่มีเรื่องร้องเรียน" in html and "<table>" not in html


def test_quarters_and_halves_add_up_to_the_months(demo_snapshot: Snapshot) -> None:
    stats = complaint_stats(demo_snapshot, 2570, date(2027, 9, 30))
    total = stats["total"]
    assert sum(q.received for q in stats["quarters"]) == total.received == sum(h.received for h in stats["halves"])
    assert sum(c.received for c in stats["categories"]) == total.received == sum(c.received for c in stats["channels"])
    assert csv_rows(stats)[-1][1:4] == ["รวมทั้งปี", "รวม", str(total.received)]


def test_a_withdrawn_case_is_its_own_column_not_finished(demo_snapshot: Snapshot) -> None:
    open_case = next(c for c in demo_snapshot.complaints if c.status not in ("ยุติเรื่อง", "ไม่รับพิจารณา"))
    before = complaint_stats(demo_snapshot, 2570, date(2027, 9, 30))["total"]
    cases = tuple(replace(c, status="ถอนเรื่อง") if c is open_case else c for c in demo_snapshot.complaints)
    stats = complaint_stats(with_rows(demo_snapshot, "เรื่องร้องเรียน", cases), 2570, date(2027, 9, 30))
    total = stats["total"]
    assert (total.received, total.finished, total.in_progress, total.withdrawn) == (
        before.received, before.finished, before.in_progress - 1, 1)
    for key in ("months", "quarters", "halves", "categories", "channels"):
        assert sum(p.withdrawn for p in stats[key]) == 1, key
    rows = csv_rows(stats)
    assert rows[0][-1] == "ถอนเรื่อง" and rows[-1][3:] == [str(total.received), str(total.finished),
                                                           str(total.in_progress), "1"]
    html = render("web/transparency_counts.html.j2", rows=stats["months"], heading="เดือน",
                  total_received=total.received, withdrawn=total.withdrawn, caption="รายเดือน")
    assert 'ถอน<wbr>เรื่อง</th>' in html and 'colspan="4"' in html
    plain = render("web/transparency_counts.html.j2", rows=stats["months"], heading="เดือน",
                   total_received=total.received, withdrawn=0, caption="รายเดือน")
    assert "ถอน" not in plain, "no empty column when nobody withdrew"


def test_the_published_result_is_the_headline(demo_snapshot: Snapshot) -> None:
    values = overview(demo_snapshot, date(2026, 12, 7))
    assert values["result"] is not None and len(values["result"].indicators) == 10
    if values["published"] is not None:
        assert values["published"].fiscal_year == values["result"].fiscal_year
