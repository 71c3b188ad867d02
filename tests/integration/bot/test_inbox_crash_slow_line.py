"""Issue 27 item 6: LINE slow to accept the reply (25 s), serve SIGKILLed meanwhile, restarted on another port.

The issue killed the server 1.5 s after the event; what matters is the state then, which the test waits for
instead of sleeping: the reply is held at LINE's gate. The restarted server (same data directory) must answer
within seconds, once, while the dead process's request is still held.
"""

from __future__ import annotations

import os
import threading
import time

from common.config import Config
from demo.line_fake import LineApiFake
from tests.fakes.processes import BotProcess, eventually
from tests.fakes.servers import Served
from tests.integration.bot.test_inbox_crash import USER, WARM, idle, kill_hard, post
from tests.integration.conftest import ACCESS_TOKEN, CHANNEL_SECRET, LAST_YEAR

SLOW_LINE = 25.0


def test_the_answer_reaches_line_within_seconds_of_the_restart(bot_config: Config,
                                                               line_fake: tuple[LineApiFake, Served]) -> None:
    fake, served = line_fake
    env = {**os.environ, "ITA_STORE": "local", "ITA_WORKBOOK": str(bot_config.workbook_path),
           "ITA_DATA_DIR": str(bot_config.data_dir), "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN, "LINE_API_HOST": served.url, "ITA_SECRET_KEY": "k" * 32,
           "ITA_SCHEDULER": "off"}
    bot = BotProcess(env)
    gate = threading.Event()
    slow = threading.Timer(SLOW_LINE, gate.set)
    try:
        assert post(bot, WARM, "เมนู", fake) == 200 and fake.wait_for(WARM), "the workbook is read"
        fake.gate = gate
        slow.start()  # LINE takes 25 s to accept what reaches it now
        assert post(bot, USER, f"คะแนน ITA {LAST_YEAR}", fake) == 200, "acknowledged: it is in the inbox"
        assert fake.at_gate.wait(timeout=30), "the bot is sending the reply and LINE holds it"
        kill_hard(bot)
    finally:
        if bot.process.poll() is None:
            bot.stop()
    fake.gate = None  # LINE is quick again for what comes next; the held request still waits out its 25 s
    restarted = BotProcess(env)
    started = time.monotonic()
    try:
        assert fake.wait_for(USER, timeout=40), "".join(restarted.log)
        took = time.monotonic() - started
        assert eventually(lambda: idle(restarted))
        slow.join()  # the dead process's request reaches LINE at last: its reply token is spent
        assert eventually(lambda: (400, "Invalid reply token") in fake.rejected), "the held request is refused"
    finally:
        gate.set()
        restarted.stop()
    print(f"\nanswered {took:.1f} s after the restart")
    assert took < 10, f"answered {took:.1f} s after the restart"
    (delivered,) = fake.messages_to(USER)
    assert delivered.kind == "reply" and delivered.messages[0]["altText"].startswith(f"ผล ITA ปี {LAST_YEAR}")
    assert not any("Traceback" in line for line in restarted.log)
