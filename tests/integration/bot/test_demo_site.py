"""The demo's local office website: the demo workbook's OIT links checked offline through the demo-only mapping,
two of them deliberately wanting; the mapping opens that one site and nothing else inside the network."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask

from bot import demo_site
from bot.link_check import CheckSettings, Link, check_many, settings_of
from common.config import Config, ConfigError
from demo import office_site
from demo.workbook_data import OIT_ITEMS
from handlers.oit.links import NOT_FOUND, OK
from tests.fakes.servers import Served, serve

TODAY = date(2026, 12, 7)
"""Fiscal year 2570."""


@pytest.fixture
def site() -> Iterator[Served]:
    app = Flask(__name__)
    app.register_blueprint(office_site.office_site_blueprint(lambda: TODAY))
    served = serve(app)
    yield served
    served.stop()


def test_the_demo_workbooks_oit_links_are_checked_offline(site: Served) -> None:
    settings = CheckSettings(pause=0.0, timeout=5.0, demo_site=office_site.setting(site.url))
    items = [item for item, *_ in OIT_ITEMS]
    links = [Link(f"https://www.muaklek.go.th/oit/{item}", 2570, "https://www.muaklek.go.th") for item in items]
    verdicts = dict(zip(items, check_many(links, settings, random.Random(3)), strict=True))
    assert verdicts["o5"].verdict == NOT_FOUND and verdicts["o16"].text == "ไม่พบปีงบประมาณปัจจุบัน (พบ 2568, 2569)"
    assert {i for i, v in verdicts.items() if v.verdict != OK} == set(office_site.BAD_ITEMS)
    assert verdicts["o10"].verdict == OK, "an item not yet published has a page to hand in"


def test_the_demo_mapping_opens_no_other_internal_address(site: Served) -> None:
    settings = CheckSettings(pause=0.0, timeout=5.0, demo_site=office_site.setting(site.url))
    [direct] = check_many([Link(site.url + "/demo-site/oit/o1", 2570)], settings)
    assert direct.text == "เข้าไม่ได้ (ที่อยู่ภายในเครือข่าย)"


def test_a_setting_without_a_host_maps_nothing() -> None:
    assert demo_site.parse("") is None and demo_site.parse("=http://127.0.0.1:8000") is None
    assert demo_site.parse("http://=http://127.0.0.1:8000") is None
    assert demo_site.parse("www.muaklek.go.th=http://127.0.0.1:8000/demo-site/") == (
        "muaklek.go.th", "http://127.0.0.1:8000/demo-site")


def test_the_demo_site_is_a_demo_only_setting() -> None:
    assert Config().demo_site == "" and settings_of(Config()).demo_site == ""
    with pytest.raises(ConfigError, match="ITA_DEMO_SITE ใช้ได้เฉพาะโหมดสาธิต"):
        Config.from_env({"ITA_STORE": "google", "GOOGLE_SPREADSHEET_ID": "x", "GOOGLE_APPLICATION_CREDENTIALS": "/c",
                         "ITA_DEMO_SITE": "www.muaklek.go.th=http://127.0.0.1:8000/demo-site"})
    local = Config.from_env({"ITA_STORE": "local", "ITA_DEMO_SITE": "www.muaklek.go.th=http://127.0.0.1:8000/demo-site"})
    assert settings_of(local).demo_site == "www.muaklek.go.th=http://127.0.0.1:8000/demo-site"


def test_other_pages_of_the_site_answer_as_a_site_does(site: Served) -> None:
    settings = CheckSettings(pause=0.0, timeout=5.0, demo_site=office_site.setting(site.url))
    links = [Link(f"https://www.muaklek.go.th{path}", 2570, "muaklek.go.th")
             for path in ("/oit", "/complaints", "/no-such-page")]
    assert [v.verdict for v in check_many(links, settings)] == [OK, OK, NOT_FOUND]
