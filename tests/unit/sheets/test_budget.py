"""The Sheets budget: at most N requests of each kind in any minute, refused (never waited for) past it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets.budget import BudgetExhausted, account_of, local_budget
from state.rate_window import LocalWindow
from tests.conftest import FakeClock


def test_a_window_allows_its_limit_in_any_minute_and_frees_uses_as_they_age() -> None:
    window = LocalWindow(3)
    assert [window.take(t) for t in (0.0, 10.0, 20.0, 30.0)] == [True, True, True, False]
    assert window.room(59.9) == 0
    assert window.take(60.0) and not window.take(60.5)
    assert window.room(90.0) == 2


def test_reads_and_writes_have_separate_budgets(clock: FakeClock) -> None:
    budget = local_budget(clock, reads=2, writes=1)
    budget.spend("read")
    budget.spend("read")
    with pytest.raises(BudgetExhausted):
        budget.spend("read")
    assert budget.take("write") and not budget.take("write")
    clock.advance(60)
    assert budget.room("read") == 2 and budget.room("write") == 1


def test_the_account_is_the_keys_e_mail(tmp_path: Path) -> None:
    key = tmp_path / "sa.json"
    key.write_text('{"client_email": "bot@p.iam.gserviceaccount.com"}')
    assert account_of(str(key)) == "bot@p.iam.gserviceaccount.com"
    assert account_of(str(tmp_path / "missing.json")) == str(tmp_path / "missing.json")
