"""Scheduled jobs as plain functions: a snapshot and a day in, the messages and sheet rows out (DESIGN §6)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from common.thaitext import MONTHS_SHORT, fiscal_year_bounds, fiscal_year_of, format_thai_date
from handlers.complaints.desk import CLOSED as CASE_CLOSED
from handlers.complaints.statistics import Tally, average_rating, case_tally, complaint_counts
from handlers.conversation.replies import Flex, QuickReply, Reply
from handlers.ita.rules import year_result, years_with_scores
from handlers.measures.staleness import CLOSED as MEASURE_CLOSED
from handlers.measures.staleness import STALE_DAYS, stale_by_unit
from handlers.oit.standing import NEEDS_FIX, PENDING, PUBLISHED, standing, tally
from sheets import records as r
from sheets.schema import STATISTICS
from sheets.workbook import Snapshot
from templates import label, render, render_json


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    empty: str = ""


@dataclass
class JobOutput:
    period: str
    period_label: str
    posts: list[tuple[str, Reply]] = field(default_factory=list)
    summary: str = ""
    missing_setting: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)


MAX_SECTION_LINES = 15
"""Lines a report section shows; the rest are counted (a bubble holds 30 KB, a chat screen much less)."""


MAX_BUTTONS = 10
"""Buttons under a report (one per measure of a reminder); the rest are reached by typing the command."""
JOB_BUTTONS = {"weekly-digest": ("staff_score", "measures", "oit"), "measure-reminders": ("measures",),
               "complaint-deadlines": ("complaint_summary",), "oit-monthly": ("oit",),
               "complaint-statistics": ("complaint_summary",)}
"""What a reader of each job's message will want next; เมนู ends every row."""


def report(job: str, subtitle: str, sections: Sequence[Section], colour: str = "#1E4E79",
           buttons: Sequence[tuple[str, str]] = ()) -> Reply:
    """A report card; ``buttons`` are (label, text to send) pairs shown in its footer, quick replies under it."""
    shown = [_summarised(section) for section in sections]
    values = {"title": label(f"job_{job}"), "subtitle": subtitle, "sections": shown, "colour": colour,
              "buttons": list(buttons)[:MAX_BUTTONS]}
    quick = tuple(QuickReply(label(key), text=label(key)) for key in (*JOB_BUTTONS.get(job, ()), "menu"))
    return Flex(render("report.txt.j2", **values)[:1500], render_json("report.json.j2", **values), quick)


def _summarised(section: Section) -> Section:
    """At most MAX_SECTION_LINES lines, the last saying how many more; never an empty text (LINE refuses it)."""
    lines = section.lines
    if len(lines) > MAX_SECTION_LINES:
        more = label("more_lines").format(count=len(lines) - MAX_SECTION_LINES + 1)
        lines = (*lines[:MAX_SECTION_LINES - 1], more)
    return Section(section.heading, lines, section.empty or label("none_cases"))


def _current_year(snapshot: Snapshot, today: date) -> int:
    text = snapshot.settings.get("current_fiscal_year", "")
    return int(text) if text.isdecimal() else fiscal_year_of(today)


def _open_measures(snapshot: Snapshot, today: date) -> list[r.Measure]:
    year = _current_year(snapshot, today)
    return [m for m in snapshot.measures if m.fiscal_year == year and m.status not in MEASURE_CLOSED and m.end]


def _by_unit(measures: Sequence[r.Measure]) -> tuple[str, ...]:
    units: dict[str, list[str]] = defaultdict(list)
    for measure in measures:
        units[measure.owner or "ไม่ระบุ"].append(measure.code)
    return tuple(label("unit_line").format(unit=unit, count=len(codes), codes=", ".join(codes))
                 for unit, codes in sorted(units.items()))


def _ita_section(snapshot: Snapshot) -> Section:
    years = years_with_scores(snapshot.scores)
    if not years:
        return Section(label("sec_ita"), (), label("no_ita"))
    result = year_result(years[0], snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), snapshot.rows("ผลประเมิน", r.Result))
    overall = f"{result.overall:.2f}" if result.overall is not None else "-"
    return Section(label("sec_ita"), (label("ita_line").format(year=years[0], overall=overall,
                                                               level=result.level or "-"),))


