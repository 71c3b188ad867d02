"""The `oit-links` job around the link rules: which rows to check, what to write back, whom to tell (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from common.thaitext import fiscal_year_of, format_thai_date, normalize_input
from handlers.conversation.replies import Text
from handlers.jobs.summaries import JobOutput, Section, be_date, report
from handlers.oit.links import CHECKED, RESULT, Verdict, checked_text, is_broken
from sheets import records as r
from sheets.schema import OIT
from sheets.workbook import Snapshot
from state.row_changes import CellChange, RowChange, change_id
from templates import label, render

NAME = "oit-links"
DAILY_MONTHS = (2, 3, 4, 5, 6)
"""Registration ends, OIT is answered, scored and clarified (Feb–mid Jun): links are checked daily then."""


def period(today: date) -> str:
    """One run per ISO week, or per day in the OIT months."""
    if today.month in DAILY_MONTHS:
        return be_date(today)
    year, week, _ = today.isocalendar()
    return f"{year + 543}-W{week:02d}"


def year_to_check(snapshot: Snapshot, today: date, year: int | None = None) -> int:
    """The asked year, else ``current_fiscal_year``, else today's; the latest year in OIT when it has none."""
    if year is not None:
        return year
    text = snapshot.settings.get("current_fiscal_year", "")
    chosen = int(text) if text.isdecimal() else fiscal_year_of(today)
    years = {i.fiscal_year for i in snapshot.rows(OIT.name, r.OitItem)}
    return chosen if chosen in years or not years else max(years)


def items_to_check(snapshot: Snapshot, year: int) -> list[r.OitItem]:
    """The year's OIT rows with a link, and published ones without a usable one (they get ไม่ใช่ลิงก์).

    A ``ลิงก์`` cell that is not an http(s) URL reaches the snapshot empty (``sheet check`` reports it).
    """
    return [i for i in snapshot.rows(OIT.name, r.OitItem)
            if i.fiscal_year == year and ((i.link or "").strip() or i.status == "เผยแพร่แล้ว")]


def result_changes(items: Sequence[r.OitItem], verdicts: Sequence[Verdict], when: datetime) -> list[RowChange]:
    """One keyed change per checked row: its verdict and the time, scoped to the row's fiscal year."""
    at = checked_text(when)
    return [RowChange(OIT.name, "ข้อ", item.item, (CellChange(RESULT, item.link_check or "", verdict.text),
                                                   CellChange(CHECKED, _checked(item), at)),
                      change_id(NAME, str(item.fiscal_year), item.item, at), action="ตรวจลิงก์", by="ita-bot",
                      at=at, also=_pinned(item))
            for item, verdict in zip(items, verdicts, strict=True)]


def _checked(item: r.OitItem) -> str:
    """``ตรวจเมื่อ`` as the person-facing text the change compares (the cell holds a date)."""
    return checked_text(item.checked_at) if item.checked_at else ""


def _pinned(item: r.OitItem) -> tuple[tuple[str, str], ...]:
    """The row of the item's year, and only while it still holds the checked link (one handed in meanwhile wins)."""
    year = (("ปีงบประมาณ", str(item.fiscal_year)),)
    return (*year, ("ลิงก์", item.link)) if item.link else year


def _line(item: r.OitItem, verdict: Verdict) -> str:
    return label("oit_link_item").format(item=item.item.upper(), title=item.title, owner=item.owner or "-",
                                         verdict=verdict.text)


def job_output(snapshot: Snapshot, year: int, items: Sequence[r.OitItem], verdicts: Sequence[Verdict],
               today: date) -> JobOutput:
    """The staff group's summary and, to each owner unit's approved staff, their own broken links."""
    broken = [(i, v) for i, v in zip(items, verdicts, strict=True) if not v.good]
    subtitle = f"ปีงบประมาณ {year} · {format_thai_date(today)}"
    sections = [Section(label("sec_oit_links"), (label("oit_links_line").format(
                    good=len(items) - len(broken), total=len(items), broken=len(broken)),) if items else (),
                    label("none_oit_links")),
                Section(label("sec_oit_broken"), tuple(_line(i, v) for i, v in broken), label("none_oit_broken"))]
    output = JobOutput(period(today), subtitle,
                       summary=f"ลิงก์ OIT ปี {year} ใช้ได้ {len(items) - len(broken)}/{len(items)}")
    group = snapshot.settings.get("staff_group_id", "")
    if group:
        output.posts.append((group, report(NAME, subtitle, sections, "#1B5E20")))
    else:
        output.missing_setting = "staff_group_id"
    output.posts.extend(owner_posts(snapshot, year, broken))
    return output


def owner_posts(snapshot: Snapshot, year: int, broken: Sequence[tuple[r.OitItem, Verdict]]) -> list[tuple[str, Text]]:
    """A private message to each approved staff member of a unit that owns a broken link."""
    by_unit: dict[str, list[str]] = defaultdict(list)
    for item, verdict in broken:
        by_unit[normalize_input(item.owner or "")].append(_line(item, verdict))
    posts = []
    for member in snapshot.staff:
        lines = by_unit.get(normalize_input(member.unit or ""))
        if lines and member.status == "อนุมัติ" and member.line_user_id and member.unit:
            posts.append((member.line_user_id, Text(render("oit_links_owner.txt.j2", year=year, lines=lines))))
    return posts


def broken_count(snapshot: Snapshot, year: int) -> int:
    """Rows of the year whose last link check found them wanting (for the weekly digest)."""
    return sum(is_broken(i) for i in snapshot.rows(OIT.name, r.OitItem) if i.fiscal_year == year)
