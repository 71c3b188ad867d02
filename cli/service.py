"""ita-bot demo, serve, jobs and richmenu: the commands that run the bot or talk to LINE."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import click
from linebot.v3.messaging import ApiException
from werkzeug.serving import make_server

from app import create_demo_app, runtime_of
from bot.jobs import JOB_NAMES, next_runs
from bot.richmenu import FontMissing, deploy, line_apis
from bot.runtime import build_runtime
from bot.workers import Timing
from cli.common import (
    DEMO_ENV,
    clock_source,
    load_config,
    load_deployment_config,
    load_office,
    office_now,
    office_today,
    print_summary,
    read_snapshot,
)
from cli.demo_env import private_env_file, sigterm_stops
from common.config import Config, ConfigError
from common.offices import load_offices
from common.thaitext import DateParseError, format_thai_date, parse_thai_datetime
from demo import office_site
from demo.workbook import create_demo_workbook
from handlers.conversation.replies import Flex
from handlers.jobs.summaries import describe_recipient
from sheets.factory import open_backend
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from templates import label


@click.command("demo")
@click.option("--no-server", is_flag=True, help="สร้างสมุดงานตัวอย่างและแสดงสรุปเท่านั้น ไม่เปิดเซิร์ฟเวอร์")
def demo(no_server: bool) -> None:
    """สาธิต: สมุดงานตัวอย่าง + บอท + LINE จำลอง ที่ http://127.0.0.1:<PORT>/simulator (PORT ค่าเริ่มต้น 8000)"""
    config = replace(load_deployment_config(), offices_file=None)  # the demo is one office
    if config.store != "local":
        raise click.ClickException("โหมดสาธิตใช้ไฟล์ .xlsx ในเครื่องเท่านั้น (ITA_STORE=local)")
    workbook = LocalWorkbook(config.workbook_path)
    if workbook.version() is None:
        create_demo_workbook(workbook, office_today(config))
        click.echo(f"สร้างสมุดงานตัวอย่างที่ {config.workbook_path}")
    click.echo(f"สมุดงาน: {workbook.describe()} (เปิดแก้ไขได้ด้วย LibreOffice หรือ Excel)")
    print_summary(read_snapshot(config))
    if not no_server:
        run_demo_server(config)


def run_demo_server(config: Config) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the simulator polls several times a second
    host = "127.0.0.1"
    try:
        _probe(host, config.port)  # werkzeug would print English and exit on a taken port
        server = make_server(host, config.port, not_ready, threaded=True)
    except OSError:
        raise click.ClickException(f"พอร์ต {config.port} ถูกใช้อยู่ ลองใหม่ด้วย PORT={next_port(config.port)} make demo"
                                   ) from None
    base_url = f"http://{host}:{server.server_port}"  # the port the server holds, whatever PORT said
    generated = (secrets.token_hex(16), secrets.token_urlsafe(32), secrets.token_hex(32))
    app, _ = create_demo_app(config, base_url, generated)
    server.app = app
    secrets_of_demo = {"LINE_CHANNEL_ACCESS_TOKEN": generated[1], "LINE_API_HOST": f"{base_url}/line-fake",
                       "ITA_SECRET_KEY": generated[2], "ITA_DEMO_SITE": office_site.setting(base_url),
                       "ITA_PUBLIC_URL": config.public_url or base_url}
    try:
        with sigterm_stops(), private_env_file(config.data_dir / DEMO_ENV, secrets_of_demo):
            click.echo(f"\nบอทพร้อมแล้ว เปิดหน้าจำลอง LINE ที่ {base_url}/simulator")
            click.echo("กด Ctrl+C เพื่อหยุด")
            server.serve_forever()  # werkzeug returns on Ctrl+C (and on SIGTERM, made the same)
    except KeyboardInterrupt:  # a stop that came just before or after serve_forever: the same clean stop
        pass
    finally:
        server.server_close()
        runtime_of(app).stop()
        click.echo("\nหยุดแล้ว")


