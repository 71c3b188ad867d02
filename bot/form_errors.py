"""Form errors tied to their fields: (field id, message) pairs, "" for one about the whole form (a limit, CSRF).

The pages show a summary at the top linking to each field, the message beside the field (``aria-describedby``),
the field marked ``aria-invalid`` and the first one focused; the title starts with "มีข้อผิดพลาด"
(templates/web/form_errors.html.j2 and base.html.j2).
"""

from __future__ import annotations

from typing import Any

FormError = tuple[str, str]


def error_values(errors: list[FormError]) -> dict[str, Any]:
    """What the templates need: the list, each field's messages joined, and the field to focus first."""
    fields: dict[str, str] = {}
    for field, message in errors:
        if field:
            fields[field] = f"{fields[field]} {message}" if field in fields else message
    return {"errors": errors, "field_errors": fields, "first_invalid": next(iter(fields), "")}
