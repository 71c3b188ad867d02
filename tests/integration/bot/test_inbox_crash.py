"""An acknowledged event survives a SIGKILL of `ita-bot serve` while LINE holds the reply: answered once."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import requests

from common.config import Config
from demo.line_fake import LineApiFake
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.processes import BotProcess, eventually
from tests.fakes.servers import Served
from tests.integration.conftest import ACCESS_TOKEN, CHANNEL_SECRET, LAST_YEAR

USER, WARM = "U" + "9" * 32, "U" + "a" * 32


def post(bot: BotProcess, user: str, text: str, fake: LineApiFake) -> int:
    body = body_of(text_event(user, text, fake.issue_reply_token(user), int(time.time() * 1000)))
    return requests.post(bot.url + "/callback", data=body, timeout=10,
                         headers={"X-Line-Signature": sign(CHANNEL_SECRET, body),
                                  "Content-Type": "application/json"}).status_code


def kill_hard(bot: BotProcess) -> None:
    """SIGKILL gunicorn's worker and its master: no shutdown code runs (a power cut, an OOM kill)."""
    master = bot.process.pid
    workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in workers:
        os.kill(int(pid), signal.SIGKILL)
    bot.process.send_signal(signal.SIGKILL)
    bot.process.wait(timeout=30)


def idle(bot: BotProcess) -> bool:
    return bool(requests.get(bot.url + "/healthz", timeout=10).json()["events_in_progress"] == 0)


@pytest.mark.parametrize("line_took_the_reply", [False, True], ids=["reply-lost", "reply-delivered"])
def test_an_acknowledged_event_is_answered_once_after_a_sigkill(
        bot_config: Config, line_fake: tuple[LineApiFake, Served], line_took_the_reply: bool) -> None:
    fake, served = line_fake
    env = {**os.environ, "ITA_STORE": "local", "ITA_WORKBOOK": str(bot_config.workbook_path),
           "ITA_DATA_DIR": str(bot_config.data_dir), "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN, "LINE_API_HOST": served.url, "ITA_SECRET_KEY": "k" * 32,
           "ITA_SCHEDULER": "off"}
    bot = BotProcess(env)
    try:
        assert post(bot, WARM, "เมนู", fake) == 200 and fake.wait_for(WARM), "the workbook is read"
        fake.gate = threading.Event()
        assert post(bot, USER, f"คะแนน ITA {LAST_YEAR}", fake) == 200, "acknowledged: it is in the inbox"
        assert fake.at_gate.wait(timeout=30), "the bot is sending the reply and LINE holds it"
        kill_hard(bot)
    finally:
        if bot.process.poll() is None:
            bot.stop()
    if not line_took_the_reply:
        fake.faults.append(500)  # the held request dies with the process: LINE never sees the reply
    fake.gate.set()
    assert eventually(lambda: not fake.faults and (fake.messages_to(USER) != []) == line_took_the_reply)
    fake.gate = None
    restarted = BotProcess(env)
    try:
        assert fake.wait_for(USER), "the person gets an answer after the restart"
        assert eventually(lambda: idle(restarted))
    finally:
        restarted.stop()
    (delivered,) = fake.messages_to(USER)
    assert delivered.kind == "reply" and delivered.messages[0]["altText"].startswith(f"ผล ITA ปี {LAST_YEAR}")
    assert not any("Traceback" in line for line in restarted.log)