def _probe(host: str, port: int) -> None:
    """OSError when ``port`` cannot be listened on (bound as the server will bind it)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def next_port(port: int) -> int:
    """Another port to suggest when ``port`` is taken."""
    return port + 1 if port < 65535 else 8001


def not_ready(environ: dict[str, object], start_response: Callable[..., object]) -> list[bytes]:
    """The WSGI app a server holds until the real one is built (the real one needs the server's port)."""
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


@click.group()
def jobs() -> None:
    """งานตามกำหนดเวลา: สรุป เตือน และสถิติ ที่ส่งเข้า LINE และบันทึกในแท็บ รายงาน"""


@jobs.command("list")
def jobs_list() -> None:
    """รายชื่องาน และเวลาที่จะทำครั้งถัดไป (เวลาของสำนักงาน ปี พ.ศ.)"""
    config = load_deployment_config()
    upcoming = next_runs(office_now(config).replace(tzinfo=config.zone), config.zone)
    for name in JOB_NAMES:
        when = upcoming[name]
        click.echo(f"{name:22} {pad(label('job_' + name), 30)} ครั้งถัดไป {format_thai_date(when)} {when:%H:%M} น.")


class ThaiDate(click.ParamType[date, str]):
    """A date as admins type it: 1/12/2569, 2569-12-01, ๑ ธ.ค. ๖๙ or a Christian-era 2026-12-01."""

    name = "วันที่"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_thai_datetime(str(value)).date()
        except DateParseError as error:
            self.fail(f"{error.reason}: {value}", param, ctx)


@jobs.command("run")
@click.argument("name", type=click.Choice(JOB_NAMES), metavar="ชื่องาน")
@click.option("--date", "day", type=ThaiDate(), help="ทำเสมือนเป็นวันที่นี้ เช่น 1/12/2569 หรือ 2569-12-01")
@click.option("--dry-run", is_flag=True, help="แสดงข้อความที่จะส่งและผู้รับ โดยไม่ส่งและไม่บันทึก")
@click.option("--demo", is_flag=True, help="ส่งเข้าโหมดสาธิตที่กำลังรันอยู่ (make demo)")
def jobs_run(name: str, day: date | None, dry_run: bool, demo: bool) -> None:
    """ทำงานที่ระบุหนึ่งครั้ง (ชื่องานดูได้ด้วย jobs list; ทำซ้ำในช่วงเดียวกันจะไม่ส่งซ้ำ)"""
    office, config = load_office()
    if demo:
        config = _with_demo_env(config)
    runtime = build_runtime(config, office, Timing(flush_interval=None, sync_interval=None), clock=clock_source())
    try:
        report = runtime.jobs.run(name, day, dry_run=dry_run)
        if dry_run:
            snapshot = runtime.snapshots.get()
            for to, message in report.posts:
                click.echo(f"--- ถึง {describe_recipient(snapshot, to)} ---")
                click.echo(message.alt_text if isinstance(message, Flex) else message.text)
        Flusher(runtime.outbox, open_backend(config), runtime.clock).drain()
    finally:
        runtime.stop()
    click.echo(f"{name} ({report.period}): {report.result}")


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` columns as a terminal shows Thai: vowel and tone marks take no column."""
    columns = sum(1 for ch in text if unicodedata.category(ch) != "Mn")
    return text + " " * max(0, width - columns)


def _with_demo_env(config: Config) -> Config:
    path = config.data_dir / DEMO_ENV
    if not path.exists():
        raise click.ClickException("ไม่พบโหมดสาธิตที่กำลังรัน เปิดด้วย make demo ในอีกหน้าต่างหนึ่งก่อน")
    values = dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
    return replace(config, line_access_token=values["LINE_CHANNEL_ACCESS_TOKEN"], line_api_host=values["LINE_API_HOST"],
                   secret_key=values["ITA_SECRET_KEY"], public_url=values.get("ITA_PUBLIC_URL", config.public_url),
                   demo_site=values.get("ITA_DEMO_SITE", config.demo_site))


@click.group()
def richmenu() -> None:
    """ริชเมนูของบัญชี LINE"""


@richmenu.command("deploy")
def richmenu_deploy() -> None:
    """สร้างริชเมนูประชาชน (ค่าเริ่มต้น) และเมนูเจ้าหน้าที่ (ผูกกับเจ้าหน้าที่ที่อนุมัติแล้ว)"""
    config = load_config()
    if not config.line_access_token:
        raise click.ClickException("ต้องตั้ง LINE_CHANNEL_ACCESS_TOKEN ก่อน")
    staff = [m.line_user_id for m in read_snapshot(config).staff if m.status == "อนุมัติ" and m.line_user_id]
    api, blob = line_apis(config)
    try:
        report = deploy(api, blob, staff)
    except FontMissing as error:
        raise click.ClickException(str(error)) from None
    except ApiException as error:
        raise click.ClickException(f"LINE ปฏิเสธคำขอ (HTTP {error.status}) ตรวจ LINE_CHANNEL_ACCESS_TOKEN") from None
    click.echo(f"ตั้งเมนูประชาชนเป็นค่าเริ่มต้นแล้ว ({report.default_menu})")
    click.echo(f"ผูกเมนูเจ้าหน้าที่ ({report.staff_menu}) กับเจ้าหน้าที่ {report.linked_staff} คน")
    if report.removed_old:
        click.echo(f"ลบริชเมนูเดิมของระบบ {report.removed_old} เมนู")


@click.command("serve")
def serve() -> None:
    """เปิดบริการจริงด้วย gunicorn (ต้องตั้ง LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, ITA_SECRET_KEY)"""
    config = load_deployment_config()
    try:
        config.require_serving()
        if config.offices_file is not None:  # a mistake in the file stops here, in Thai, not in a worker
            for office in load_offices(config.offices_file, config, os.environ):
                if office.problem:
                    click.echo(f"สำนักงาน {office.id} จะยังไม่เปิด: {office.problem}", err=True)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        config.data_dir.chmod(0o700)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).with_name("gunicorn"))
    conf = Path(__file__).with_name("gunicorn_conf.py")
    os.umask(0o077)  # state files, photos and the local workbook: the service account's alone
    os.execv(gunicorn, [gunicorn, "--config", str(conf), "app:create_app(background=True)"])
