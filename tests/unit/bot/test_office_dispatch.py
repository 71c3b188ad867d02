"""The per-request office lookup: a built office's app, a starting office's 503, anything else the base app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from bot.office_table import STARTING, OfficeDispatch, OfficeTable, office_in


def app_named(name: str) -> Callable[..., Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [])
        return [name.encode()]
    return app


def call(dispatch: OfficeDispatch, path: str) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(dispatch({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def test_paths_name_their_office() -> None:
    assert office_in("/callback/muaklek") == "muaklek"
    assert office_in("/muaklek/complaint") == "muaklek"
    assert office_in("/healthz") is None


def test_an_office_still_being_built_answers_503_in_thai_then_its_own_app() -> None:
    table = OfficeTable()
    dispatch = OfficeDispatch(app_named("base"), table)
    table.starting.add("bangjak")
    status, headers, body = call(dispatch, "/callback/bangjak")
    assert status.startswith("503") and headers["Retry-After"] == "5" and body.decode() == STARTING
    assert call(dispatch, "/healthz")[2] == b"base"
    assert call(dispatch, "/callback/unknown")[2] == b"base"
    table.put("bangjak", object(), app_named("bangjak"))  # type: ignore[arg-type]
    table.starting.discard("bangjak")
    assert call(dispatch, "/callback/bangjak")[2] == b"bangjak"
