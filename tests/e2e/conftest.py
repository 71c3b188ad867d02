"""The demo server in this process, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from app import create_demo_app, runtime_of
from cli.service import not_ready
from common.config import Config
from demo.workbook import create_demo_workbook, demo_score_years
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from tests.fakes.processes import eventually
from tests.fakes.servers import Served

PHONE = {"width": 390, "height": 844}
"""The simulator is tried as on a phone: 390 px wide, as most phones LINE runs on."""
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_DAY = datetime.now().date()
LAST_YEAR = demo_score_years(DEMO_DAY)[-1]
"""The demo server's latest score year: the seed's 2565 moved to the fiscal year before today's."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make test` installs it (Debian package chromium)")
        pytest.skip("chromium not installed: run `make test`, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[Served, Flask]]:
    workbook = tmp_path / "ita.xlsx"
    create_demo_workbook(LocalWorkbook(workbook), DEMO_DAY)
    server = make_server("127.0.0.1", 0, not_ready, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    config = Config(store="local", workbook_path=workbook, data_dir=tmp_path / "var")
    app, _ = create_demo_app(config, base_url, ("s" * 32, "token", "k" * 32))
    app.config["ITA_WORKBOOK"] = workbook
    server.app = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served = Served(server, thread)
    yield served, app
    served.stop()
    runtime_of(app).stop()


def saved_to_workbook(app: Flask) -> LocalWorkbook:
    """Every queued row written to the demo workbook, as the app's flusher would soon do; the workbook."""
    runtime = runtime_of(app)
    workbook = LocalWorkbook(app.config["ITA_WORKBOOK"])
    Flusher(runtime.outbox, workbook, datetime.now).drain()
    assert eventually(lambda: runtime.outbox.depth() == 0)  # the app's own flusher may have held a row
    return workbook


@pytest.fixture
def page(browser: Browser, demo_server: tuple[Served, Flask]) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="th-TH")
    page = context.new_page()
    page.goto(demo_server[0].url + "/simulator")
    yield page
    context.close()
