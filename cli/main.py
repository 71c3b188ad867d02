"""The ita-bot command: workbook tools and the outbox; the service commands live in cli_service."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from cli.common import clock_source, load_config, load_office, office_now, print_summary, read_snapshot, require_secret
from cli.complaints import complaints
from cli.offices import office as office_group
from cli.oit import oit
from cli.report import report
from cli.service import demo, jobs, richmenu, serve
from cli.thai_click import localize
from common.clock import office_clock
from common.config import is_redis
from handlers.ita.data_checks import cross_checks
from sheets.backend import BackendError
from sheets.dropdowns import outdated
from sheets.factory import open_backend
from sheets.flusher import Flusher
from sheets.push_token import push_token
from sheets.settings_rows import add_missing_settings
from sheets.workbook import parse_workbook
from state.stores import open_stores, shared_client
from templates import render


@click.group()
@click.option("--office", envvar="ITA_OFFICE", metavar="รหัส",
              help="รหัสสำนักงานใน ITA_OFFICES (เมื่อหนึ่งระบบดูแลหลายสำนักงาน)")
def main(office: str | None) -> None:
    """ผู้ช่วย ITA บน LINE: เครื่องมือสำหรับผู้ดูแลระบบ"""


@main.group()
def sheet() -> None:
    """สมุดงาน (Google Sheet หรือไฟล์ .xlsx)"""


@sheet.command("init")
def sheet_init() -> None:
    """สร้างแท็บ หัวคอลัมน์ ตัวเลือกสถานะ และตรึงแถวหัวตาราง โดยไม่แตะข้อมูลเดิม"""
    config = load_config()
    backend = open_backend(config)
    try:
        report = backend.init_schema()
        keys = add_missing_settings(backend, set(parse_workbook(backend.read_tables(), office_now(config)).settings))
    except BackendError as error:
        raise click.ClickException(f"เตรียมสมุดงานไม่สำเร็จ: {error}") from None
    click.echo(f"{backend.describe()}:")
    for line in report.lines():
        click.echo(f"  {line}")
    if keys:
        click.echo(f"  เพิ่มรายการในแท็บ ตั้งค่า (กรอกค่าให้ครบก่อนออกรายงาน): {', '.join(keys)}")


@sheet.command("check")
def sheet_check() -> None:
    """ตรวจทุกแถวทุกคอลัมน์และรายการตัวเลือก แจ้งปัญหาพร้อมแท็บ แถว และคอลัมน์ (exit 1 เมื่อพบปัญหา)"""
    config = load_config()
    backend = open_backend(config)
    try:
        raw = backend.read_tables()
        rules = backend.list_rules()
    except BackendError as error:
        raise click.ClickException(f"อ่านสมุดงานไม่ได้: {error}") from None
    snapshot = parse_workbook(raw, office_now(config))
    dropdowns = outdated({name: table[0] for name, table in raw.items() if table}, rules)
    problems = [*snapshot.problems, *cross_checks(snapshot), *(old.problem() for old in dropdowns)]
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"พบปัญหา {len(problems)} รายการ")
        sys.exit(1)
    click.echo("ไม่พบปัญหา ข้อมูลในสมุดงานถูกต้องตามรูปแบบ")


@sheet.command("show")
def sheet_show() -> None:
    """สรุปสมุดงาน: หน่วยงาน ปีที่มีคะแนน และจำนวนแถวของแต่ละแท็บ"""
    config = load_config()
    click.echo(f"สมุดงาน: {open_backend(config).describe()}")
    print_summary(read_snapshot(config))


@sheet.command("push-token")
def sheet_push_token() -> None:
    """พิมพ์โทเค็นที่สคริปต์ในชีตใช้แจ้งบอตว่าชีตถูกแก้ไข (POST /sheet-changed)"""
    office, config = load_office()
    click.echo(push_token(require_secret(config), office))


@sheet.command("apps-script")
def sheet_apps_script() -> None:
    """พิมพ์โค้ด Apps Script สำหรับวางในชีต: แจ้งบอตภายในไม่กี่วินาทีเมื่อผู้ดูแลแก้ไขชีต"""
    office, config = load_office()
    if not config.public_url:
        raise click.ClickException("ต้องตั้ง ITA_PUBLIC_URL (ที่อยู่ https ของบอต) ก่อน สคริปต์จึงรู้ว่าจะแจ้งไปที่ใด")
    path = "/sheet-changed" if office == "default" else f"/sheet-changed/{office}"
    token = push_token(require_secret(config), office)
    name = "" if office == "default" else office
    click.echo(render("sheet_push.gs.j2", url=config.public_url + path, token=token, office_name=name))


@main.group()
def outbox() -> None:
    """คิวข้อมูลที่รอเขียนลงสมุดงาน"""


@outbox.command("flush")
@click.option("--retry-now", is_flag=True, help="ลองเขียนรายการที่กำลังรอลองใหม่ทันที ไม่ต้องรอ")
def outbox_flush(retry_now: bool) -> None:
    """เขียนข้อมูลที่ค้างในคิวลงสมุดงานจนหมด (หรือจนกว่าจะต้องรอลองใหม่)"""
    office, config = load_office()
    require_secret(config)
    queue = open_stores(config.state_url, config.data_dir, config.secret_key, office).outbox
    flusher = Flusher(queue, open_backend(config), office_clock(config.zone, clock_source()))
    report = flusher.drain(max_rounds=50 if retry_now else 1000, retry_now=retry_now)
    click.echo(f"เขียนแล้ว {report.written} รายการ, มีอยู่แล้ว {report.already_there}, "
               f"รอลองใหม่ {report.failed}, ค้างในคิว {queue.depth()}")
    if queue.depth():
        sys.exit(1)


for command in (demo, serve, jobs, richmenu, report, complaints, oit, office_group):
    main.add_command(command)


@main.group()
def state() -> None:
    """ข้อมูลที่ระบบเก็บนอกสมุดงาน (คิวรอเขียน เลขรับเรื่อง ผู้รับแจ้งเตือน)"""


@state.command("migrate")
@click.argument("redis_url")
def state_migrate(redis_url: str) -> None:
    """คัดลอกข้อมูลจากไฟล์ SQLite ไป Redis ก่อนเปลี่ยน ITA_STATE_URL (สั่งซ้ำได้ ข้อมูลไม่ซ้ำ)"""
    office, config = load_office()
    require_secret(config)
    if is_redis(config.state_url) or not is_redis(redis_url):
        raise click.ClickException("ใช้ขณะ ITA_STATE_URL ยังเป็น SQLite และปลายทางเป็น redis://… เท่านั้น")
    import redis  # imported here: redis-py only for this command

    from state.migrate import migrate_to_redis
    from state.redis_inbox import RedisInbox
    from state.redis_ledger import RedisLedger
    from state.redis_outbox import RedisOutbox
    from state.redis_store import RedisStateStore, key_prefix
    from state.sealing import SealError

    client, prefix = shared_client(redis_url), key_prefix(office)
    state_path = Path(config.state_url) if config.state_url else config.data_dir / "state.sqlite3"
    try:
        client.ping()
        secret = config.secret_key
        report = migrate_to_redis(config.data_dir, state_path, ledger=RedisLedger(client, prefix, secret),
                                  outbox=RedisOutbox(client, prefix, secret),
                                  state=RedisStateStore(client, prefix, secret), now=office_now(config),
                                  secret=secret, inbox=RedisInbox(client, prefix, secret))
    except redis.RedisError as error:
        raise click.ClickException(f"ต่อ Redis ไม่ได้หรือ Redis ปฏิเสธ ({type(error).__name__}): ตรวจ URL และรหัสผ่าน "
                                   "แล้วสั่งใหม่ (สั่งซ้ำได้)") from None
    except (OSError, sqlite3.Error) as error:
        raise click.ClickException(f"อ่านไฟล์ SQLite ไม่สำเร็จ: {type(error).__name__}") from None
    except SealError:
        raise click.ClickException("เปิดข้อมูลที่เข้ารหัสไว้ไม่ได้: ITA_SECRET_KEY ต้องเป็นค่าเดิมที่สำนักงานนี้ใช้อยู่") from None
    click.echo(f"คัดลอกแล้ว: เลขเรื่อง {report.case_counters} ปี, เลขรับเรื่อง {report.receipts}, "
               f"ผู้รับแจ้งเตือน {report.subscribers}, รอเขียน {report.queued}, เขียนแล้ว {report.written}, "
               f"งานที่ทำแล้ว {report.job_claims}, ข้อความที่รอตอบ {report.events}")
    click.echo("ต่อไป: ตั้ง ITA_STATE_URL เป็น Redis นี้ แล้วเริ่มบริการใหม่")


localize(main)
