"""Two `ita-bot serve` processes behind one load balancer, sharing one Redis (ITA_STATE_URL=redis://)."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import requests

from app import complaint_sync, create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS
from state.stores import open_stores
from tests.conftest import FakeClock, line_ms
from tests.fakes.demo_sheet import seed_demo
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.processes import BotProcess, eventually, free_port
from tests.fakes.redis_server import RedisServer
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_complaint
from tests.fakes.sheets_api import FakeSheetsApi
from tests.integration.conftest import ACCESS_TOKEN, CHANNEL_SECRET, post_signed, quick_messenger

USER = "U" + "4" * 32
STAFF_GROUP = "C" + "5" * 32
JOBS_TOKEN = "jobs-token-for-tests"
RECEIPT = re.compile(r"เลขรับเรื่องของคุณ: ([0-9A-Z-]+)")


@pytest.fixture
def instances(redis_url: str, sheets_fake: FakeSheetsApi, google_env: dict[str, str],
              line_fake: tuple[LineApiFake, Served]) -> Iterator[list[BotProcess]]:
    seed_demo(sheets_fake, date(2026, 11, 23))
    env = {**google_env, "ITA_STATE_URL": redis_url, "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN, "LINE_API_HOST": line_fake[1].url,
           "ITA_SECRET_KEY": "k" * 32, "ITA_JOBS_TOKEN": JOBS_TOKEN, "ITA_SCHEDULER": "off"}
    bots = [BotProcess({**env, "ITA_DATA_DIR": google_env["ITA_DATA_DIR"] + f"-{n}"}) for n in range(2)]
    yield bots
    for bot in bots:
        bot.stop()
    assert not any("Traceback" in line for bot in bots for line in bot.log)


def post_event(bot: BotProcess, event: dict[str, object]) -> int:
    body = body_of(event)
    return requests.post(bot.url + "/callback", data=body, timeout=10,
                         headers={"X-Line-Signature": sign(CHANNEL_SECRET, body),
                                  "Content-Type": "application/json"}).status_code


def now_ms() -> int:
    return int(time.time() * 1000)


def idle(bots: list[BotProcess]) -> bool:
    return all(requests.get(bot.url + "/healthz", timeout=10).json()["events_in_progress"] == 0 for bot in bots)


def test_a_complaint_conversation_alternating_between_instances_completes_once(
        instances: list[BotProcess], line_fake: tuple[LineApiFake, Served], sheets_fake: FakeSheetsApi,
        redis_url: str, tmp_path: Path) -> None:
    fake = line_fake[0]
    steps = ["ร้องเรียน", "จัดซื้อจัดจ้าง", "ถนนสร้างไม่ตรงแบบ", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ถัดไป",
             "ไม่รับ", "ยืนยันส่ง"]
    last, answer = 0, ""
    for n, text in enumerate(steps):
        assert post_event(instances[n % 2], text_event(USER, text, fake.issue_reply_token(USER), now_ms())) == 200
        delivered = fake.wait_for(USER, after=last)
        assert delivered, f"no answer to {text!r} from instance {n % 2}"
        last = delivered[-1].seq
        answer = "\n".join(str(m.get("text") or m.get("altText")) for d in delivered for m in d.messages)
    assert RECEIPT.search(answer), answer
    outbox = open_stores(redis_url, tmp_path, "k" * 32).outbox  # the queue both instances share
    assert eventually(lambda: outbox.depth() == 0 and idle(instances)), "both flushers leave nothing behind"
    rows = Counter(str(row[0]) for row in sheets_fake.grid(COMPLAINTS.name).rows[1:] if row)
    assert rows["2570-0004"] == 1 and all(count == 1 for count in rows.values())


def test_the_same_event_sent_to_both_instances_is_processed_once(instances: list[BotProcess],
                                                                 line_fake: tuple[LineApiFake, Served]) -> None:
    fake = line_fake[0]
    event = text_event(USER, "คะแนน ITA 2568", fake.issue_reply_token(USER), now_ms(), event_id="01DUPLICATEEVENT")
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda bot=bot: statuses.append(post_event(bot, event))) for bot in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert fake.wait_for(USER)
    assert eventually(lambda: idle(instances))
    assert len(fake.messages_to(USER)) == 1


def test_weekly_digest_triggered_on_both_instances_posts_once(instances: list[BotProcess],
                                                              line_fake: tuple[LineApiFake, Served]) -> None:
    results: list[dict[str, object]] = []

    def trigger(bot: BotProcess) -> None:
        response = requests.post(bot.url + "/jobs/weekly-digest", timeout=30,
                                 headers={"Authorization": f"Bearer {JOBS_TOKEN}"})
        results.append(response.json())

    threads = [threading.Thread(target=trigger, args=(bot,)) for bot in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(bool(result["ran"]) for result in results) == [False, True]
    assert len(line_fake[0].messages_to(STAFF_GROUP)) == 1


def test_when_redis_is_down_the_webhook_asks_line_to_redeliver_and_healthz_says_so(
        bot_config: Config, clock: FakeClock, line_fake: tuple[LineApiFake, Served], tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis")
    app = create_app(replace(bot_config, state_url=server.url), clock=clock,
                     messenger=quick_messenger(bot_config, clock), flush_interval=None, sync_interval=None)
    client, fake = app.test_client(), line_fake[0]
    try:
        assert client.get("/healthz").status_code == 200
        server.stop()
        event = text_event(USER, "เมนู", fake.issue_reply_token(USER), line_ms(clock()))
        assert post_signed(client, body_of(event)) == 503, "not acknowledged: LINE redelivers it later"
        assert fake.messages_to(USER) == []
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["state_error"]
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/status").get_data(as_text=True))
        assert token
        status = client.post("/status", data={"csrf_token": token.group(1), "receipt": "ABCDE-FGHJK"})
        assert status.status_code == 500 and "ระบบขัดข้องชั่วคราว" in status.get_data(as_text=True)
    finally:
        runtime_of(app).stop()


def test_a_status_change_synced_by_two_instances_at_once_reaches_the_citizen_once(
        bot_config: Config, clock: FakeClock, line_fake: tuple[LineApiFake, Served], redis_url: str) -> None:
    """Both instances read the subscriber before either marks it told; the shared retry key makes LINE drop one."""
    config = replace(bot_config, state_url=redis_url)
    apps = [create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None,
                       sync_interval=None) for _ in range(2)]
    fake, runtimes = line_fake[0], [runtime_of(app) for app in apps]
    try:
        for n, text in enumerate(["ร้องเรียน", "อื่น ๆ", "ขอให้ตรวจสอบ", "ถัดไป", "ไม่ทราบ", "ข้าม", "ข้าม", "ถัดไป",
                                  "รับแจ้งเตือน", "ยืนยันส่ง"]):
            event = text_event(USER, text, fake.issue_reply_token(USER), line_ms(clock()))
            assert post_signed(apps[n % 2].test_client(), body_of(event)) == 200
            runtimes[n % 2].events.wait_idle()
        Flusher(runtimes[0].outbox, LocalWorkbook(config.workbook_path), clock).drain()
        edit_complaint(config.workbook_path, "2570-0004", {"สถานะ": "กำลังตรวจสอบ"})
        before = len(fake.messages_to(USER))
        fake.gate = threading.Event()
        syncs = [threading.Thread(target=complaint_sync, args=(runtime,)) for runtime in runtimes]
        for sync in syncs:
            sync.start()
        assert eventually(lambda: fake.waiting == 2), "both instances are pushing the same change"
        fake.gate.set()
        for sync in syncs:
            sync.join()
        updates = fake.messages_to(USER)[before:]
        assert len(updates) == 1 and "กำลังตรวจสอบ" in updates[0].messages[0]["text"]
        assert any(status == 409 for status, _ in fake.rejected)
    finally:
        for runtime in runtimes:
            runtime.stop()


def test_the_bot_starts_while_redis_is_down_and_says_so(bot_config: Config, clock: FakeClock,
                                                        line_fake: tuple[LineApiFake, Served]) -> None:
    app = create_app(replace(bot_config, state_url=f"redis://127.0.0.1:{free_port()}/0"), clock=clock,
                     messenger=quick_messenger(bot_config, clock), flush_interval=None, sync_interval=None)
    try:
        health = app.test_client().get("/healthz")
        assert health.status_code == 503 and health.get_json()["state_error"]
    finally:
        runtime_of(app).stop()
