"""The `oit-links` job around the link rules: which rows to check, what to write back, whom to tell (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from common.thaitext import fiscal_year_of, format_thai_date, normalize_input
from handlers.conversation.replies import QuickReply, Text
from handlers.jobs.summaries import JobOutput, Section, be_date, oit_state_lines, report
from handlers.oit.links import CHECKED, RESULT, Verdict, checked_text
from handlers.oit.standing import (
    NEEDS_FIX,
    PENDING,
    PUBLISHED,
    UNREACHABLE_DAYS,
    after_check,
    standing,
    tally,
    unanswered,
)
from sheets import records as r
from sheets.schema import OIT
from sheets.workbook import Snapshot
from state.row_changes import CellChange, RowChange, change_id
from templates import label, render

NAME = "oit-links"
DAILY_MONTHS = (2, 3, 4, 5, 6)
"""Registration ends, OIT is answered, scored and clarified (Feb–mid Jun): links are checked daily then."""


def period(today: date, pending: bool = False) -> str:
    """One run per ISO week, or per day in the OIT months and while a handed-in link waits (รอตรวจ)."""
    if today.month in DAILY_MONTHS or pending:
        return be_date(today)
    year, week, _ = today.isocalendar()
    return f"{year + 543}-W{week:02d}"


def has_pending(snapshot: Snapshot, year: int) -> bool:
    """Whether a link of the year was handed in while its site could not be reached and waits for a check."""
    return any(standing(i).state == PENDING for i in snapshot.rows(OIT.name, r.OitItem) if i.fiscal_year == year)


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
    """One keyed change per checked row: what it records (handlers.oit.standing) and the time, scoped to the row's
    fiscal year; a handed-in link that waited (รอตรวจ) and passed is published too."""
    at = checked_text(when)
    changes = []
    for item, verdict in zip(items, verdicts, strict=True):
        after = after_check(item, verdict, when)
        cells = [CellChange(RESULT, item.link_check or "", after.link_check or ""),
                 CellChange(CHECKED, item.checked_at or "", at)]
        if after.status != item.status:
            cells.append(CellChange("สถานะ", item.status or "", after.status or ""))
        changes.append(RowChange(OIT.name, "ข้อ", item.item, tuple(cells),
                                 change_id(NAME, str(item.fiscal_year), item.item, at), action="ตรวจลิงก์",
                                 by="ita-bot", at=at, also=_pinned(item)))
    return changes


def _pinned(item: r.OitItem) -> tuple[tuple[str, str], ...]:
    """The row of the item's year, and only while it still holds the checked link (one handed in meanwhile wins)."""
    year = (("ปีงบประมาณ", str(item.fiscal_year)),)
    return (*year, ("ลิงก์", item.link)) if item.link else year


def _line(item: r.OitItem) -> str:
    """One item to fix and why (its heading already says ต้องแก้ไข)."""
    shown = standing(item)
    return label("oit_link_item").format(item=item.item.upper(), title=item.title, owner=item.owner or "-",
                                         verdict=shown.reason or item.status or shown.state)


def job_output(snapshot: Snapshot, year: int, items: Sequence[r.OitItem], verdicts: Sequence[Verdict],
               today: date, when: datetime | None = None) -> JobOutput:
    """The staff group's summary, to each owner unit's approved staff their items to fix, and to whoever handed in a
    waiting link its result. Counts are the public ones (``tally``) of the year as the sheet will hold it."""
    when = when or datetime.combine(today, datetime.min.time())
    after = {i.row: after_check(i, v, when) for i, v in zip(items, verdicts, strict=True)}
    year_items = year_after(snapshot, year, items, verdicts, when)
    counts = tally(year_items)
    to_fix = [after[i.row] for i in items if standing(after[i.row]).state == NEEDS_FIX]
    unreached = sum(not v.answered for v in verdicts)
    subtitle = f"ปีงบประมาณ {year} · {format_thai_date(today)}"
    lines = _report_lines(verdicts, counts, len(year_items))
    sections = [Section(label("sec_oit_links"), lines if items else (), label("none_oit_links")),
                Section(label("sec_oit_broken"), tuple(_line(i) for i in to_fix), label("none_oit_broken"))]
    output = JobOutput(period(today, any(standing(i).state == PENDING for i in items)), subtitle,
                       summary=f"ลิงก์ OIT ปี {year} เผยแพร่แล้ว {counts[PUBLISHED]}/{len(year_items)} "
                               f"ต้องแก้ไข {counts[NEEDS_FIX]} ตรวจไม่ได้ {unreached}")
    group = snapshot.settings.get("staff_group_id", "")
    if group:
        output.posts.append((group, report(NAME, subtitle, sections, "#1B5E20")))
    else:
        output.missing_setting = "staff_group_id"
    output.posts.extend(owner_posts(snapshot, year, [i for i in to_fix if standing(i).reason]))  # the check's finds
    output.posts.extend(sender_posts(snapshot, items, [after[i.row] for i in items]))
    return output


