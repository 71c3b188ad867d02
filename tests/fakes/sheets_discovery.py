"""What Google's Sheets v4 discovery document (shared/reference/google-api/sheets.v4.json) lets a request carry.

``check`` walks a request body against a schema: an unknown field is Google's 400 "Invalid JSON payload
received. Unknown name …", a value of the wrong JSON type or outside an enum is refused too. A batchUpdate
``Request`` sets exactly one kind. ``get_parameters`` are the query parameters spreadsheets.get accepts.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.fakes.sheets_state import ApiError

DISCOVERY = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "google-api" / "sheets.v4.json"
_TYPES: dict[str, type | tuple[type, ...]] = {"string": str, "boolean": bool, "integer": int,
                                              "number": (int, float), "object": dict, "array": list}


@cache
def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(DISCOVERY.read_text(encoding="utf-8"))
    return document


def get_parameters() -> set[str]:
    """spreadsheets.get's own query parameters and the API's global ones."""
    document = _document()
    method = document["resources"]["spreadsheets"]["methods"]["get"]
    return set(method["parameters"]) | set(document["parameters"])


def check(schema: str, value: Any, where: str = "") -> None:
    """Refuse ``value`` as Google would when it does not fit the discovery document's ``schema``."""
    _check_object(_document()["schemas"][schema], value, where or schema)


def check_request(request: Any, where: str) -> None:
    """One ``Request`` of a batchUpdate: an object naming exactly one known kind, its body fitting that kind."""
    if not isinstance(request, dict) or len(request) != 1:
        raise ApiError(400, f"Invalid {where}: a request must set exactly one kind")
    check("Request", request, where)


def _check_object(schema: dict[str, Any], value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ApiError(400, f'Invalid value at "{where}": expected an object')
    properties = schema.get("properties", {})
    for name, item in value.items():
        if name not in properties:
            raise ApiError(400, f'Invalid JSON payload received. Unknown name "{name}" at \'{where}\': '
                                "Cannot find field.")
        _check_value(properties[name], item, f"{where}.{name}")


def _check_value(spec: dict[str, Any], value: Any, where: str) -> None:
    if "$ref" in spec:
        _check_object(_document()["schemas"][spec["$ref"]], value, where)
        return
    kind = spec.get("type", "any")
    expected = _TYPES.get(kind)
    integer_text = kind == "integer" and isinstance(value, str) and value.lstrip("-").isdigit()  # int64 as text
    wrong = expected is not None and (not isinstance(value, expected) or isinstance(value, bool) != (kind == "boolean"))
    if wrong and not integer_text:
        raise ApiError(400, f'Invalid value at "{where}" ({kind}): {value!r}')
    if "enum" in spec and value not in spec["enum"]:
        raise ApiError(400, f'Invalid value at "{where}" ({spec["enum"][0]}...): "{value}"')
    if kind == "array":
        for index, item in enumerate(value):
            _check_value(spec.get("items", {}), item, f"{where}[{index}]")
