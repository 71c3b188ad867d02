"""What the LINE fake's checks (LINE's spec + documented limits) cost per request, for the main cards.

    PYTHONPATH=. .venv/bin/python -m bench.line_fake_check

The bench harness runs the fake in the bot's machine, so this time is taken from the same cores.
Prints, per card: its size on the wire, the CPU time of the first check (a card never seen) and the mean of
50 repeats (CPU time, so that other work on a shared machine does not count).
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from linebot.v3.messaging import PushMessageRequest

from bot.line_messages import to_line_messages
from demo import line_fake_spec
from demo.line_fake_rules import validated
from demo.workbook import create_demo_workbook
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Flex
from handlers.staff.assistant import Assistant
from sheets.local import LocalWorkbook
from sheets.workbook import parse_workbook
from state.store import SqliteStateStore

STAFF_COMMANDS = ("คะแนน", "วิเคราะห์", "มาตรการ", "OIT", "คะแนน ITA 2569")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    workbook = LocalWorkbook(folder / "ita.xlsx")
    create_demo_workbook(workbook, date(2026, 11, 23))
    snapshot = parse_workbook(workbook.read_tables(), datetime(2026, 11, 23, 9))
    assistant = Assistant(SqliteStateStore(folder / "state.sqlite3", "k" * 32), lambda user: user,
                          lambda: datetime(2026, 11, 23, 9))
    staff = next(m.line_user_id for m in snapshot.staff if m.role == "staff" and m.line_user_id)
    started = time.process_time()
    line_fake_spec.load()
    print(f"spec loaded and compiled: {(time.process_time() - started) * 1000:.0f} ms")
    for command in STAFF_COMMANDS:
        replies = assistant.respond(Incoming("text", staff, command), snapshot).replies
        card = next(reply for reply in replies if isinstance(reply, Flex))
        messages = [message.to_dict() for message in to_line_messages([card])]
        raw = json.dumps({"to": staff, "messages": messages}).encode()
        started = time.process_time()
        validated(PushMessageRequest, raw)
        first = time.process_time() - started
        started = time.process_time()
        for _ in range(50):
            validated(PushMessageRequest, raw)
        repeat = (time.process_time() - started) / 50
        print(f"{command:<16} {len(raw):>6} bytes  first {first * 1000:6.1f} ms  repeat {repeat * 1000:5.2f} ms")


if __name__ == "__main__":
    main()
