"""make attack: the attacks of issues 17 and 35 against a real ``ita-bot serve`` behind the shipped nginx, on loopback.

Bounded in count and time; prints what held. ``--quick`` (CI) runs smaller counts.
    PYTHONPATH=. .venv/bin/python -m bench.attack [--quick]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from flask import Flask

from bench import attacks, attacks_bounds, attacks_space
from demo.line_fake import LineApiFake
from demo.line_fake_http import line_fake_blueprint
from demo.workbook import create_demo_workbook
from sheets.local import LocalWorkbook
from tests.fakes.front_server import FrontServer, healthy
from tests.fakes.processes import BotProcess, eventually
from tests.fakes.servers import serve

SECRET, TOKEN, JOBS_TOKEN = "a77ac4" * 6, "attack-access-token", "attack-jobs-token"
OFFICERS = "C" + "6" * 32  # the demo workbook's officer_group_id


def run(quick: bool, workdir: Path) -> tuple[int, int]:
    """How many attacks did not hold, of how many."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the LINE fake's request lines
    line = LineApiFake(TOKEN, datetime.now, reply_token_ttl=3600)
    line_app = Flask("line-fake")
    line_app.register_blueprint(line_fake_blueprint(line))
    line_server = serve(line_app)
    create_demo_workbook(LocalWorkbook(workdir / "ita.xlsx"), date.today())
    link_check_env = attacks_bounds.open_link_check(workdir / "ita.xlsx")
    soffice = shutil.which("soffice")
    runs = attacks_space.counting_soffice(workdir / "bin", soffice) if soffice else workdir / "no-soffice"
    env = {**os.environ, "PATH": f"{workdir / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "ITA_PUBLIC_URL": attacks_space.PUBLIC_URL,
           "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "LINE_API_HOST": line_server.url, "ITA_SECRET_KEY": "s" * 32, "ITA_DATA_DIR": str(workdir / "data"),
           "ITA_WORKBOOK": str(workdir / "ita.xlsx"), "ITA_JOBS_TOKEN": JOBS_TOKEN, "ITA_BEHIND_PROXY": "1",
           "ITA_SCHEDULER": "off", "ITA_LOG_LEVEL": "info", **link_check_env}
    bot = BotProcess(env)
    front = FrontServer(bot.port, workdir / "nginx")
    if not eventually(lambda: healthy(front.url), timeout=120):
        front.stop()
        bot.stop()
        raise SystemExit("the bot never became healthy:\n" + "".join(bot.log))
    target = attacks.Target(bot, front, line, workdir / "data", SECRET, JOBS_TOKEN, OFFICERS)
    steps: list[tuple[str, Callable[[], str]]] = [
        ("uploads", lambda: attacks.refused_posts(target, 10 if quick else 100)),
        ("lock-out", lambda: attacks.wrong_guesses(target, 100 if quick else 1000)),
        ("slow clients", lambda: attacks.slow_connections(target, 50)),
        ("photo metadata", lambda: attacks.photo_metadata(target)),
        ("edges", lambda: attacks.edges(target)),
        ("at rest", lambda: attacks.at_rest(target)),
        ("officer quota", lambda: attacks.officer_pushes(target)),
        ("photo space", lambda: attacks_space.photo_space(target, 2 if quick else 6, 5 if quick else 10)),
        ("document burst", lambda: attacks_space.document_burst(target, 6 if quick else 12, runs)),
        ("logs", lambda: attacks.logs(target)),
        ("link bombs", lambda: attacks_bounds.link_bombs(1 if quick else 3)),
        ("links via LINE", lambda: attacks_bounds.links_through_line(target)),
        ("IPv6 forms", attacks_bounds.ipv6_forms),
        ("decode first", lambda: attacks_bounds.decode_after_limit(target, 3 if quick else 8)),
        ("decode in turn", lambda: attacks_bounds.decode_in_turn(target, 2 if quick else 8)),
        ("receipt race", lambda: attacks_bounds.parallel_guesses(target, 40 if quick else 80)),
        ("old events", lambda: attacks_bounds.old_events(target)),
        ("filing log", lambda: attacks_bounds.no_filing_line(target)),
    ]
    notes = [("without nginx", lambda: attacks.without_front_server(target, 50))]
    failed = 0
    try:
        for name, step in steps:
            started = time.monotonic()
            try:
                outcome, mark = step(), "held"
            except AssertionError as error:
                outcome, mark, failed = str(error), "FAILED", failed + 1
            print(f"{mark:6} {name:15} {outcome}  [{time.monotonic() - started:.1f} s]", flush=True)
        for name, note in notes:
            print(f"{'note':6} {name:15} {note()}", flush=True)
    finally:
        front.stop()
        bot.stop()
        line_server.stop()
    return failed, len(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, for CI")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ita-attack-") as folder:
        started = time.monotonic()
        failed, total = run(args.quick, Path(folder))
    summary = f"all {total} held" if not failed else f"{failed} of {total} did not hold"
    print(f"{summary} in {time.monotonic() - started:.0f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
