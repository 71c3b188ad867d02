"""POST /sheet-changed: the sheet's Apps Script marks the office's sheet changed (204); a wrong token 401,
a flood 429, an unknown office 404; the token and the script come from `ita-bot sheet …`."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner
from flask import Flask

from app import runtime_of
from cli.main import main
from sheets.push_token import push_token

SECRET = "k" * 32


def post(app: Flask, path: str, token: str) -> int:
    return app.test_client().post(path, headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_push_with_the_offices_token_marks_its_sheet_changed(bot_app: Flask) -> None:
    snapshots = runtime_of(bot_app).snapshots
    assert snapshots.get() is not None and snapshots.timer
    before = snapshots.shared.changes()
    assert post(bot_app, "/sheet-changed", push_token(SECRET, "default")) == 204
    assert snapshots.shared.changes() == before + 1 and snapshots.refresh_due()
    assert not snapshots.timer  # pushes come from now on: no re-read on the timer


def test_a_wrong_token_an_unknown_office_and_a_flood_are_refused(bot_app: Flask) -> None:
    token = push_token(SECRET, "default")
    assert post(bot_app, "/sheet-changed", push_token(SECRET, "other")) == 401
    assert post(bot_app, "/sheet-changed", "") == 401
    assert post(bot_app, "/sheet-changed/other", token) == 404
    statuses = [post(bot_app, "/sheet-changed/default", token) for _ in range(31)]
    assert statuses == [204] * 30 + [429]


def test_the_cli_prints_the_token_and_a_script_calling_the_endpoint(tmp_path: Path) -> None:
    env = {**os.environ, "ITA_SECRET_KEY": SECRET, "ITA_DATA_DIR": str(tmp_path),
           "ITA_PUBLIC_URL": "https://ita.example.go.th"}
    token = CliRunner().invoke(main, ["sheet", "push-token"], env=env)
    assert token.exit_code == 0 and token.output.strip() == push_token(SECRET, "default")
    script = CliRunner().invoke(main, ["sheet", "apps-script"], env=env)
    assert script.exit_code == 0
    assert '"https://ita.example.go.th/sheet-changed"' in script.output
    assert push_token(SECRET, "default") in script.output
    assert "function install()" in script.output and "onEdit()" in script.output and "onChange()" in script.output
    missing = CliRunner().invoke(main, ["sheet", "apps-script"], env={**env, "ITA_PUBLIC_URL": ""})
    assert missing.exit_code == 1 and "ITA_PUBLIC_URL" in missing.output
