"""Moves outbox records into the workbook in batches per tab, exactly once per record id."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sheets.backend import AmbiguousWriteError, BackendError, WorkbookBackend
from sheets.budget import SheetsBudget
from sheets.row_flush import AppliedHandler, ConflictHandler, RowChangeBatch
from sheets.schema import TABS_BY_NAME
from state.outbox import Entry, OutboxStore
from state.row_changes import Conflict, is_update_tab

log = logging.getLogger(__name__)


@dataclass
class FlushReport:
    written: int = 0
    already_there: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    """Row changes not written because the sheet no longer held what the person saw."""


class Flusher:
    """One ``flush_once`` writes at most ``batch_size`` records per tab in one append request.

    Failed batches wait with capped exponential backoff and full jitter. Records that were sent
    before (``attempts > 0``: a timeout, a lost response, a crash mid-request) are first looked up
    by record id, so a retry never duplicates a row.
    """

    def __init__(self, outbox: OutboxStore, backend: WorkbookBackend, clock: Callable[[], datetime], *,
                 batch_size: int = 100, base_delay: float = 2.0, max_delay: float = 300.0,
                 rng: random.Random | None = None, on_conflict: ConflictHandler | None = None,
                 after_write: Callable[[], None] | None = None, on_applied: AppliedHandler | None = None,
                 budget: SheetsBudget | None = None) -> None:
        self.outbox = outbox
        self.backend = backend
        self.clock = clock
        self.batch_size = batch_size
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.rng = rng or random.Random()
        self.row_changes = RowChangeBatch(outbox, clock, on_conflict, on_applied)
        self.after_write = after_write
        """Called after row changes (cells or notes) and their history rows landed: the snapshot cache expires."""
        self.budget = budget
        """The service account's budget: a batch waits in the outbox while this minute has no room for it."""

    def flush_once(self, *, retry_now: bool = False) -> FlushReport:
        """One batch per tab; ``retry_now`` also takes batches still waiting out their backoff."""
        report = FlushReport()
        tabs = self.outbox.tabs_due(self.clock(), waiting_too=retry_now)
        for tab_name in [name for name in tabs if is_update_tab(name)]:  # first: they queue history rows
            if not self._room():
                return report
            entries = self.outbox.due(tab_name, self.clock(), self.batch_size, waiting_too=retry_now)
            if entries:
                self._flush_changes(entries, report)
        applied = report.written  # row changes written (or found written) in this pass
        for tab_name in self.outbox.tabs_due(self.clock(), waiting_too=retry_now):
            if is_update_tab(tab_name):
                continue
            if not self._room():
                break
            entries = self.outbox.due(tab_name, self.clock(), self.batch_size, waiting_too=retry_now)
            if entries:
                self._flush_batch(tab_name, entries, report)
        if applied and self.after_write:  # after their history rows, so the next card shows both
            self.after_write()
        return report

    def _room(self) -> bool:
        """A batch costs a read (the tab, or the ids after a failure) and a write; both must fit this minute."""
        return self.budget is None or (self.budget.room("read") >= 2 and self.budget.room("write") >= 1)

    def drain(self, max_rounds: int = 1000, *, retry_now: bool = False) -> FlushReport:
        """Flush until nothing more can be written now; for the CLI and tests."""
        total = FlushReport()
        for _ in range(max_rounds):
            report = self.flush_once(retry_now=retry_now)
            total.written += report.written
            total.already_there += report.already_there
            total.failed += report.failed
            total.errors += report.errors
            total.conflicts += report.conflicts
            if not report.written and not report.already_there and not (retry_now and report.failed):
                break
        return total

    def _flush_batch(self, tab_name: str, entries: list[Entry], report: FlushReport) -> None:
        tab = TABS_BY_NAME[tab_name]
        try:
            if any(entry.attempts for entry in entries):
                entries = self._skip_landed(entries, report)
                if not entries:
                    return
            self.outbox.mark_attempt(entries)
            self.backend.append(tab, [entry.row for entry in entries])
        except BackendError as error:
            self._defer(entries, error, report)
            return
        self.outbox.mark_done(entries, self.clock())
        report.written += len(entries)

    def _flush_changes(self, entries: list[Entry], report: FlushReport) -> None:
        try:
            plan = self.row_changes.apply(self.backend, entries)
        except BackendError as error:
            self._defer(entries, error, report)
            return
        report.written += len(plan.applied)
        report.conflicts += plan.conflicts

    def _skip_landed(self, entries: list[Entry], report: FlushReport) -> list[Entry]:
        tab = TABS_BY_NAME[entries[0].tab]
        landed_ids = self.backend.existing_keys(tab)
        landed = [entry for entry in entries if entry.record_id in landed_ids]
        if landed:
            self.outbox.mark_done(landed, self.clock())
            report.already_there += len(landed)
        return [entry for entry in entries if entry.record_id not in landed_ids]

    def _defer(self, entries: list[Entry], error: BackendError, report: FlushReport) -> None:
        attempts = max(entry.attempts for entry in entries) + 1
        delay = self.rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** min(attempts, 20)))
        until = self.clock() + timedelta(seconds=delay)
        kind = "ambiguous" if isinstance(error, AmbiguousWriteError) else type(error).__name__
        self.outbox.defer(entries, until, kind)
        report.failed += len(entries)
        report.errors.append(f"{entries[0].tab}: {error}")
        log.warning("outbox batch of %d for one tab deferred %.1fs (%s)", len(entries), delay, kind)
