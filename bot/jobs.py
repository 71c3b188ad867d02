"""Runs the scheduled jobs: once per period, logged in รายงาน, from cron, HTTP or the in-process scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.link_check import check_many
from bot.messenger import Messenger, describe_error
from bot.oit_job import Checker, check_year, write_results
from common.clock import office_zone
from common.thaitext import format_sheet_date
from handlers.conversation.ports import RecordWriter, RowChangeSink
from handlers.conversation.replies import Reply
from handlers.documents import jobs as document_jobs
from handlers.documents.links import DocumentLinks
from handlers.jobs import oit_check
from handlers.jobs.summaries import JOBS, SCHEDULES, JobOutput, be_date
from sheets.schema import JOB_LOG, STATISTICS
from sheets.snapshot import SnapshotCache
from sheets.workbook import Snapshot
from state.store import StateStore
from templates import label

log = logging.getLogger(__name__)
BANGKOK = office_zone()
"""The default office zone; a deployment's own comes from ITA_TIMEZONE (``Config.zone``)."""
JOB_NAMES = (*JOBS, document_jobs.NAME, "complaint-sync", oit_check.NAME)


@dataclass
class RunReport:
    job: str
    period: str
    result: str
    posts: list[tuple[str, Reply]] = field(default_factory=list)
    ran: bool = False
    failed: bool = False


def triggers(zone: ZoneInfo = BANGKOK) -> dict[str, CronTrigger]:
    return {name: CronTrigger(timezone=zone, **fields) for name, fields in SCHEDULES.items()}


def next_runs(now: datetime, zone: ZoneInfo = BANGKOK) -> dict[str, datetime]:
    """When each job fires next after ``now`` (an aware time), in the office's zone."""
    return {name: trigger.get_next_fire_time(None, now.astimezone(zone)) for name, trigger in triggers(zone).items()}