def _oit_counts(snapshot: Snapshot, today: date) -> tuple[list[r.OitItem], list[r.OitItem]]:
    items = snapshot.rows("OIT", r.OitItem)
    year = _current_year(snapshot, today)
    if items and not any(i.fiscal_year == year for i in items):
        year = max(i.fiscal_year for i in items)
    this_year = [i for i in items if i.fiscal_year == year]
    return this_year, sorted((i for i in this_year if standing(i).state != PUBLISHED), key=lambda i: i.due or date.max)


def _oit_lines(oit: Sequence[r.OitItem], missing: Sequence[r.OitItem]) -> tuple[str, ...]:
    """Published x/y, and of the missing ones how many need fixing or wait for a check (handlers.oit.standing)."""
    if not oit:
        return ()
    counts = tally(oit)
    line = label("oit_line").format(published=counts[PUBLISHED], total=len(oit), missing=len(missing))
    return (line, *oit_state_lines(counts))


def oit_state_lines(counts: dict[str, int]) -> tuple[str, ...]:
    """ต้องแก้ไข and รอตรวจ counts under "เผยแพร่แล้ว x/y", when there are any (the oit-links job says the same)."""
    lines = (label("oit_broken_line").format(count=counts[NEEDS_FIX]),) if counts[NEEDS_FIX] else ()
    return lines + ((label("oit_pending_line").format(count=counts[PENDING]),) if counts[PENDING] else ())


def _complaint_counts(snapshot: Snapshot) -> tuple[str, ...]:
    counts, _ = complaint_counts(snapshot.complaints, date.min)
    return tuple(label("status_line").format(status=s, count=n) for s, n in counts.items())


def be_date(day: date) -> str:
    """A period tag in the Buddhist era, as every date the admin sees: 2569-11-24."""
    return f"{day.year + 543}-{day:%m-%d}"


def weekly_digest(snapshot: Snapshot, today: date) -> JobOutput:
    year, week, weekday = today.isocalendar()
    monday = today - timedelta(days=weekday - 1)
    subtitle = label("week_of").format(week=week, start=format_thai_date(monday),
                                       end=format_thai_date(monday + timedelta(days=6)))
    measures = _open_measures(snapshot, today)
    overdue = [m for m in measures if m.end and m.end < today]
    soon = [m for m in measures if m.end and today <= m.end <= today + timedelta(days=7)]
    oit, missing = _oit_counts(snapshot, today)
    sections = [
        _ita_section(snapshot),
        Section(label("sec_overdue"), _by_unit(overdue), label("none_overdue")),
        Section(label("sec_due_soon"), _by_unit(soon), label("none_due")),
        Section(label("sec_stale").format(days=STALE_DAYS), _stale_lines(snapshot, today),
                label("none_stale").format(days=STALE_DAYS)),
        Section(label("sec_oit"), _oit_lines(oit, missing), label("none_oit")),
        Section(label("sec_complaints"), _complaint_counts(snapshot), label("no_complaints")),
    ]
    output = JobOutput(f"{year + 543}-W{week:02d}", subtitle,
                       summary=f"เกินกำหนด {len(overdue)} · ครบกำหนดใน 7 วัน {len(soon)} · OIT ขาด {len(missing)} · "
                               f"เรื่องร้องเรียน {len(snapshot.complaints)}")
    _to_group(output, snapshot, "staff_group_id", report("weekly-digest", subtitle, sections))
    return output


def _stale_lines(snapshot: Snapshot, today: date) -> tuple[str, ...]:
    year = _current_year(snapshot, today)
    stale = stale_by_unit([m for m in snapshot.measures if m.fiscal_year == year], today)
    return tuple(label("unit_line").format(unit=unit, count=len(codes), codes=", ".join(codes))
                 for unit, codes in stale.items())


def _reminder_lines(measures: Sequence[r.Measure], today: date) -> tuple[str, ...]:
    """One line a measure, the longest overdue first; an overdue one says by how many days."""
    lines = []
    for m in sorted(measures, key=lambda m: m.end or today):
        if m.end and m.end < today:
            lines.append(label("measure_overdue_line").format(code=m.code, title=m.title, end=format_thai_date(m.end),
                                                              days=(today - m.end).days))
        elif m.end:
            lines.append(label("measure_line").format(code=m.code, title=m.title, end=format_thai_date(m.end)))
    return tuple(lines)


