"""The progress-report job gives the clerks' group document links, never a shell command or a Christian-era date."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner
from flask import Flask

from app import runtime_of
from cli.main import main
from common.config import Config
from demo.line_fake import LineApiFake
from tests.fakes.servers import Served
from tests.integration.conftest import ACCESS_TOKEN

STAFF_GROUP = "C" + "5" * 32
CHRISTIAN_DATE = re.compile(r"20\d\d-\d\d-\d\d")


def test_without_a_public_url_the_post_names_no_command(bot_app: Flask, line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    assert runtime_of(bot_app).jobs.run("progress-report", date(2027, 4, 1)).ran
    (delivery,) = fake.deliveries
    text = delivery.messages[0]["text"]
    assert delivery.to == (STAFF_GROUP,) and "เสร็จสิ้น 2" in text
    assert "ita-bot" not in text and "--" not in text and not CHRISTIAN_DATE.search(text), text
    assert "รายงาน มาตรการ" in text


def test_jobs_run_demo_posts_the_signed_links_of_the_running_demo(bot_config: Config, tmp_path: Path,
                                                                  line_fake: tuple[LineApiFake, Served]) -> None:
    fake, served = line_fake
    bot_config.data_dir.mkdir(parents=True, exist_ok=True)
    (bot_config.data_dir / "demo.env").write_text(
        f"LINE_CHANNEL_ACCESS_TOKEN={ACCESS_TOKEN}\nLINE_API_HOST={served.url}\nITA_SECRET_KEY={'k' * 32}\n"
        "ITA_PUBLIC_URL=http://127.0.0.1:8123\n", encoding="utf-8")
    env = {"ITA_WORKBOOK": str(bot_config.workbook_path), "ITA_DATA_DIR": str(bot_config.data_dir)}
    result = CliRunner().invoke(main, ["jobs", "run", "progress-report", "--demo", "--date", "1/4/2570"], env=env,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (delivery,) = fake.deliveries
    text = delivery.messages[0]["text"]
    assert len(re.findall(r"http://127\.0\.0\.1:8123/documents/\S+", text)) == 2, text
    assert "ita-bot" not in text and not CHRISTIAN_DATE.search(text)


def test_jobs_run_on_the_first_of_october_in_bangkok_makes_the_twelve_month_round(
        bot_config: Config, line_fake: tuple[LineApiFake, Served]) -> None:
    """01:00 on 1 October in Bangkok is still 30 September on a UTC server, where it made the 6-month round again."""
    fake, served = line_fake
    env = {"ITA_WORKBOOK": str(bot_config.workbook_path), "ITA_DATA_DIR": str(bot_config.data_dir),
           "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN, "LINE_API_HOST": served.url, "ITA_SECRET_KEY": "k" * 32,
           "ITA_PUBLIC_URL": "https://ita.example.go.th"}
    result = CliRunner().invoke(main, ["jobs", "run", "progress-report"], env=env, catch_exceptions=False,
                                obj=lambda: datetime(2027, 9, 30, 18, 0, tzinfo=UTC))
    assert result.exit_code == 0, result.output
    assert "progress-report (2570-M12)" in result.output
    assert "รอบ 12 เดือน" in fake.deliveries[0].messages[0]["text"]
