"""Production mode: no simulator, no LINE fake, no message text or raw userId in any log line."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, follow_event, text_event
from tests.fakes.processes import ITA_BOT, BotProcess
from tests.fakes.servers import Served
from tests.integration.conftest import ACCESS_TOKEN, CHANNEL_SECRET, post_signed


def test_serve_app_has_no_simulator_and_no_line_fake(client: FlaskClient) -> None:
    assert client.get("/simulator").status_code == 404
    assert client.post("/simulator/api/reply-token", json={"userId": "U" + "0" * 32}).status_code == 404
    assert client.post("/line-fake/v2/bot/message/push", json={}).status_code == 404


def test_logs_hold_no_message_text_and_no_user_id(client: FlaskClient, bot_app: Flask, clock: FakeClock,
                                                  line_fake: tuple[LineApiFake, Served],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    fake, _ = line_fake
    user = "U" + "ab12" * 8
    secret_text = "ข้อความลับของผู้ใช้ 0812345678"
    now = line_ms(clock())
    with caplog.at_level(logging.DEBUG):
        post_signed(client, body_of(follow_event(user, fake.issue_reply_token(user), now),
                                    text_event(user, secret_text, fake.issue_reply_token(user), now)))
        post_signed(client, body_of(text_event(user, "คะแนน ITA", "stale-token", now - 3_600_000)))
        fake.faults.extend([500, 500, 500, 500])
        post_signed(client, body_of(text_event(user, secret_text, fake.issue_reply_token(user), now)))
        runtime_of(bot_app).events.wait_idle()
    assert caplog.records, "the bot logged something to check"
    assert secret_text not in caplog.text and "0812345678" not in caplog.text
    assert user not in caplog.text and user.lower() not in caplog.text.lower()



def test_ita_bot_serve_runs_gunicorn_with_the_production_app(tmp_path: Path, own_workbook: Path) -> None:
    env = {**os.environ, "LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
           "ITA_SECRET_KEY": "k" * 32, "ITA_WORKBOOK": str(own_workbook), "ITA_DATA_DIR": str(tmp_path / "var"),
           "LINE_API_HOST": "http://127.0.0.1:9"}
    bot = BotProcess(env)
    try:
        assert requests.get(bot.url + "/healthz", timeout=10).status_code == 200
        assert requests.get(bot.url + "/simulator", timeout=10).status_code == 404
        assert requests.post(bot.url + "/callback", data=b"{}", timeout=10).status_code == 400
    finally:
        bot.stop()


def test_serve_refuses_to_start_without_secrets(tmp_path: Path) -> None:
    result = subprocess.run([ITA_BOT, "serve"], env={**os.environ, "ITA_DATA_DIR": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, ITA_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