def measure_reminders(snapshot: Snapshot, today: date) -> JobOutput:
    subtitle = label("day_of").format(day=format_thai_date(today))
    due = [m for m in _open_measures(snapshot, today) if m.end and m.end <= today + timedelta(days=7)]
    output = JobOutput(be_date(today), subtitle, summary=f"มาตรการต้องเตือน {len(due)} รายการ")
    by_unit: dict[str, list[r.Measure]] = defaultdict(list)
    for measure in due:
        by_unit[measure.owner or ""].append(measure)
    for unit, measures in sorted(by_unit.items()):
        overdue = [m for m in measures if m.end and m.end < today]
        soon = [m for m in measures if m not in overdue]
        sections = [Section(label(heading), _reminder_lines(group, today))
                    for heading, group in (("sec_unit_overdue", overdue), ("sec_due_soon", soon)) if group]
        ordered = sorted(overdue, key=lambda m: m.end or today) + sorted(soon, key=lambda m: m.end or today)
        buttons = [(f"อัปเดต {m.code}"[:20], f"อัปเดต {m.code}") for m in ordered]
        message = report("measure-reminders", f"{unit or 'ไม่ระบุหน่วยงาน'} · {subtitle}", sections, "#7B3F00",
                         buttons)
        staff = [s.line_user_id for s in snapshot.staff if s.status == "อนุมัติ" and s.unit == unit and s.line_user_id]
        if staff:
            output.posts += [(user_id, message) for user_id in staff]
        else:
            _to_group(output, snapshot, "staff_group_id", message)
    return output


def complaint_deadlines(snapshot: Snapshot, today: date) -> JobOutput:
    subtitle = label("day_of").format(day=format_thai_date(today))
    open_cases = [c for c in snapshot.complaints if c.status not in CASE_CLOSED and c.due]
    late = [c for c in open_cases if c.due and c.due < today]
    soon = [c for c in open_cases if c.due and today <= c.due <= today + timedelta(days=3)]

    def lines(cases: list[r.Complaint]) -> tuple[str, ...]:
        return tuple(label("case_line").format(case_no=c.case_no, category=c.category or "",
                                               due=format_thai_date(c.due))
                     for c in sorted(cases, key=lambda c: c.due or today) if c.due)

    output = JobOutput(be_date(today), subtitle, summary=f"ใกล้ครบกำหนด {len(soon)} · เกินกำหนด {len(late)}")
    if late or soon:
        sections = [Section(label("sec_late_cases"), lines(late), label("none_cases")),
                    Section(label("sec_due_cases"), lines(soon), label("none_cases"))]
        _to_group(output, snapshot, "officer_group_id", report("complaint-deadlines", subtitle, sections, "#C0392B"))
    return output


def oit_monthly(snapshot: Snapshot, today: date) -> JobOutput:
    subtitle = label("month_of").format(month=f"{MONTHS_SHORT[today.month - 1]} {today.year + 543}")
    oit, missing = _oit_counts(snapshot, today)
    lines = tuple(label("oit_item").format(item=i.item.upper(), title=i.title, owner=i.owner or "-",
                                           status=standing(i).text, due=format_thai_date(i.due) if i.due else "-")
                  for i in missing)
    sections = [Section(label("sec_oit"), _oit_lines(oit, missing), label("none_oit")),
                Section(label("sec_oit_missing"), lines, label("none_oit_missing"))]
    output = JobOutput(be_date(today)[:7], subtitle, summary=f"OIT เผยแพร่ {len(oit) - len(missing)}/{len(oit)}")
    _to_group(output, snapshot, "staff_group_id", report("oit-monthly", subtitle, sections, "#1B5E20"))
    return output


def complaint_statistics(snapshot: Snapshot, today: date) -> JobOutput:
    """Received / finished / in progress by month, from the start of the fiscal year to the last quarter end; the
    cases their complainants withdrew counted apart (ถอนเรื่อง), never as finished."""
    quarter_end = _last_quarter_end(today)
    year = fiscal_year_of(quarter_end)
    start, _ = fiscal_year_bounds(year)
    quarter = (quarter_end.month - 10) % 12 // 3 + 1
    subtitle = label("quarter_of").format(year=year, start=format_thai_date(start), end=format_thai_date(quarter_end))
    months = _months(start, quarter_end)
    cases = [c for c in snapshot.complaints if start <= c.received.date() <= quarter_end]
    output = JobOutput(f"{year}-Q{quarter}", subtitle)
    lines = []
    for first in months:
        counted = case_tally(c for c in cases if (c.received.year, c.received.month) == (first.year, first.month))
        name = f"{MONTHS_SHORT[first.month - 1]} {first.year + 543}"
        line = label("month_line").format(month=name, received=counted.received, finished=counted.finished,
                                          in_progress=counted.in_progress)
        lines.append(line + _withdrawn(counted, "month_withdrawn"))
        output.rows.append(_statistics_row(year, output.period, name, counted))
    total = case_tally(cases)
    output.rows.append(_statistics_row(year, output.period, label("total_label"), total))
    totals: tuple[str, ...] = (label("total_line").format(received=total.received, finished=total.finished,
                                                          in_progress=total.in_progress)
                               + _withdrawn(total, "total_withdrawn"),)
    rating = average_rating(cases)
    if rating:
        totals += (label("rating_line").format(average=rating[0], rated=rating[1]),)
    sections = [Section(label("sec_totals"), totals if cases else (), label("no_complaints")),
                Section(label("sec_by_month"), tuple(lines))]
    output.summary = (f"รับ {total.received} · เสร็จ {total.finished} · ระหว่างดำเนินการ {total.in_progress}"
                      + (f" · ถอนเรื่อง {total.withdrawn}" if total.withdrawn else ""))
    _to_group(output, snapshot, "staff_group_id", report("complaint-statistics", subtitle, sections))
    return output


