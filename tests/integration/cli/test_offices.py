"""Three offices in one deployment (ITA_OFFICES): own channel, own sheet, own state; one failing leaves the rest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of, stop_all
from common.config import Config, ConfigError
from common.offices import load_offices
from demo.line_fake import LineApiFake
from demo.line_fake_http import line_fake_blueprint
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS
from tests.conftest import FakeClock, line_ms
from tests.fakes.demo_sheet import seed_demo
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.processes import ITA_BOT, BotProcess, eventually
from tests.fakes.servers import Served, serve
from tests.fakes.sheets_api import FakeSheetsApi

OFFICES = {  # id: (channel secret, access token)
    "muaklek": ("a1" * 16, "token-muaklek"),
    "bangjak": ("b2" * 16, "token-bangjak"),
    "phonong": ("c3" * 16, "token-phonong"),
    "khaoyai": ("d4" * 16, "token-khaoyai"),
}
USER = "U" + "8" * 32


@pytest.fixture
def channels(clock: FakeClock) -> Iterator[tuple[LineApiFake, Served]]:
    """One LINE platform, three channels (one access token each)."""
    fake = LineApiFake("token-muaklek", clock, other_channels=("token-bangjak", "token-phonong", "token-khaoyai"))
    app = Flask("line-fake")
    app.register_blueprint(line_fake_blueprint(fake))
    served = serve(app)
    yield fake, served
    served.stop()


def revoked_credentials(tmp_path: Path, sheets_fake: FakeSheetsApi, rsa_key_pair: tuple[str, str]) -> Path:
    """A service-account file whose key Google no longer accepts."""
    info = sheets_fake.service_account_info(*rsa_key_pair)
    del sheets_fake.public_keys[info["private_key_id"]]
    path = tmp_path / "revoked-service-account.json"
    path.write_text(json.dumps(info))
    return path


def write_offices(tmp_path: Path, workbook: Path, google_credentials: Path, sheet_id: str, revoked: Path) -> Path:
    path = tmp_path / "offices.toml"
    path.write_text(f"""
[defaults]
google_credentials = "{google_credentials}"

[offices.muaklek]
name = "เทศบาลตำบลมวกเหล็ก"
workbook = "{workbook}"

[offices.bangjak]
name = "อบต.บางจาก"
store = "google"
spreadsheet_id = "{sheet_id}"

[offices.phonong]
name = "อบต.โพหนอง (ชีตถูกยกเลิกสิทธิ์)"
store = "google"
spreadsheet_id = "revoked-sheet"

[offices.khaoyai]
name = "อบต.เขาใหญ่ (กุญแจบัญชีบริการถูกเพิกถอน)"
store = "google"
spreadsheet_id = "{sheet_id}"
google_credentials = "{revoked}"

