"""The Sheets fake answers as Google did: gspread's recorded real traffic, replayed request by request.

The cassettes (``shared/reference/google-sheets/recordings``) were recorded from Google by gspread's own
test suite. Each Sheets API request is sent to a fresh fake holding the same spreadsheet; the answer
must match the recorded one on every field the bot reads: the status and error kind, the values and
their range, where an append landed (``updatedRange``) and which table it found (``tableRange``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.fakes.sheets_api import FakeSheetsApi

ROOT = Path(__file__).resolve().parents[3]
RECORDINGS = ROOT.parent / "shared" / "reference" / "google-sheets" / "recordings"
SHEETS = "https://sheets.googleapis.com"
CASSETTES = [
    "WorksheetTest.test_append_row", "WorksheetTest.test_append_row_with_empty_value",
    "WorksheetTest.test_append_row_with_empty_value_and_table_range", "WorksheetTest.test_insert_row",
    "WorksheetTest.test_get_all_values", "WorksheetTest.test_get_all_values_date_time_render_options",
    "WorksheetTest.test_get_all_values_title_is_a1_notation", "WorksheetTest.test_batch_get",
    "SpreadsheetTest.test_values_batch_get", "SpreadsheetTest.test_values_get",
    "SpreadsheetTest.test_add_del_worksheet", "WorksheetTest.test_update_cells_unicode",
    "ClientTest.test_access_private_spreadsheet", "ClientTest.test_access_non_existing_spreadsheet",
]
TOKEN = "ya29.replay"
UNSHARED = {"1jIKzPs8LsiZZdLdeMEP-5ZIHw6RkjiOmj1LrJN706Yc"}
"""The spreadsheet gspread's test opens without being given access (someone else's sheet)."""


def _interactions(name: str) -> list[dict[str, Any]]:
    path = RECORDINGS / f"{name}.json"
    if not path.exists():
        pytest.skip(f"the reference recordings are not beside the checkout ({path})")
    return list(json.loads(path.read_text(encoding="utf-8"))["interactions"])


class Replayer:
    """One fake per spreadsheet the recording created; a spreadsheet it never created exists unshared."""

    def __init__(self) -> None:
        self.fakes: dict[str, FakeSheetsApi] = {}
        self.created: set[str] = set()
        self.current: FakeSheetsApi | None = None
        self.sheet_ids: dict[int, int] = {}
        """Google's random sheetId of each added sheet → the fake's."""

    def send(self, request: dict[str, Any]) -> requests.Response:
        parts = urlsplit(request["uri"])
        sheet_id = parts.path.split("/")[3].split(":")[0]
        fake = self._fake_for(sheet_id)
        body = request.get("body")
        if isinstance(body, str):
            body = re.sub(r'("sheetId": )(\d+)', self._our_sheet_id, body)
        query = f"?{parts.query}" if parts.query else ""
        return requests.request(request["method"], fake.base_url + parts.path + query,
                                data=body.encode() if isinstance(body, str) else None,
                                headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
                                timeout=10)

    def _our_sheet_id(self, match: re.Match[str]) -> str:
        return match.group(1) + str(self.sheet_ids.get(int(match.group(2)), match.group(2)))

    def learn_sheet_ids(self, recorded: dict[str, Any], answer: dict[str, Any]) -> None:
        for theirs, ours in zip(recorded.get("replies", []), answer.get("replies", []), strict=False):
            if "addSheet" in theirs and "addSheet" in ours:
                self.sheet_ids[theirs["addSheet"]["properties"]["sheetId"]] = ours["addSheet"]["properties"]["sheetId"]

    def _fake_for(self, sheet_id: str) -> FakeSheetsApi:
        if sheet_id in self.fakes:
            self.current = self.fakes[sheet_id]
        elif sheet_id in self.created or sheet_id in UNSHARED or self.current is None:
            self.current = self._start(sheet_id, shared=sheet_id not in UNSHARED)
        return self.current

    def _start(self, sheet_id: str, *, shared: bool) -> FakeSheetsApi:
        fake = FakeSheetsApi(sheet_id)
        fake.start()
        fake.tokens.add(TOKEN)
        fake.shared = shared
        self.fakes[sheet_id] = fake
        return fake

    def stop(self) -> None:
        for fake in self.fakes.values():
            fake.stop()


@pytest.fixture
def replayer() -> Iterator[Replayer]:
    replayer = Replayer()
    yield replayer
    replayer.stop()


def _a1(text: str | None) -> str | None:
    """Google quotes a sheet name in some answers and not in others; the cells are what matter."""
    return None if text is None else re.sub(r"^'(.*)'!", r"\1!", text)


def fields_we_read(body: dict[str, Any]) -> dict[str, Any]:
    """The parts of an answer the bot (through gspread) depends on."""
    if "error" in body:
        return {"error": body["error"]["status"], "code": body["error"]["code"]}
    picked: dict[str, Any] = {}
    for key in ("values", "clearedRange", "updatedRows"):
        if key in body:
            picked[key] = body[key]
    for key in ("range", "updatedRange", "tableRange"):
        if key in body:
            picked[key] = _a1(body[key])
    if "updates" in body:
        picked["updates"] = {"updatedRange": _a1(body["updates"]["updatedRange"]),
                             "updatedRows": body["updates"]["updatedRows"]}
        picked["tableRange"] = _a1(body.get("tableRange"))
    if "valueRanges" in body:
        picked["valueRanges"] = [fields_we_read(block) for block in body["valueRanges"]]
    if "sheets" in body:
        picked["sheets"] = [(s["properties"]["title"], s["properties"]["gridProperties"]["rowCount"],
                             s["properties"]["gridProperties"]["columnCount"]) for s in body["sheets"]]
    if "replies" in body:
        picked["replies"] = [{k: v for k, v in reply.get("addSheet", {}).get("properties", {}).items()
                              if k in ("title", "index", "gridProperties")} for reply in body["replies"]]
    return picked


@pytest.mark.parametrize("name", CASSETTES)
def test_the_fake_answers_as_google_did(name: str, replayer: Replayer) -> None:
    compared = 0
    for interaction in _interactions(name):
        request, recorded = interaction["request"], interaction["response"]
        if not request["uri"].startswith(SHEETS):
            if request["method"] == "POST" and "drive/v3/files" in request["uri"]:
                replayer.created.add(json.loads(recorded["body"]["string"])["id"])
            continue
        answer = replayer.send(request)
        where = f"{name}: {request['method']} {request['uri']}"
        assert answer.status_code == recorded["status"]["code"], where
        expected = json.loads(recorded["body"]["string"] or "{}")
        assert fields_we_read(answer.json()) == fields_we_read(expected), where
        replayer.learn_sheet_ids(expected, answer.json())
        compared += 1
    assert compared, f"{name}: no Sheets API request was replayed"
