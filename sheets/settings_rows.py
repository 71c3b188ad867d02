"""The ตั้งค่า rows `sheet init` adds (keys with a description, the value left to the admin); keeps all others."""

from __future__ import annotations

from sheets.backend import WorkbookBackend
from sheets.schema import CONTACT_SETTINGS, DOCUMENT_SETTINGS, SETTINGS, UNITS_SETTING


def add_missing_settings(backend: WorkbookBackend, present: set[str]) -> list[str]:
    """Append a row for every document, contact or units setting not in ``present``; the keys added."""
    missing = [(key, description) for key, description in (*DOCUMENT_SETTINGS, *CONTACT_SETTINGS, UNITS_SETTING)
               if key not in present]
    if missing:
        backend.append(SETTINGS, [dict(zip(SETTINGS.headers, (key, "", description), strict=True))
                                  for key, description in missing])
    return [key for key, _ in missing]
