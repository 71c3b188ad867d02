"""`ita-bot oit check`: the OIT link check from the shell, its verdicts written to the OIT tab."""

from __future__ import annotations

import sys

import click

from bot.link_check import CheckSettings, checker
from bot.oit_job import check_year, write_results
from cli.common import clock_source, load_office, read_snapshot, require_secret
from common.clock import office_clock
from handlers.conversation.years import parse_year
from sheets.factory import open_backend
from sheets.flusher import Flusher
from state.row_changes import RowChangeWriter
from state.stores import open_stores


@click.group()
def oit() -> None:
    """รายการ OIT: ตรวจลิงก์หลักฐานบนเว็บไซต์ของหน่วยงาน"""


@oit.command("check")
@click.option("--year", "year_text", metavar="ปี", help="ปีงบประมาณ (พ.ศ.) เช่น 2569 หรือ ๒๕๖๙ (ไม่ระบุ: ปีปัจจุบัน)")
@click.option("--dry-run", is_flag=True, help="แสดงผลตรวจ โดยไม่เขียนลงสมุดงาน")
def oit_check(year_text: str | None, dry_run: bool) -> None:
    """ตรวจทุกลิงก์ในแท็บ OIT ของปีนั้น แล้วเขียนผลลงคอลัมน์ ผลตรวจลิงก์ และ ตรวจเมื่อ (exit 1 เมื่อมีลิงก์ต้องแก้ไข)"""
    year = parse_year(year_text) if year_text is not None else None
    if year_text is not None and year is None:
        raise click.ClickException(f"ปีงบประมาณไม่ถูกต้อง: {year_text} (พิมพ์เช่น 2569)")
    office, config = load_office()
    if not dry_run:
        require_secret(config)  # before the links are checked, not after
    clock = office_clock(config.zone, clock_source())
    snapshot = read_snapshot(config)
    run = check_year(snapshot, clock().date(), year, checker(CheckSettings(allow_private=config.link_check_private)))
    if not run.items:
        click.echo(f"ไม่มีลิงก์ให้ตรวจในแท็บ OIT ปีงบประมาณ {run.year}")
        return
    for item, verdict in zip(run.items, run.verdicts, strict=True):
        click.echo(f"{item.item.upper():6} {verdict.text}  {item.link}")
    broken = sum(not v.good for v in run.verdicts)
    click.echo(f"ปีงบประมาณ {run.year}: ใช้ได้ {len(run.items) - broken}/{len(run.items)} ลิงก์")
    if not dry_run:
        outbox = open_stores(config.state_url, config.data_dir, config.secret_key, office).outbox
        write_results(run, RowChangeWriter(outbox, clock), clock())
        Flusher(outbox, open_backend(config), clock).drain()
        click.echo("เขียนผลลงแท็บ OIT แล้ว")
    if broken:
        sys.exit(1)