[offices.nokeys]
name = "ยังไม่ได้ตั้งค่า"
""", encoding="utf-8")
    return path


@pytest.fixture
def deployment(tmp_path: Path, demo_xlsx: Path, sheets_fake: FakeSheetsApi, google_credentials: Path,
               channels: tuple[LineApiFake, Served], state_url: str, clock: FakeClock,
               rsa_key_pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    seed_demo(sheets_fake, date(2026, 11, 23))
    workbook = tmp_path / "muaklek.xlsx"
    shutil.copyfile(demo_xlsx, workbook)
    for office, (secret, token) in OFFICES.items():
        monkeypatch.setenv(f"LINE_CHANNEL_SECRET_{office.upper()}", secret)
        monkeypatch.setenv(f"LINE_CHANNEL_ACCESS_TOKEN_{office.upper()}", token)
    config = Config(data_dir=tmp_path / "var", secret_key="k" * 32, state_url=state_url,
                    line_api_host=channels[1].url, sheets_api_url=sheets_fake.base_url, sheets_timeout=2,
                    offices_file=write_offices(tmp_path, workbook, google_credentials, sheets_fake.spreadsheet.id,
                                               revoked_credentials(tmp_path, sheets_fake, rsa_key_pair)))
    app = create_app(config, clock=clock, flush_interval=None, sync_interval=None, scheduler=False)
    yield app
    stop_all(app)


def say(client: FlaskClient, app: Flask, office: str, text: str, fake: LineApiFake, clock: FakeClock,
        secret: str | None = None) -> int:
    body = body_of(text_event(USER, text, fake.issue_reply_token(USER), line_ms(clock())))
    status = client.post(f"/callback/{office}", data=body, headers={
        "X-Line-Signature": sign(secret or OFFICES[office][0], body), "Content-Type": "application/json"}).status_code
    if status == 200:
        runtime_of(app, office).events.wait_idle()
    return status


def answers(fake: LineApiFake, token: str) -> str:
    return "\n".join(str(m.get("text") or m.get("altText")) for d in fake.deliveries if d.channel == token
                     for m in d.messages)


def test_each_office_answers_from_its_own_sheet_through_its_own_channel(
        deployment: Flask, channels: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, client = channels[0], deployment.test_client()
    for office in OFFICES:
        assert say(client, deployment, office, "คะแนน ITA 2568", fake, clock) == 200
    assert "คะแนน" in answers(fake, "token-muaklek") and "คะแนน" in answers(fake, "token-bangjak")
    for failing in ("token-phonong", "token-khaoyai"):
        assert "ขออภัย" in answers(fake, failing), "a failing sheet gets a clear answer, not silence"
    assert len(fake.deliveries) == 4


def test_a_bad_secret_or_unknown_office_is_refused_and_the_others_keep_working(
        deployment: Flask, channels: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, client = channels[0], deployment.test_client()
    assert say(client, deployment, "muaklek", "คะแนน ITA 2568", fake, clock, secret=OFFICES["bangjak"][0]) == 400
    assert say(client, deployment, "nokeys", "คะแนน ITA", fake, clock, secret="x" * 32) == 404
    assert say(client, deployment, "elsewhere", "คะแนน ITA", fake, clock, secret="x" * 32) == 404
    assert fake.deliveries == []
    assert say(client, deployment, "muaklek", "คะแนน ITA 2568", fake, clock) == 200
    assert say(client, deployment, "bangjak", "คะแนน ITA 2568", fake, clock) == 200
    assert [d.channel for d in fake.deliveries] == ["token-muaklek", "token-bangjak"]


def test_complaints_stay_in_their_office_and_a_failing_sheet_keeps_its_own_queue(
        deployment: Flask, channels: tuple[LineApiFake, Served], clock: FakeClock,
        sheets_fake: FakeSheetsApi, tmp_path: Path) -> None:
    fake, client = channels[0], deployment.test_client()
    steps = ["ร้องเรียน", "จัดซื้อจัดจ้าง", "ถนนสร้างไม่ตรงแบบ", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ถัดไป",
             "ไม่รับ", "ยืนยันส่ง"]
    for office in ("muaklek", "phonong"):
        for text in steps:
            assert say(client, deployment, office, text, fake, clock) == 200
    assert "เลขรับเรื่องของคุณ" in answers(fake, "token-muaklek")
    assert "เลขรับเรื่องของคุณ" in answers(fake, "token-phonong"), "a failing sheet still takes complaints"
    depths = {office: runtime_of(deployment, office).outbox.depth() for office in OFFICES}
    assert depths == {"muaklek": 1, "bangjak": 0, "phonong": 1, "khaoyai": 0}

    muaklek = runtime_of(deployment, "muaklek")
    assert Flusher(muaklek.outbox, LocalWorkbook(tmp_path / "muaklek.xlsx"), clock).drain().written == 1
    phonong = runtime_of(deployment, "phonong")
    report = Flusher(phonong.outbox, phonong.snapshots.backend, clock).drain(retry_now=True, max_rounds=2)
    assert report.written == 0 and phonong.outbox.depth() == 1, "kept until the sheet is shared again"
    assert [row[0] for row in sheets_fake.grid(COMPLAINTS.name).rows[1:] if row] == ["2570-0001", "2570-0002",
                                                                                     "2570-0003"]

    health = client.get("/healthz")
    assert health.status_code == 200
    offices = health.get_json()["offices"]
    assert offices["phonong"]["snapshot_error"] and not offices["muaklek"]["snapshot_error"]
    assert offices["khaoyai"]["snapshot_error"] and not offices["bangjak"]["snapshot_error"]
    assert "LINE_CHANNEL_SECRET_NOKEYS" in health.get_json()["disabled"]["nokeys"]


def test_the_office_file_is_checked_with_the_place_of_each_mistake(tmp_path: Path) -> None:
    path = tmp_path / "offices.toml"
    cases = {
        "[offices.Bad_Id]\n": "รหัสสำนักงาน 'Bad_Id'",
        "[offices.callback]\n": "รหัสสำนักงาน 'callback'",
        "[offices.a]\nstor = 'google'\n": "[offices.a] stor",
        "[offices.a]\nstore = 'google'\n": "ต้องมี spreadsheet_id",
        "[office.a]\n": "[offices.<รหัส>]",
        "[offices.a\n": "รูปแบบ TOML",
        "offices = { a = 5 }\n": "ต้องเป็นตาราง",
    }
    for text, expected in cases.items():
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=expected.replace("[", r"\[").replace(".", r"\.")):
            load_offices(path, Config(), {})
    with pytest.raises(ConfigError, match="อ่านไฟล์ ITA_OFFICES ไม่ได้"):
        load_offices(tmp_path / "missing.toml", Config(), {})



def test_admin_commands_work_on_the_office_named_with_office(tmp_path: Path, own_workbook: Path,
                                                             google_credentials: Path) -> None:
    offices = write_offices(tmp_path, own_workbook, google_credentials, "unused", google_credentials)
    env = {**os.environ, "ITA_OFFICES": str(offices), "ITA_DATA_DIR": str(tmp_path / "var"),
           "ITA_SECRET_KEY": "k" * 32}
    unnamed = subprocess.run([ITA_BOT, "sheet", "show"], env=env, capture_output=True, text=True, timeout=60)
    assert unnamed.returncode != 0 and "--office" in unnamed.stderr and "muaklek, bangjak" in unnamed.stderr
    named = subprocess.run([ITA_BOT, "--office", "muaklek", "sheet", "show"], env=env, capture_output=True,
                           text=True, timeout=60)
    assert named.returncode == 0, named.stderr
    assert "เทศบาลตำบลมวกเหล็ก" in named.stdout
    flushed = subprocess.run([ITA_BOT, "outbox", "flush"], env={**env, "ITA_OFFICE": "muaklek"},
                             capture_output=True, text=True, timeout=60)
    assert flushed.returncode == 0 and "ค้างในคิว 0" in flushed.stdout
    assert (tmp_path / "var" / "muaklek" / "outbox.sqlite3").exists(), "each office keeps its own files"


def test_ita_bot_serve_runs_every_office_of_the_file(tmp_path: Path, own_workbook: Path, sheets_fake: FakeSheetsApi,
                                                     google_credentials: Path, rsa_key_pair: tuple[str, str],
                                                     channels: tuple[LineApiFake, Served]) -> None:
    seed_demo(sheets_fake, date(2026, 11, 23))
    offices = write_offices(tmp_path, own_workbook, google_credentials, sheets_fake.spreadsheet.id,
                            revoked_credentials(tmp_path, sheets_fake, rsa_key_pair))
    env = {**os.environ, "ITA_OFFICES": str(offices), "ITA_DATA_DIR": str(tmp_path / "var"),
           "ITA_SECRET_KEY": "k" * 32, "LINE_API_HOST": channels[1].url, "ITA_SHEETS_API_URL": sheets_fake.base_url,
           "ITA_SCHEDULER": "off"}
    for office, (secret, token) in OFFICES.items():
        env[f"LINE_CHANNEL_SECRET_{office.upper()}"] = secret
        env[f"LINE_CHANNEL_ACCESS_TOKEN_{office.upper()}"] = token
    bot = BotProcess(env)
    try:
        first = requests.get(bot.url + "/healthz", timeout=30).json()  # answers while the offices are built
        assert set(first["offices"]) | {"nokeys"} <= set(OFFICES) | {"nokeys"}
        assert eventually(lambda: requests.get(bot.url + "/healthz", timeout=30).json()["starting"] == 0)
        health = requests.get(bot.url + "/healthz", timeout=30).json()
        assert set(health["offices"]) == set(OFFICES) and set(health["disabled"]) == {"nokeys"}
        fake = channels[0]
        body = body_of(text_event(USER, "คะแนน ITA 2568", fake.issue_reply_token(USER), int(time.time() * 1000)))
        wrong = requests.post(bot.url + "/callback/bangjak", data=body, timeout=10,
                              headers={"X-Line-Signature": sign(OFFICES["muaklek"][0], body)})
        assert wrong.status_code == 400
        right = requests.post(bot.url + "/callback/bangjak", data=body, timeout=10,
                              headers={"X-Line-Signature": sign(OFFICES["bangjak"][0], body)})
        assert right.status_code == 200
        [reply] = fake.wait_for(USER)
        assert reply.channel == "token-bangjak"
        assert eventually(lambda: any("[INFO] bot.dispatch (events-bangjak" in line for line in bot.log)), \
            "the bot's own log lines reach stderr, naming the office's worker"
    finally:
        bot.stop()
    assert not any("Traceback" in line for line in bot.log)
    assert not any(USER in line or "คะแนน ITA 2568" in line for line in bot.log), "no userId or text in logs"
    assert any("nokeys" in line and "LINE_CHANNEL_SECRET_NOKEYS" in line for line in bot.log)


def test_each_office_has_its_own_transparency_pages(deployment: Flask) -> None:
    client = deployment.test_client()
    muaklek = client.get("/muaklek/transparency")
    assert muaklek.status_code == 200 and "/muaklek/transparency/complaints" in muaklek.get_data(as_text=True)
    assert client.get("/bangjak/transparency/complaints").status_code == 200
    for path in ("/nowhere/transparency", "/phonong/transparency/complaints.csv", "/transparency"):
        response = client.get(path)
        assert response.status_code == 404 and "ไม่พบ" in response.get_data(as_text=True), path
