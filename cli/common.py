"""Helpers shared by the ita-bot commands: configuration, one read of the workbook, its summary."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date, datetime

import click

from common.clock import Clock, office_clock, utc_now
from common.config import Config, ConfigError
from common.offices import load_offices
from sheets.backend import BackendError
from sheets.factory import open_backend
from sheets.workbook import Snapshot, parse_workbook

DEMO_ENV = "demo.env"


def load_config() -> Config:
    """The configuration of the office the command works on (``--office`` when ITA_OFFICES lists several)."""
    return load_office()[1]


def load_deployment_config() -> Config:
    """The whole deployment's configuration (every office, for ``serve``)."""
    try:
        return Config.from_env()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def load_office() -> tuple[str, Config]:
    """(office id, its configuration); the id is "default" for a single-office deployment."""
    config = load_deployment_config()
    try:
        if config.offices_file is None:
            return "default", config
        offices = {office.id: office for office in load_offices(config.offices_file, config, os.environ)}
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    chosen = click.get_current_context().find_root().params.get("office")
    if chosen not in offices:
        raise click.ClickException(f"ระบุสำนักงานด้วย --office (หรือ ITA_OFFICE) หนึ่งใน: {', '.join(offices)}")
    return chosen, offices[chosen].config


def clock_source() -> Clock:
    """The instant every command starts from: the real time, or the clock a caller passes as the root
    context's ``obj`` (``main(obj=clock)``; tests: ``CliRunner().invoke(main, args, obj=clock)``)."""
    context = click.get_current_context(silent=True)
    source = context.find_root().obj if context is not None else None
    return source if callable(source) else utc_now


def office_now(config: Config) -> datetime:
    """Now on the office's wall clock (ITA_TIMEZONE), whatever the server's time zone."""
    return office_clock(config.zone, clock_source())()


def office_today(config: Config) -> date:
    return office_now(config).date()


def read_snapshot(config: Config) -> Snapshot:
    try:
        raw = open_backend(config).read_tables()
    except BackendError as error:
        raise click.ClickException(f"อ่านสมุดงานไม่ได้: {error}") from None
    return parse_workbook(raw, office_now(config))


def print_summary(snapshot: Snapshot) -> None:
    settings = snapshot.settings
    click.echo(f"หน่วยงาน: {settings.get('org_name') or '(ยังไม่ได้ตั้งชื่อในแท็บ ตั้งค่า)'}")
    click.echo(f"ปีงบประมาณปัจจุบัน: {settings.get('current_fiscal_year') or '-'}")
    years = Counter(score.fiscal_year for score in snapshot.scores)
    year_text = ", ".join(f"{year} ({count} ตัวชี้วัด)" for year, count in sorted(years.items()))
    click.echo(f"ปีที่มีคะแนน: {year_text or 'ยังไม่มี'}")
    for tab, rows in snapshot.tables.items():
        click.echo(f"  {tab}: {len(rows)} แถว")
    if snapshot.problems:
        click.echo(f"พบปัญหา {len(snapshot.problems)} รายการ ดูด้วย: ita-bot sheet check")


def require_secret(config: Config) -> str:
    """ITA_SECRET_KEY, for commands that open the sealed state or derive a token from it; a Thai error without it."""
    try:
        config.require_secret()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    return config.secret_key
