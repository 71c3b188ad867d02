"""Retention of everything in ``attachments/`` beside the closed cases' photos (bot.runtime.complaint_sync).

Timed-out drafts lose their photos at once; any other file that no case, no open draft and no measure's
หลักฐาน names is deleted a day after it was written (a photo sent where nothing took it, a web filing that
failed half way, a temporary file of a crash).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from handlers.casework.photos import cell_references
from handlers.measures.evidence import photo_references
from sheets.workbook import Snapshot
from state.attachments import AttachmentStore
from state.photo_drafts import DraftPhotos

log = logging.getLogger(__name__)
ORPHAN_AGE = timedelta(days=1)


def sweep_attachments(attachments: AttachmentStore, drafts: DraftPhotos, snapshot: Callable[[], Snapshot | None],
                      clock: Callable[[], datetime], age: timedelta = ORPHAN_AGE) -> int:
    """Delete timed-out drafts' photos and day-old files nothing names; how many files went.

    The sheet is read only when such an old file is there (a measure's evidence lives in its cell);
    without a snapshot nothing else is deleted."""
    removed = drafts.expire()
    old = set(attachments.stale(clock() - age))
    if not old:
        return _logged(removed)
    kept = attachments.filed() | {ref for refs in attachments.unfiled().values() for ref in refs}
    candidates = {name for name in old if f"{attachments.folder.name}/{name}" not in kept}
    current = snapshot() if candidates else None
    if current is None:
        return _logged(removed)
    named = sheet_references(current)
    for name in candidates - {ref.partition("/")[2] for ref in named}:
        attachments.discard(name)
        removed += 1
    return _logged(removed)


def sheet_references(snapshot: Snapshot) -> set[str]:
    """The photos the workbook names: measures' evidence lines, and old complaint rows' bare paths."""
    evidence = {ref for measure in snapshot.measures for ref in photo_references(measure.evidence)}
    return evidence | {ref for case in snapshot.complaints for ref in cell_references(case.attachments)}


def _logged(removed: int) -> int:
    if removed:
        log.info("attachments: %d file(s) nobody needs removed", removed)
    return removed
