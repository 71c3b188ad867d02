"""Runs the `oit-links` job: read the snapshot, check the year's links, queue the verdicts, tell the owners."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.link_check import Link, check_many
from handlers.conversation.ports import RowChangeSink
from handlers.jobs import oit_check
from handlers.jobs.summaries import JobOutput
from handlers.oit.links import Verdict
from sheets import records as r
from sheets.workbook import Snapshot

Checker = Callable[[Sequence[Link]], list[Verdict]]


@dataclass(frozen=True)
class OitRun:
    year: int
    items: tuple[r.OitItem, ...]
    verdicts: tuple[Verdict, ...]
    output: JobOutput


def check_year(snapshot: Snapshot, day: date, year: int | None = None, checker: Checker = check_many,
               when: datetime | None = None) -> OitRun:
    """Check every link of the year against the office's ``website``; nothing is written yet. ``when`` is the time
    the results will carry (a check on a new day counts one more day of an unreachable site)."""
    chosen = oit_check.year_to_check(snapshot, day, year)
    items = tuple(oit_check.items_to_check(snapshot, chosen))
    website = snapshot.settings.get("website", "")
    verdicts = tuple(checker([Link(i.link, i.fiscal_year, website) for i in items])) if items else ()
    return OitRun(chosen, items, verdicts, oit_check.job_output(snapshot, chosen, items, verdicts, day, when))


def write_results(run: OitRun, sink: RowChangeSink, when: datetime) -> int:
    """Queue ``ผลตรวจลิงก์`` and ``ตรวจเมื่อ`` of every checked row; how many were queued."""
    return sum(sink.submit(change) for change in oit_check.result_changes(run.items, run.verdicts, when))
