"""The office's list of units: the ``units`` setting, else the units its measures and OIT items name."""

from __future__ import annotations

import re

from common.thaitext import compact
from sheets import records as r
from sheets.schema import UNITS_SETTING
from sheets.workbook import Snapshot

SETTING = UNITS_SETTING[0]
_SEPARATORS = re.compile(r"[,;\n،、]+")


def listed_units(snapshot: Snapshot) -> list[str]:
    """The units an admin listed in ``ตั้งค่า`` (``units``: names separated by commas or new lines), in order."""
    names = (" ".join(name.split()) for name in _SEPARATORS.split(snapshot.settings.get(SETTING, "")))
    return list(dict.fromkeys(name for name in names if name))


def office_units(snapshot: Snapshot) -> list[str]:
    """The listed units; without a list, every unit named as ผู้รับผิดชอบ of a measure or an OIT item."""
    listed = listed_units(snapshot)
    if listed:
        return listed
    owners = {m.owner for m in snapshot.measures if m.owner} | {
        i.owner for i in snapshot.rows("OIT", r.OitItem) if i.owner}
    return sorted(" ".join(owner.split()) for owner in owners)


def is_listed(unit: str, units: list[str]) -> bool:
    """``unit`` is one of ``units``, whatever its spacing, case or digits."""
    wanted = compact(unit)
    return any(compact(name) == wanted for name in units)
