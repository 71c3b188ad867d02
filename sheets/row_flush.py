"""Applies queued row changes (state.row_changes) to the workbook in batches, exactly once per change id.

Per batch of one tab: one read of the tab and one write of all chosen cells (``update_cells``), then one
history row per written change is queued in the outbox under the change id (INSERT OR IGNORE), and only
then the changes are marked done. A SIGKILL after the cell write replays the batch: the cells already
hold the new values, so nothing is written again, and the history row is queued once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sheets.backend import PermanentError, WorkbookBackend
from sheets.row_update import Plan, plan_changes
from sheets.schema import HISTORY, TABS_BY_NAME
from state.outbox import Entry, OutboxStore
from state.row_changes import UPDATE_PREFIX, CellChange, Conflict, RowChange, decode

log = logging.getLogger(__name__)

ConflictHandler = Callable[[Conflict], None]
AppliedHandler = Callable[[RowChange], None]
"""Told each change once it is in the sheet (again after a crash replays it: pushes carry a retry key)."""


def history_row(change: RowChange, now: datetime) -> dict[str, str]:
    """The ``ประวัติการดำเนินการ`` row of one written change."""
    return {"เวลา": change.at or now.strftime("%d/%m/") + str(now.year + 543) + now.strftime(" %H:%M"),
            "แท็บ": change.tab, "รหัส": change.key, "การดำเนินการ": change.action,
            "ค่าเดิม": _values(change.cells, old=True), "ค่าใหม่": _values(change.cells, old=False),
            "โดย": change.by, "บันทึก": change.note, "รหัสรายการ": change.change_id}


def _values(cells: Sequence[CellChange], *, old: bool) -> str:
    if len(cells) == 1:
        return cells[0].old if old else cells[0].new
    return "\n".join(f"{cell.header}: {cell.old if old else cell.new}" for cell in cells)


class RowChangeBatch:
    """One claimed batch of changes to one tab; the caller (``Flusher``) defers it on a BackendError."""

    def __init__(self, outbox: OutboxStore, clock: Callable[[], datetime], on_conflict: ConflictHandler | None,
                 on_applied: AppliedHandler | None = None) -> None:
        self.outbox = outbox
        self.clock = clock
        self.on_conflict = on_conflict
        self.on_applied = on_applied

    def apply(self, backend: WorkbookBackend, entries: list[Entry]) -> Plan:
        """Write the batch's cells (BackendError propagates, nothing is marked), log history, mark done."""
        changes = [decode(entry) for entry in entries]
        tab = TABS_BY_NAME.get(entries[0].tab[len(UPDATE_PREFIX):])
        if tab is None:
            raise PermanentError(f"ไม่มีแท็บ '{entries[0].tab[len(UPDATE_PREFIX):]}' ในสัญญาสมุดงาน")
        self.outbox.mark_attempt(entries)
        plan = backend.update_cells(tab, lambda table: plan_changes(table, changes))
        now = self.clock()
        for change in plan.applied:
            self.outbox.put(HISTORY.name, change.change_id, history_row(change, now), now)
        for conflict in plan.conflicts:
            self._tell(conflict)
        self.outbox.mark_done(entries, now)
        for change in plan.applied:
            self._applied(change)
        return plan

    def _applied(self, change: RowChange) -> None:
        if self.on_applied is None:
            return
        try:
            self.on_applied(change)
        except Exception:  # the sheet and history are right; only a courtesy push is lost
            log.exception("notice after a row change failed")

    def _tell(self, conflict: Conflict) -> None:
        log.info("row change not written: %s", conflict.reason)
        if self.on_conflict is None:
            return
        try:
            self.on_conflict(conflict)
        except Exception:  # the sheet stays right; only the person's notice is lost
            log.exception("conflict notice failed")

