"""`ita-bot oit check`: the OIT link check from the shell, its verdicts written to the OIT tab."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime

import click

from bot.link_check import checker, settings_of
from bot.oit_job import OitRun, check_year, write_results
from cli.common import DEMO_ENV, clock_source, load_office, read_snapshot, require_secret
from common.clock import office_clock
from common.config import Config
from handlers.conversation.years import parse_year
from handlers.jobs.oit_check import year_after
from handlers.oit.standing import (
    NEEDS_FIX,
    NOT_PUBLISHED,
    PENDING,
    PUBLISHED,
    UNREACHABLE_DAYS,
    after_check,
    standing,
    tally,
)
from sheets.factory import open_backend
from sheets.flusher import Flusher
from sheets.workbook import Snapshot
from state.row_changes import RowChangeWriter
from state.stores import open_stores


@click.group()
def oit() -> None:
    """รายการ OIT: ตรวจลิงก์หลักฐานบนเว็บไซต์ของหน่วยงาน"""


@oit.command("check")
@click.option("--year", "year_text", metavar="ปี", help="ปีงบประมาณ (พ.ศ.) เช่น 2569 หรือ ๒๕๖๙ (ไม่ระบุ: ปีปัจจุบัน)")
@click.option("--dry-run", is_flag=True, help="แสดงผลตรวจ โดยไม่เขียนลงสมุดงาน")
@click.option("--demo", is_flag=True, help="ตรวจกับเว็บไซต์ตัวอย่างของโหมดสาธิตที่กำลังรันอยู่ (make demo)")
def oit_check(year_text: str | None, dry_run: bool, demo: bool) -> None:
    """ตรวจทุกลิงก์ในแท็บ OIT ของปีนั้น แล้วเขียนผลลงคอลัมน์ ผลตรวจลิงก์ และ ตรวจเมื่อ (exit 1 เมื่อมีข้อต้องแก้ไข)

    เข้าเว็บไซต์ไม่ได้ขณะตรวจ = ตรวจไม่ได้: บันทึกไว้ แต่ยังใช้ผลครั้งก่อน จนตรวจไม่ได้ติดต่อกัน 3 วัน"""
    year = parse_year(year_text) if year_text is not None else None
    if year_text is not None and year is None:
        raise click.ClickException(f"ปีงบประมาณไม่ถูกต้อง: {year_text} (พิมพ์เช่น 2569)")
    office, config = load_office()
    if demo:
        config = _with_demo(config)
    if not dry_run:
        require_secret(config)  # before the links are checked, not after
    clock = office_clock(config.zone, clock_source())
    snapshot = read_snapshot(config)
    now = clock()
    run = check_year(snapshot, now.date(), year, checker(settings_of(config)), when=now)
    if not run.items:
        click.echo(f"ไม่มีลิงก์ให้ตรวจในแท็บ OIT ปีงบประมาณ {run.year}")
        return
    counts = _report(snapshot, run, now)
    if not dry_run:
        outbox = open_stores(config.state_url, config.data_dir, config.secret_key, office).outbox
        write_results(run, RowChangeWriter(outbox, clock), now)
        Flusher(outbox, open_backend(config), clock).drain()
        click.echo("เขียนผลลงแท็บ OIT แล้ว")
    if counts[NEEDS_FIX]:
        sys.exit(1)


def _with_demo(config: Config) -> Config:
    """The running demo's office website and key (its ``var/demo.env``): the demo's links are checked offline."""
    path = config.data_dir / DEMO_ENV
    if config.store != "local" or not path.exists():
        raise click.ClickException("ไม่พบโหมดสาธิตที่กำลังรัน เปิดด้วย make demo ในอีกหน้าต่างหนึ่งก่อน")
    values = dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
    return replace(config, demo_site=values.get("ITA_DEMO_SITE", ""),
                   secret_key=values.get("ITA_SECRET_KEY", config.secret_key))


def _report(snapshot: Snapshot, run: OitRun, now: datetime) -> dict[str, int]:
    """Each link's verdict and where its item now stands, then the counts /transparency and the OIT card show."""
    for item, verdict in zip(run.items, run.verdicts, strict=True):
        shown = standing(after_check(item, verdict, now))
        click.echo(f"{item.item.upper():6} {verdict.text}  → {shown.text}  {item.link}")
    unreached = sum(not v.answered for v in run.verdicts)
    failed = sum(v.answered and not v.good for v in run.verdicts)
    click.echo(f"ปีงบประมาณ {run.year}: ตรวจ {len(run.items)} ลิงก์ ใช้ได้ {len(run.items) - failed - unreached} "
               f"· ไม่ผ่าน {failed} · ตรวจไม่ได้ {unreached}")
    year_items = year_after(snapshot, run.year, run.items, run.verdicts, now)
    counts = tally(year_items)
    click.echo(f"สถานะที่แสดงต่อสาธารณะ: เผยแพร่แล้ว {counts[PUBLISHED]}/{len(year_items)} ข้อ · ต้องแก้ไข "
               f"{counts[NEEDS_FIX]} · รอตรวจ {counts[PENDING]} · ยังไม่เผยแพร่ {counts[NOT_PUBLISHED]}")
    if unreached:
        click.echo(f"ตรวจไม่ได้ {unreached} ลิงก์ เพราะเข้าเว็บไซต์ไม่ได้ จึงยังใช้ผลตรวจครั้งก่อน "
                   f"(ถือว่าต้องแก้ไขเมื่อตรวจไม่ได้ติดต่อกัน {UNREACHABLE_DAYS} วัน)")
    return counts
