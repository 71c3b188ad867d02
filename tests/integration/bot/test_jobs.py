"""Job runs: once per period, logged in รายงาน, pushed through the LINE fake, triggered by HTTP or CLI."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from click.testing import CliRunner
from flask import Flask

from app import create_app, runtime_of
from cli.main import main
from common.config import Config
from demo.line_fake import LineApiFake
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from sheets.schema import JOB_LOG, STATISTICS
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.conftest import quick_messenger

STAFF_GROUP = "C" + "5" * 32


def log_rows(config: Config, app: Flask, clock: FakeClock) -> list[list[object]]:
    workbook = LocalWorkbook(config.workbook_path)
    Flusher(runtime_of(app).outbox, workbook, clock).drain()
    return [list(row) for row in workbook.read_tables()[JOB_LOG.name][1:]]


def test_weekly_digest_posts_once_per_week_and_is_logged(bot_app: Flask, bot_config: Config, clock: FakeClock,
                                                         line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    jobs = runtime_of(bot_app).jobs
    assert jobs is not None
    first = jobs.run("weekly-digest")
    again = jobs.run("weekly-digest", date(2026, 11, 29))
    assert first.ran and not again.ran and again.result == "ทำไปแล้วในช่วงนี้"
    assert [(d.kind, d.to) for d in fake.deliveries] == [("push", (STAFF_GROUP,))]
    assert fake.deliveries[0].messages[0]["type"] == "flex"
    assert jobs.run("weekly-digest", date(2026, 11, 30)).ran, "the next week posts again"
    assert len(fake.deliveries) == 2
    rows = log_rows(bot_config, bot_app, clock)
    assert [row[1] for row in rows] == ["weekly-digest", "weekly-digest"]
    assert rows[0][5] == "ส่งแล้ว 1 ข้อความถึง 1 ผู้รับ (push 1)" and rows[0][4] == "กลุ่ม LINE"
    assert "U" not in "".join(str(cell) for row in rows for cell in row if str(cell).startswith("U"))


def test_a_failed_push_is_logged_and_retried_with_the_same_retry_key(bot_app: Flask, bot_config: Config,
                                                                      clock: FakeClock,
                                                                      line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    jobs = runtime_of(bot_app).jobs
    assert jobs is not None
    fake.faults.extend([500] * 4)
    failed = jobs.run("complaint-deadlines")
    assert failed.result == "ล้มเหลว: HTTP 500" and fake.deliveries == []
    retried = jobs.run("complaint-deadlines")
    assert retried.ran and len(fake.deliveries) == 1
    key = fake.deliveries[0].retry_key
    assert jobs.run("complaint-deadlines").result == "ทำไปแล้วในช่วงนี้"
    rows = log_rows(bot_config, bot_app, clock)
    assert [row[5] for row in rows] == ["ล้มเหลว: HTTP 500", "ส่งแล้ว 1 ข้อความถึง 1 ผู้รับ (push 1)"]
    runtime_of(bot_app).state.release_job("complaint-deadlines", "2569-11-23")
    jobs.run("complaint-deadlines")
    assert len(fake.deliveries) == 1 and (409, "The retry key is already accepted") in fake.rejected, key


def test_statistics_are_written_to_their_own_tab(bot_app: Flask, bot_config: Config, clock: FakeClock) -> None:
    jobs = runtime_of(bot_app).jobs
    assert jobs is not None
    jobs.run("complaint-statistics", date(2027, 1, 1))
    log_rows(bot_config, bot_app, clock)
    table = LocalWorkbook(bot_config.workbook_path).read_tables()[STATISTICS.name]
    assert [row[2] for row in table[1:]] == ["ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569", "รวม"]


def test_the_http_trigger_needs_the_token(bot_config: Config, clock: FakeClock,
                                          line_fake: tuple[LineApiFake, Served]) -> None:
    off = create_app(bot_config, clock=clock, flush_interval=None, sync_interval=None)
    assert off.test_client().post("/jobs/weekly-digest").status_code == 404
    runtime_of(off).stop()
    config = replace(bot_config, jobs_token="s3cret-token")
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None,
                     sync_interval=None)
    client = app.test_client()
    assert client.post("/jobs/weekly-digest").status_code == 401
    assert client.post("/jobs/weekly-digest", headers={"Authorization": "Bearer wrong"}).status_code == 401
    auth = {"Authorization": "Bearer s3cret-token"}
    assert client.post("/jobs/no-such-job", headers=auth).status_code == 404
    assert client.post("/jobs/weekly-digest?date=2026-13-01", headers=auth).status_code == 400
    for edge in ("9999-12-31", "0001-01-01"):
        assert client.post(f"/jobs/weekly-digest?date={edge}", headers=auth).status_code == 400
    response = client.post("/jobs/weekly-digest", headers=auth)
    assert response.status_code == 200 and response.json["ran"] and response.json["period"] == "2569-W48"
    assert len(line_fake[0].deliveries) == 1
    runtime_of(app).stop()


def test_jobs_run_dry_run_prints_and_sends_nothing(bot_config: Config, line_fake: tuple[LineApiFake, Served]) -> None:
    env = {"ITA_WORKBOOK": str(bot_config.workbook_path), "ITA_DATA_DIR": str(bot_config.data_dir),
           "LINE_CHANNEL_ACCESS_TOKEN": bot_config.line_access_token, "LINE_API_HOST": bot_config.line_api_host,
           "ITA_SECRET_KEY": bot_config.secret_key}
    result = CliRunner().invoke(main, ["jobs", "run", "oit-monthly", "--date", "1/12/2569", "--dry-run"], env=env,
                                catch_exceptions=False)
    assert result.exit_code == 0 and "เผยแพร่แล้ว 9/16 ข้อ" in result.output and "ทดลอง (ไม่ได้ส่ง)" in result.output
    assert f"--- ถึง กลุ่มเจ้าหน้าที่ (staff_group_id = {'C' + '5' * 32}) ---" in result.output
    assert "oit-monthly (2569-12)" in result.output
    assert line_fake[0].deliveries == []
    sent = CliRunner().invoke(main, ["jobs", "run", "oit-monthly", "--date", "2026-12-01"], env=env)
    assert sent.exit_code == 0 and "ส่งแล้ว 1 ข้อความ" in sent.output and len(line_fake[0].deliveries) == 1
    listed = CliRunner().invoke(main, ["jobs", "list"], env=env)
    assert "weekly-digest" in listed.output and "ครั้งถัดไป" in listed.output
    assert re.search(r"ครั้งถัดไป \d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.", listed.output), "Buddhist-era dates"
    reminders = CliRunner().invoke(main, ["jobs", "run", "measure-reminders", "--date", "๒๓ พ.ย. ๖๙", "--dry-run"],
                                   env=env)
    assert "--- ถึง สมศรี ใจดี · สำนักปลัดเทศบาล (LINE ส่วนตัว) ---" in reminders.output
    bad = CliRunner().invoke(main, ["jobs", "run", "oit-monthly", "--date", "31/02/2569"], env=env)
    assert bad.exit_code == 2 and "ไม่มีวันที่นี้ในปฏิทิน" in bad.output and "Error" not in bad.output