class JobRunner:
    def __init__(self, snapshots: SnapshotCache, messenger: Messenger, state: StateStore,
                 writer: RecordWriter, clock: Callable[[], datetime], sync: Callable[[], int], *,
                 documents: DocumentLinks | None = None, row_changes: RowChangeSink | None = None,
                 checker: Checker | None = None) -> None:
        self.snapshots, self.messenger, self.state = snapshots, messenger, state
        self.writer, self.clock, self.sync = writer, clock, sync
        self.documents, self.row_changes, self.checker = documents, row_changes, checker
        self.jobs: dict[str, Callable[[Snapshot, date], JobOutput]] = {**JOBS, document_jobs.NAME: self._progress}

    def run(self, name: str, day: date | None = None, *, dry_run: bool = False) -> RunReport:
        if name == "complaint-sync":
            return self._sync()
        snapshot = self.snapshots.get()
        if snapshot is None:
            return RunReport(name, "", label("log_failed").format(error="อ่านสมุดงานไม่ได้"))
        if name == oit_check.NAME:
            return self._oit_links(snapshot, day or self.clock().date(), dry_run)
        output = self.jobs[name](snapshot, day or self.clock().date())
        if dry_run:
            return RunReport(name, output.period, label("log_dry"), output.posts)
        if not self.state.claim_job(name, output.period, self.clock()):
            return RunReport(name, output.period, "ทำไปแล้วในช่วงนี้")
        report = self._post(name, output)
        for row in output.rows:
            self.writer.submit(STATISTICS, {key: value for key, value in row.items() if key != "tab"})
        self._log(name, output, report)
        return report

    def _oit_links(self, snapshot: Snapshot, day: date, dry_run: bool) -> RunReport:
        """Claim the period first (the check takes up to a minute), check, queue the verdicts, post and log."""
        name = oit_check.NAME
        period = oit_check.period(day, oit_check.has_pending(snapshot, oit_check.year_to_check(snapshot, day)))
        if not dry_run and not self.state.claim_job(name, period, self.clock()):
            return RunReport(name, period, "ทำไปแล้วในช่วงนี้")
        try:
            run = check_year(snapshot, day, checker=self.checker or check_many, when=self.clock())
        except Exception as error:  # the next trigger of the period checks again
            if not dry_run:
                self.state.release_job(name, period)
            log.warning("job %s: link check failed (%s)", name, type(error).__name__)
            return RunReport(name, period, label("log_failed").format(error=type(error).__name__), failed=True)
        if dry_run:
            return RunReport(name, period, label("log_dry"), run.output.posts)
        if self.row_changes is not None:
            write_results(run, self.row_changes, self.clock())
        report = self._post(name, run.output)
        self._log(name, run.output, report)
        return report

    def _progress(self, snapshot: Snapshot, day: date) -> JobOutput:
        return document_jobs.progress_report(snapshot, day, self.documents)

    def _post(self, name: str, output: JobOutput) -> RunReport:
        pushes = 0
        earlier: dict[str, int] = {}
        for to, message in output.posts:
            seed = f"{name}:{output.period}:{to}" + (f":{earlier[to]}" if to in earlier else "")
            earlier[to] = earlier.get(to, 0) + 1  # a second message to one person is not taken for a retry
            try:
                self.messenger.push(to, [message], retry_key_seed=seed)
                pushes += 1
            except Exception as error:  # a later trigger retries, with the same retry keys
                self.state.release_job(name, output.period)
                log.warning("job %s: push failed (%s)", name, describe_error(error))
                return RunReport(name, output.period, label("log_failed").format(error=describe_error(error)),
                                 output.posts, ran=True, failed=True)
        if output.posts:
            result = label("log_sent").format(messages=pushes, recipients=len({to for to, _ in output.posts}),
                                              pushes=pushes)
        elif output.missing_setting:
            result = label("log_no_group").format(setting=output.missing_setting)
        else:
            result = label("log_nothing")
        log.info("job %s %s: %d pushes", name, output.period, pushes)
        return RunReport(name, output.period, result, output.posts, ran=True)

    def _log(self, name: str, output: JobOutput, report: RunReport) -> None:
        now = self.clock()
        recipients = ", ".join(sorted({_recipient(to) for to, _ in output.posts}))
        self.writer.submit(JOB_LOG, {"เวลา": format_sheet_date(now), "งาน": name, "ช่วงข้อมูล": output.period_label,
                                     "สรุป": output.summary, "ส่งถึง": recipients, "ผล": report.result,
                                     "รหัสรายการ": f"{name}:{output.period}:{now:%Y%m%dT%H%M%S}"
                                                   f"{':failed' if report.failed else ''}"})

    def _sync(self) -> RunReport:
        told = self.sync()
        now = self.clock()
        return RunReport("complaint-sync", f"{be_date(now.date())}T{now:%H:%M}", f"แจ้งผู้ร้อง {told} คน", ran=True)


def _recipient(to: str) -> str:
    """How a recipient appears in the log: a group by kind, people only as a count (no user ids)."""
    return label("line_group") if to.startswith(("C", "R")) else label("people")


class Scheduler:
    """One APScheduler for every office of this process: each office's jobs at its own local time.

    Every instance may run one; the job claims (``claim_job``) keep each job to once per office and period.
    """

    def __init__(self, threads: int = 4) -> None:
        self._scheduler = BackgroundScheduler(timezone=BANGKOK, executors={"default": ThreadPoolExecutor(threads)})
        self._scheduler.start()

    def add_office(self, office: str, runner: JobRunner, zone: ZoneInfo = BANGKOK) -> None:
        for name, trigger in triggers(zone).items():
            self._scheduler.add_job(runner.run, trigger, args=[name], id=f"{office}:{name}", max_instances=1,
                                    coalesce=True, misfire_grace_time=3600, replace_existing=True)

    def remove_office(self, office: str) -> None:
        for job in self._scheduler.get_jobs():
            if job.id.startswith(f"{office}:"):
                job.remove()

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._scheduler.get_jobs())

    def stop(self) -> None:
        self._scheduler.shutdown(wait=False)
