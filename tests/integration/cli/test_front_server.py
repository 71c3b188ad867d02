"""The shipped front server (deploy/nginx) in front of a real ``ita-bot serve``: slow clients, forwarded addresses."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.fakes.front_server import FrontServer, csrf_token, healthy, slow_clients, visitor
from tests.fakes.processes import BotProcess, eventually
from tests.integration.conftest import ACCESS_TOKEN, CHANNEL_SECRET

Stack = tuple[BotProcess, FrontServer, Path]
"""ita-bot serve, nginx in front of it, and the bot's data folder."""


def serve_env(tmp_path: Path, workbook: Path) -> dict[str, str]:
    return {**os.environ, "LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
            "ITA_SECRET_KEY": "k" * 32, "ITA_WORKBOOK": str(workbook), "ITA_DATA_DIR": str(tmp_path / "var"),
            "LINE_API_HOST": "http://127.0.0.1:9", "ITA_BEHIND_PROXY": "1", "ITA_SCHEDULER": "off"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_xlsx: Path) -> Iterator[Stack]:
    """One bot and one nginx for the module: each test uses its own loopback addresses."""
    tmp_path = tmp_path_factory.mktemp("front")
    workbook = tmp_path / "ita.xlsx"  # the bot files complaints into it: a copy, not the shared demo workbook
    shutil.copyfile(demo_xlsx, workbook)
    bot = BotProcess(serve_env(tmp_path, workbook))
    try:
        front = FrontServer(bot.port, tmp_path / "nginx")
    except BaseException:
        bot.stop()
        raise
    if not eventually(lambda: healthy(front.url), timeout=120):  # the worker builds the app on its first request
        front.stop()
        bot.stop()
        raise RuntimeError("the bot never became healthy:\n" + "".join(bot.log))
    yield bot, front, tmp_path / "var"
    front.stop()
    bot.stop()


def test_healthz_answers_within_a_second_with_50_slow_clients_connected(
        served: Stack) -> None:
    _, front, _ = served
    held = slow_clients(front.port, 50)
    try:
        started = time.monotonic()
        response = requests.get(front.url + "/healthz", timeout=5)
        assert response.status_code == 200 and time.monotonic() - started < 1.0
    finally:
        for sock in held:
            sock.close()


def test_the_forwarded_address_is_what_the_limits_count(served: Stack) -> None:
    _, front, _ = served
    guesser, citizen = visitor("127.0.0.2"), visitor("127.0.0.3")
    token = csrf_token(guesser, front.url + "/status")
    statuses = [guesser.post(front.url + "/status", data={"csrf_token": token, "receipt": f"{n:010d}"},
                             timeout=10).status_code for n in range(11)]
    assert statuses == [404] * 10 + [429]
    token = csrf_token(citizen, front.url + "/status")
    assert citizen.post(front.url + "/status", data={"csrf_token": token, "receipt": "0000000000"},
                        timeout=10).status_code == 404, "another address is not throttled"


def test_the_parser_logs_no_client_address_and_state_is_private(served: Stack) -> None:
    bot, front, data_dir = served
    with socket.create_connection(("127.0.0.1", bot.port), source_address=("127.0.0.9", 0)) as sock:
        sock.sendall(b"NOT A REQUEST LINE\r\n\r\n")
        sock.recv(1024)
    assert eventually(lambda: any("Invalid request" in line for line in bot.log), timeout=30)
    assert not any("127.0.0.9" in line for line in bot.log)
    session = visitor("127.0.0.4")
    data = {"csrf_token": csrf_token(session, front.url + "/complaint"), "category": "อื่น ๆ", "details": "x",
            "accused": "", "place": "", "incident_date": ""}
    assert session.post(front.url + "/complaint", data=data, headers={"Origin": "http://evil.example"},
                        timeout=10).status_code == 403
    assert session.post(front.url + "/complaint", data=data, headers={"Origin": front.url},
                        timeout=10).status_code == 200, "the browser's own Origin passes through nginx"
    assert data_dir.stat().st_mode & 0o777 == 0o700
    modes = {path.name: path.stat().st_mode & 0o777 for path in data_dir.iterdir() if path.is_file()}
    assert modes and set(modes.values()) == {0o600}, modes
