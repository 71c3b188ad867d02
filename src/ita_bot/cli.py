"""The ita-bot command: workbook tools and the outbox; the service commands live in cli_service."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from ita_bot.cli_common import load_config, load_office, print_summary, read_snapshot
from ita_bot.cli_service import demo, jobs, richmenu, serve
from ita_bot.handlers.data_checks import cross_checks
from ita_bot.sheets.backend import BackendError
from ita_bot.sheets.factory import open_backend
from ita_bot.sheets.flusher import Flusher
from ita_bot.sheets.stores import open_stores


@click.group()
@click.option("--office", envvar="ITA_OFFICE", help="รหัสสำนักงานใน ITA_OFFICES (เมื่อหนึ่งระบบดูแลหลายสำนักงาน)")
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
    except BackendError as error:
        raise click.ClickException(f"เตรียมสมุดงานไม่สำเร็จ: {error}") from None
    click.echo(f"{backend.describe()}:")
    for line in report.lines():
        click.echo(f"  {line}")


@sheet.command("check")
def sheet_check() -> None:
    """ตรวจทุกแถวทุกคอลัมน์ แจ้งปัญหาพร้อมแท็บ แถว และคอลัมน์ (exit 1 เมื่อพบปัญหา)"""
    snapshot = read_snapshot(load_config())
    problems = [*snapshot.problems, *cross_checks(snapshot)]
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


@main.group()
def outbox() -> None:
    """คิวข้อมูลที่รอเขียนลงสมุดงาน"""


@outbox.command("flush")
@click.option("--retry-now", is_flag=True, help="ลองเขียนรายการที่กำลังรอลองใหม่ทันที ไม่ต้องรอ")
def outbox_flush(retry_now: bool) -> None:
    """เขียนข้อมูลที่ค้างในคิวลงสมุดงานจนหมด (หรือจนกว่าจะต้องรอลองใหม่)"""
    office, config = load_office()
    queue = open_stores(config.state_url, config.data_dir, config.secret_key, office).outbox
    report = Flusher(queue, open_backend(config), datetime.now).drain(max_rounds=50 if retry_now else 1000,
                                                                       retry_now=retry_now)
    click.echo(f"เขียนแล้ว {report.written} รายการ, มีอยู่แล้ว {report.already_there}, "
               f"รอลองใหม่ {report.failed}, ค้างในคิว {queue.depth()}")
    if queue.depth():
        sys.exit(1)


for command in (demo, serve, jobs, richmenu):
    main.add_command(command)
