"""Issue 36: web form, Back, send again → the first receipt page again; never a second case, receipt or notice.

Also when the second send reaches another process (the ledger that remembers the filing is shared: SQLite files
in one data folder, or Redis).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock, line_ms
from tests.fakes.servers import Served
from tests.integration.conftest import quick_messenger

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt">([0-9A-Z-]+)<')
CASE = re.compile(r'id="case-no">([0-9-]+)<')
GROUP = "C" + "6" * 32
FORM = {"category": "จัดซื้อจัดจ้าง", "details": "มีการฮั้วประมูลงานถนนสายเดิม", "accused": "กองช่าง", "place": "",
        "incident_date": ""}


def send(client: FlaskClient, token: str, **changes: str) -> tuple[str, str]:
    page = client.post("/complaint", data={"csrf_token": token, **FORM, **changes},
                       content_type="multipart/form-data").get_data(as_text=True)
    case, receipt = CASE.search(page), RECEIPT.search(page)
    assert case and receipt, page
    return case.group(1), receipt.group(1)


def form_token(client: FlaskClient) -> str:
    found = TOKEN.search(client.get("/complaint").get_data(as_text=True))
    assert found
    return found.group(1)


@pytest.fixture(params=["sqlite", "redis"])
def two_apps(request: pytest.FixtureRequest, bot_config: Config, clock: FakeClock) -> Iterator[list[Flask]]:
    config = replace(bot_config, state_url=request.getfixturevalue("redis_url")) if request.param == "redis" \
        else bot_config
    apps = [create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None,
                       sync_interval=None) for _ in range(2)]
    yield apps
    for app in apps:
        runtime_of(app).stop()


def test_back_and_send_again_shows_the_first_receipt(two_apps: list[Flask], clock: FakeClock,
                                                     line_fake: tuple[LineApiFake, Served]) -> None:
    first, other = two_apps[0].test_client(), two_apps[1].test_client()
    token = form_token(first)
    case, receipt = send(first, token)
    assert send(first, form_token(first)) == (case, receipt), "Back reloads the form: the same browser, same case"
    session = first.get_cookie("session")
    assert session is not None
    other.set_cookie("session", session.value)
    assert send(other, token) == (case, receipt), "another process answers the same"
    queued = sum(len(runtime_of(app).outbox.due("เรื่องร้องเรียน", clock(), 10)) for app in two_apps)
    assert queued == 1
    notices = [m for m in line_fake[0].messages_to(GROUP) if case in str(m.messages)]
    assert len(notices) == 1


def test_a_different_complaint_from_the_same_browser_is_a_new_case(two_apps: list[Flask]) -> None:
    client = two_apps[0].test_client()
    token = form_token(client)
    case, _ = send(client, token)
    other_case, _ = send(client, token, details="อีกเรื่องหนึ่ง: รถราชการใช้ส่วนตัว")
    assert other_case != case


def test_the_same_form_a_week_later_is_a_new_case_with_its_own_receipt(two_apps: list[Flask],
                                                                       clock: FakeClock) -> None:
    """Filings are kept 7 days (operator.md): then the key is forgotten and sending again files again."""
    client = two_apps[0].test_client()
    token = form_token(client)
    case, receipt = send(client, token)
    clock.advance(7 * 86400 - 60)
    assert send(client, token) == (case, receipt), "within the week: the first receipt"
    clock.advance(120)
    runtime_of(two_apps[0]).stores.sweep(clock(), line_ms(clock()) / 1000)
    new_case, new_receipt = send(client, token)
    assert new_case != case and new_receipt != receipt