def _last_quarter_end(today: date) -> date:
    for year, month, day in ((today.year, 12, 31), (today.year, 9, 30), (today.year, 6, 30), (today.year, 3, 31),
                             (today.year - 1, 12, 31)):
        if date(year, month, day) < today:
            return date(year, month, day)
    raise AssertionError("unreachable")


def _months(start: date, end: date) -> list[date]:
    months, current = [], start
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _withdrawn(counted: Tally, key: str) -> str:
    """The withdrawn figure after a line, when there is one (never hidden inside finished)."""
    return label(key).format(withdrawn=counted.withdrawn) if counted.withdrawn else ""


def _statistics_row(year: int, period: str, month: str, counted: Tally) -> dict[str, Any]:
    """One row of สถิติเรื่องร้องเรียน: รับเรื่อง = แล้วเสร็จ + อยู่ระหว่างดำเนินการ + ถอนเรื่อง."""
    return {"ปีงบประมาณ": str(year), "ช่วงรายงาน": period, "เดือน": month, "รับเรื่อง": str(counted.received),
            "ดำเนินการแล้วเสร็จ": str(counted.finished), "อยู่ระหว่างดำเนินการ": str(counted.in_progress),
            "ถอนเรื่อง": str(counted.withdrawn),
            "รหัสรายการ": f"{period}:{month}", "tab": STATISTICS}


def describe_recipient(snapshot: Snapshot | None, to: str) -> str:
    """Who a job's message goes to, as an admin reads it: the group and its setting, or the person and unit."""
    settings = snapshot.settings if snapshot else {}
    for setting, name in (("staff_group_id", "staff_group"), ("officer_group_id", "officer_group")):
        if to and settings.get(setting) == to:
            return f"{label(name)} ({setting} = {to})"
    member = next((m for m in snapshot.staff if m.line_user_id == to), None) if snapshot else None
    if member is not None:
        return f"{member.name} · {member.unit or 'ไม่ระบุหน่วยงาน'} (LINE ส่วนตัว)"
    return to


def _to_group(output: JobOutput, snapshot: Snapshot, setting: str, message: Reply) -> None:
    group = snapshot.settings.get(setting, "")
    if group:
        output.posts.append((group, message))
    else:
        output.missing_setting = setting


JOBS: dict[str, Callable[[Snapshot, date], JobOutput]] = {
    "weekly-digest": weekly_digest,
    "measure-reminders": measure_reminders,
    "complaint-deadlines": complaint_deadlines,
    "oit-monthly": oit_monthly,
    "complaint-statistics": complaint_statistics,
}
# When each runs, Asia/Bangkok (APScheduler cron fields). complaint-sync is not a period job.
SCHEDULES: dict[str, dict[str, str]] = {
    "weekly-digest": {"day_of_week": "mon", "hour": "8", "minute": "30"},
    "measure-reminders": {"hour": "8", "minute": "0"},
    "complaint-deadlines": {"hour": "8", "minute": "0"},
    "oit-monthly": {"day": "1", "hour": "8", "minute": "0"},
    "complaint-statistics": {"month": "1,4,7,10", "day": "1", "hour": "8", "minute": "15"},
    "complaint-sync": {"minute": "*/5"},
    "oit-links": {"hour": "6", "minute": "30"},  # handlers.jobs.oit_check: once a week, daily Feb–Jun
    "progress-report": {"month": "4,10", "day": "1", "hour": "8", "minute": "45"},  # handlers.documents.jobs
}
