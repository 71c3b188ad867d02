"""An answer says how old its sheet data is only when it is older than the office's settings allow."""

from __future__ import annotations

from pathlib import Path

from bot.dispatch import with_sheet_age
from handlers.conversation.replies import Text
from handlers.conversation.turns import Answer
from sheets.budget import local_budget
from sheets.google import GoogleWorkbook
from sheets.snapshot import SnapshotCache
from tests.conftest import FakeClock
from tests.fakes.sheets_api import FakeSheetsApi


def test_a_change_held_back_by_the_budget_is_told_after_the_ttl(google_workbook: GoogleWorkbook,
                                                                sheets_fake: FakeSheetsApi,
                                                                google_credentials: Path, clock: FakeClock) -> None:
    google_workbook.init_schema()
    metered = GoogleWorkbook(sheets_fake.spreadsheet.id, str(google_credentials), api_url=sheets_fake.base_url,
                             timeout=5, budget=local_budget(clock, reads=1))
    cache = SnapshotCache(metered, clock, ttl=30)
    cache.timer = False
    answer = Answer([Text("คำตอบ")])
    assert cache.get() is not None
    clock.advance(3600)  # an hour without a change: old, but nothing newer exists
    assert with_sheet_age(answer, cache) is answer
    assert metered.budget is not None
    metered.budget.spend("read")  # another office of the account spent this minute's budget
    cache.mark_changed()
    cache.get()  # the last snapshot is served
    clock.advance(20)
    assert with_sheet_age(answer, cache) is answer  # within the TTL: not worth a word
    clock.advance(11)
    cache.get()
    told = with_sheet_age(answer, cache)
    assert [type(r) for r in told.replies] == [Text, Text] and told.replies[1] == Text("คำตอบ")
    assert isinstance(told.replies[0], Text) and "09:00 น. (60 นาทีก่อน)" in told.replies[0].text
    clock.advance(30)  # the budget has room again
    cache.get()
    assert with_sheet_age(answer, cache) is answer
