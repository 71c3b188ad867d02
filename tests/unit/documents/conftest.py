"""Snapshots for the documents: the demo workbook, and each seed office's published scores (shared/data)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from demo.workbook import create_demo_workbook
from sheets import records as r
from sheets.local import LocalWorkbook
from sheets.workbook import Snapshot, parse_workbook

ROOT = Path(__file__).resolve().parents[3]
SEED_SCORES = ROOT.parent / "shared" / "data" / "ita_scores_from_seeds.csv"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def demo_workbook_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    workbook = LocalWorkbook(tmp_path_factory.mktemp("documents") / "ita.xlsx")
    create_demo_workbook(workbook, TODAY)
    return parse_workbook(workbook.read_tables(), datetime(2026, 11, 23, 9))


def seed_snapshot(organization: str) -> Snapshot:
    """One seed office as an admin would type it: settings, the indicator scores, the published overall."""
    with SEED_SCORES.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["organization"] == organization]
    assert rows, f"{organization} is not in {SEED_SCORES}"
    first = rows[0]
    settings = [r.Setting(n, key, value, None) for n, (key, value) in enumerate(
        (("org_name", organization), ("province", first["province"]), ("district", first["district"])), 2)]
    scores = [r.Score(n, int(row["fiscal_year_be"]), int(row["indicator_no"]), row["indicator"], row["tool"],
                      float(row["score"])) for n, row in enumerate(rows, 2)]
    published = {int(row["fiscal_year_be"]): (float(row["published_overall"]), row["published_level"] or None)
                 for row in rows if row["published_overall"]}
    results = [r.Result(n, year, overall, level, None)
               for n, (year, (overall, level)) in enumerate(published.items(), 2)]
    tables = {"ตั้งค่า": tuple(settings), "คะแนน": tuple(scores), "ผลประเมิน": tuple(results)}
    return Snapshot(tables, (), datetime(2026, 11, 23, 9))


@pytest.fixture(scope="session")
def seed() -> Callable[[str], Snapshot]:
    return seed_snapshot


def with_setting(snapshot: Snapshot, key: str, value: str) -> Snapshot:
    settings = tuple(s for s in snapshot.rows("ตั้งค่า", r.Setting) if s.key != key)
    return Snapshot({**snapshot.tables, "ตั้งค่า": (*settings, r.Setting(99, key, value, None))}, snapshot.problems,
                    snapshot.loaded_at)
