"""The public pages' model: quarters and halves from the months, "none" for an empty period, counts only."""

from __future__ import annotations

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


def test_the_published_result_is_the_headline(demo_snapshot: Snapshot) -> None:
    values = overview(demo_snapshot, date(2026, 12, 7))
    assert values["result"] is not None and len(values["result"].indicators) == 10
    if values["published"] is not None:
        assert values["published"].fiscal_year == values["result"].fiscal_year
