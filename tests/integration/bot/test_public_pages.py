"""The public pages around the forms: landing, PDPA notice, Thai error pages, shared header and footer."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, stop_all
from bot.photo_retention import ORPHAN_AGE
from common.config import Config
from handlers.complaints.desk import CLOSED_KEPT_DAYS
from handlers.conversation.engine import FLOW_TIMEOUT
from handlers.public.privacy import thai_duration
from sheets.schema import SETTINGS
from state.complaint_ledger import FILINGS_KEPT
from state.photo_drafts import IDLE
from state.store import KEEP_TURNS, SESSION_TTL
from tests.conftest import FakeClock
from tests.integration.bot.test_webform import submit, token

PAGES = ("/", "/complaint", "/status", "/transparency", "/transparency/complaints", "/privacy")
INTERNAL = ("สมุดงาน", "แท็บ", "snapshot", "workbook", "outbox", "ตั้งค่า", "Traceback")
"""Words of the bot's insides that mean nothing to the public (the sheet, its tabs, the code)."""


def text_of(html: str) -> str:
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_every_page_names_the_office_its_contact_and_links_to_the_others(client: FlaskClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        footer = html[html.index('<footer'):]
        for contact in ("เทศบาลตำบลมวกเหล็ก", "ถนนมิตรภาพ", "036 000 000", "saraban@muaklek.example",
                        "https://www.muaklek.go.th"):
            assert contact in footer, (path, contact)
        for link in ('href="/complaint"', 'href="/status"', 'href="/transparency"', 'href="/privacy"'):
            assert link in html, (path, link)
        assert 'href="/privacy">ประกาศความเป็นส่วนตัว' in footer, path


def test_no_public_page_uses_an_internal_word(client: FlaskClient) -> None:
    pages = {path: client.get(path).get_data(as_text=True) for path in (*PAGES, "/nowhere", "/transparency?year=2400",
                                                                       "/transparency/complaints?year=2400")}
    _, pages["errors"] = submit(client, category="")
    status, pages["receipt"] = submit(client)
    receipt = re.search(r'id="receipt">([0-9A-Z-]+)<', pages["receipt"])
    assert status == 200 and receipt
    pages["found"] = client.post("/status", data={"csrf_token": token(client, "/status"),
                                                  "receipt": receipt.group(1)}).get_data(as_text=True)
    for name, html in pages.items():
        page = text_of(html)
        for word in INTERNAL:
            assert word not in page, (name, word)


def test_the_landing_page_is_thai_and_leads_to_every_service(client: FlaskClient) -> None:
    page = text_of(client.get("/").get_data(as_text=True))
    for words in ("บริการประชาชน", "แจ้งเรื่องร้องเรียน", "ติดตามเรื่อง", "ข้อมูลความโปร่งใส", "ความเป็นส่วนตัว"):
        assert words in page


@pytest.mark.parametrize("path", ["/nowhere", "/complaint/extra", "/static/x.css", "/transparency/nothing"])
def test_an_unknown_path_is_a_thai_404_with_links_onward(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Not Found" not in html and "ไม่พบหน้าที่ต้องการ" in html
    assert 'href="/complaint"' in html and 'href="/"' in html and "036 000 000" in html


def test_a_wrong_method_is_a_thai_4xx(client: FlaskClient) -> None:
    response = client.put("/complaint")
    assert response.status_code == 405 and "Method Not Allowed" not in response.get_data(as_text=True)
    assert "ไม่รับคำขอแบบนี้" in response.get_data(as_text=True)


def test_the_privacy_notice_says_what_pdpa_section_23_asks(client: FlaskClient) -> None:
    page = text_of(client.get("/privacy").get_data(as_text=True))
    for words in ("มาตรา 24 (4)", "ภารกิจเพื่อประโยชน์สาธารณะ",  # purpose and legal basis
                  "ต้องให้", "ไม่บังคับ", "หน่วยงานรับเรื่องไม่ได้",  # required or not, and what follows
                  "ระยะเวลาที่เก็บ", "LINE", "นอกประเทศไทย",  # how long; who receives it, abroad
                  "ปลัดเทศบาล", "dpo@muaklek.example",  # the controller's DPO (from ตั้งค่า)
                  "มาตรา 30", "มาตรา 31", "มาตรา 32", "มาตรา 33", "มาตรา 34", "มาตรา 35 และ 36", "มาตรา 73",
                  "วิธีใช้สิทธิ", "เลขรับเรื่อง"):
        assert words in page, words
    assert "Google" not in page, "a local workbook goes to no Google server"


def test_the_retention_figures_are_the_codes_own(client: FlaskClient, bot_config: Config) -> None:
    html = client.get("/privacy").get_data(as_text=True)
    assert f'id="kept-photos">ลบ {CLOSED_KEPT_DAYS} วัน หลังปิดเรื่อง' in html
    assert f'id="kept-line">ลบ {CLOSED_KEPT_DAYS} วัน หลังปิดเรื่อง' in html
    assert thai_duration(FLOW_TIMEOUT) in html and thai_duration(IDLE) in html
    assert f'id="kept-stray">ลบภายใน {thai_duration(ORPHAN_AGE)}' in html
    assert f'id="kept-replies">{thai_duration(KEEP_TURNS)}' in html
    assert f"ข้อความที่เล่าไว้ถูกลบภายใน {thai_duration(SESSION_TTL)}</td>" in html
    assert f'id="kept-filings">{thai_duration(FILINGS_KEPT)}</td>' in html


def test_the_closed_case_figure_follows_the_setting_complaint_sync_uses(bot_app: Flask, bot_config: Config,
                                                                          clock: FakeClock) -> None:
    book = openpyxl.load_workbook(bot_config.workbook_path)
    book[SETTINGS.name].append(["complaint_retention_days", "๙๐", "วันที่เก็บรูปหลังปิดเรื่อง"])
    book.save(bot_config.workbook_path)
    client = bot_app.test_client()
    clock.advance(120)  # past the snapshot's age: the sheet is read again
    html = client.get("/privacy").get_data(as_text=True)
    assert 'id="kept-photos">ลบ 90 วัน หลังปิดเรื่อง' in html


def test_the_notice_names_google_when_the_register_is_a_google_sheet(bot_config: Config) -> None:
    from bot.public_pages import html as page
    from bot.public_pages import layout, retention
    from handlers.public.privacy import durations

    body = page("web/privacy.html.j2", title="x", google=True, kept=durations(retention(None)),
                **layout(None, "")).get_data(as_text=True)
    assert "Google LLC" in body and "นอกประเทศไทย" in body


def test_the_forms_link_the_privacy_notice(client: FlaskClient) -> None:
    for path in ("/complaint", "/status"):
        main = client.get(path).get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]
        assert 'href="/privacy"' in main, path


@pytest.fixture
def offices(tmp_path: Path, demo_xlsx: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    workbook = tmp_path / "muaklek.xlsx"
    shutil.copyfile(demo_xlsx, workbook)
    monkeypatch.setenv("LINE_CHANNEL_SECRET_MUAKLEK", "s" * 32)
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN_MUAKLEK", "token")
    listing = tmp_path / "offices.toml"
    listing.write_text(f'[offices.muaklek]\nname = "เทศบาลตำบลมวกเหล็ก"\nworkbook = "{workbook}"\n', encoding="utf-8")
    config = Config(data_dir=tmp_path / "var", secret_key="k" * 32, offices_file=listing,
                    line_api_host="http://127.0.0.1:9")
    app = create_app(config, clock=clock, flush_interval=None, sync_interval=None, scheduler=False,
                     registry_interval=None)
    yield app
    stop_all(app)


def test_each_office_has_its_landing_privacy_and_thai_404(offices: Flask) -> None:
    client = offices.test_client()
    for path in ("/muaklek/", "/muaklek/privacy"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="/muaklek/complaint"' in html and 'href="/muaklek/privacy"' in html, path
    missing = client.get("/muaklek/nowhere")
    assert missing.status_code == 404 and 'href="/muaklek/status"' in missing.get_data(as_text=True)
    assert "036 000 000" in missing.get_data(as_text=True)
    for path in ("/", "/elsewhere/complaint", "/nowhere"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in html and "Not Found" not in html, path