def _report_lines(verdicts: Sequence[Verdict], counts: dict[str, int], total: int) -> tuple[str, ...]:
    """This run's verdicts, the year's public count, and why links that could not be checked change nothing yet."""
    unreached = sum(not v.answered for v in verdicts)
    return (label("oit_links_line").format(total=len(verdicts), good=sum(v.good for v in verdicts),
                                           failed=sum(v.answered and not v.good for v in verdicts),
                                           unreached=unreached),
            label("oit_line").format(published=counts[PUBLISHED], total=total, missing=total - counts[PUBLISHED]),
            *oit_state_lines(counts),
            *((label("oit_unreached_line").format(count=unreached, days=UNREACHABLE_DAYS),) if unreached else ()))


def year_after(snapshot: Snapshot, year: int, items: Sequence[r.OitItem], verdicts: Sequence[Verdict],
               when: datetime) -> list[r.OitItem]:
    """Every OIT item of the year as the sheet will hold it once the check's results are written."""
    after = {i.row: after_check(i, v, when) for i, v in zip(items, verdicts, strict=True)}
    return [after.get(i.row, i) for i in snapshot.rows(OIT.name, r.OitItem) if i.fiscal_year == year]


def owner_posts(snapshot: Snapshot, year: int, to_fix: Sequence[r.OitItem]) -> list[tuple[str, Text]]:
    """A private message to each approved staff member of a unit that owns an item to fix."""
    by_unit: dict[str, list[str]] = defaultdict(list)
    for item in to_fix:
        by_unit[normalize_input(item.owner or "")].append(_line(item))
    posts = []
    for member in snapshot.staff:
        lines = by_unit.get(normalize_input(member.unit or ""))
        if lines and member.status == "อนุมัติ" and member.line_user_id and member.unit:
            posts.append((member.line_user_id, Text(render("oit_links_owner.txt.j2", year=year, lines=lines))))
    return posts


def sender_posts(snapshot: Snapshot, before: Sequence[r.OitItem], after: Sequence[r.OitItem]) -> list[tuple[str, Text]]:
    """To whoever handed in a link that waited (รอตรวจ): its result, once the site answered or gave up answering."""
    posts = []
    for old, new in zip(before, after, strict=True):
        waiting = unanswered(old.link_check)
        state = standing(new)
        if waiting is None or standing(old).state != PENDING or state.state == PENDING:
            continue  # told once: when the link stops waiting
        text = Text(render("oit_link_result.txt.j2", item=new, state=state, command=f"ส่งลิงก์ {new.item.upper()}"),
                    (QuickReply(label("oit"), text=label("oit")),))
        posts += [(to, text) for to in _senders(snapshot, waiting.by, new.owner)]
    return posts


def _senders(snapshot: Snapshot, name: str, unit: str | None) -> list[str]:
    """The approved staff member of that name; when none is left, the owner unit's approved staff."""
    approved = [m for m in snapshot.staff if m.status == "อนุมัติ" and m.line_user_id]
    named = [m for m in approved if name and normalize_input(m.name) == normalize_input(name)]
    chosen = named or [m for m in approved if unit and normalize_input(m.unit or "") == normalize_input(unit)]
    return [m.line_user_id for m in chosen if m.line_user_id]

