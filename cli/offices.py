"""ita-bot office add/list/remove/rotate: offices join and leave a running deployment (no restart)."""

from __future__ import annotations

import os
import re
import sys
import time

import click

from bot.onboarding import OnboardingError, add_office, rotate_office, sheet_id
from cli.common import load_deployment_config
from common.config import Config, ConfigError, is_redis
from common.offices import OfficeRecord, id_problem, load_offices, registered_office
from sheets.factory import shared_snapshot
from state.office_registry import OfficeRegistry, open_registry, purge_office_state

CHANNEL_SECRET = re.compile(r"[0-9a-f]{32}")
NEXT_STEPS = ("ต่อไป ผู้ดูแลของสำนักงาน: ให้เจ้าหน้าที่ส่งข้อความ ลงทะเบียน ถึงบัญชี LINE แล้วอนุมัติในแท็บ เจ้าหน้าที่; "
              "เชิญบัญชีเข้ากลุ่มเจ้าหน้าที่และกลุ่มผู้รับเรื่องร้องเรียน แล้วใส่รหัสกลุ่มที่บอทแจ้งในแท็บ ตั้งค่า")


@click.group("office")
def office() -> None:
    """สำนักงานในระบบที่ดูแลหลายสำนักงาน: เพิ่ม ดูรายการ เอาออก เปลี่ยนรหัสลับ (ไม่ต้องเริ่มบริการใหม่)"""


def _registry(config: Config) -> OfficeRegistry:
    return open_registry(config.state_url, config.data_dir, config.secret_key)


def _base() -> Config:
    config = load_deployment_config()
    if len(config.secret_key) < 32:
        raise click.ClickException("ต้องตั้ง ITA_SECRET_KEY (ยาวอย่างน้อย 32 ตัวอักษร) ค่าเดียวกับที่ ita-bot serve ใช้")
    return config


def _in_file(config: Config) -> set[str]:
    try:
        return {o.id for o in load_offices(config.offices_file, config, os.environ)} if config.offices_file else set()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def _read_secrets() -> tuple[str, str]:
    """Channel secret then access token, one per line on standard input (never on the command line)."""
    if sys.stdin.isatty():
        secret = click.prompt("Channel secret", hide_input=True, err=True)
        token = click.prompt("Channel access token", hide_input=True, err=True)
    else:
        secret, token = sys.stdin.readline(), sys.stdin.readline()
    secret, token = secret.strip(), token.strip()
    if not CHANNEL_SECRET.fullmatch(secret) or not token:
        raise click.ClickException("อ่าน channel secret (เลขฐานสิบหก 32 ตัว) และ channel access token "
                                   "จาก standard input ไม่ได้: ใส่บรรทัดละหนึ่งค่า ตามลำดับนี้")
    return secret, token


@office.command("add")
@click.argument("office_id", metavar="รหัส")
@click.option("--name", default="", help="ชื่อหน่วยงาน เช่น \"อบต.หนองบัว\"")
@click.option("--sheet", default=None, help="ลิงก์หรือรหัสของ Google Sheet (ไม่ระบุ: ไฟล์ .xlsx ในเครื่อง)")
@click.option("--credentials", type=click.Path(exists=True, dir_okay=False), default=None,
              help="ไฟล์กุญแจบัญชีบริการ Google (ค่าเริ่มต้น GOOGLE_APPLICATION_CREDENTIALS)")
@click.option("--from-env", is_flag=True,
              help="ย้ายสำนักงานเดี่ยวเดิม (LINE_CHANNEL_*, GOOGLE_*) มาเป็นสำนักงานแรก ข้อมูลเดิมอยู่ครบ")
def office_add(office_id: str, name: str, sheet: str | None, credentials: str | None, from_env: bool) -> None:
    """เพิ่มสำนักงาน: ตรวจ token, เตรียมชีต, เก็บรหัสลับแบบเข้ารหัส, ตั้งและทดสอบ webhook, ตั้งริชเมนู"""
    base = _base()
    problem = id_problem(office_id) or (f"รหัส {office_id} มีอยู่แล้วใน ITA_OFFICES ({base.offices_file})"
                                        if office_id in _in_file(base) else None)
    if problem:
        raise click.ClickException(problem)
    record = _from_env(office_id, name, base) if from_env else _new(office_id, name, sheet, credentials, base)
    try:
        added = add_office(record, base, _registry(base), time.sleep)
    except OnboardingError as error:
        raise click.ClickException(f"{error}\nยังไม่ได้เพิ่มสำนักงาน {office_id} (ไม่มีอะไรค้างในระบบ)") from None
    click.echo(f"เพิ่มสำนักงาน {office_id} ({record.name}) แล้ว ระบบที่กำลังทำงานจะเริ่มให้บริการภายใน 15 วินาที")
    click.echo(f"บัญชี LINE: {added.display_name} ({added.basic_id})")
    click.echo(f"Webhook URL: {added.webhook_url} (ทดสอบผ่านแล้ว)")
    click.echo(f"สมุดงาน: {added.sheet}; ตั้งริชเมนูแล้ว (เจ้าหน้าที่ {added.linked_staff} คน)")
    click.echo(NEXT_STEPS)


def _new(office_id: str, name: str, sheet: str | None, credentials: str | None, base: Config) -> OfficeRecord:
    if not name:
        raise click.ClickException("ต้องระบุ --name ชื่อหน่วยงาน")
    credentials = credentials or base.google_credentials
    if sheet and not credentials:
        raise click.ClickException("ใช้ Google Sheet ต้องระบุ --credentials หรือตั้ง GOOGLE_APPLICATION_CREDENTIALS")
    secret, token = _read_secrets()
    return OfficeRecord(office_id, name, secret, token, spreadsheet_id=sheet_id(sheet) if sheet else None,
                        google_credentials=os.path.abspath(credentials) if sheet and credentials else None)


def _from_env(office_id: str, name: str, base: Config) -> OfficeRecord:
    """The single office of LINE_CHANNEL_*, GOOGLE_* and ITA_WORKBOOK; its state stays where it is."""
    if not (base.line_channel_secret and base.line_access_token):
        raise click.ClickException("--from-env ต้องตั้ง LINE_CHANNEL_SECRET และ LINE_CHANNEL_ACCESS_TOKEN เดิม")
    google = base.store == "google"
    return OfficeRecord(office_id, name or office_id, base.line_channel_secret, base.line_access_token,
                        spreadsheet_id=base.spreadsheet_id if google else None,
                        google_credentials=base.google_credentials if google else None,
                        workbook=None if google else str(base.workbook_path.resolve()), state_key="default")


@office.command("list")
def office_list() -> None:
    """รายชื่อสำนักงาน: รหัส ชื่อ สมุดงาน และสถานะการให้บริการ"""
    base = _base()
    for record in _registry(base).all():
        office = registered_office(record, base)
        store = f"Google Sheet {record.spreadsheet_id}" if record.spreadsheet_id else str(office.config.workbook_path)
        status = f"ปิด: {office.problem}" if office.problem else "ให้บริการ (เพิ่มด้วย office add)"
        click.echo(f"{record.id}\t{record.name}\t{store}\t{status}\t{snapshot_age(office.config, record.id)}")
    for office_id in sorted(_in_file(base)):
        click.echo(f"{office_id}\t(ในไฟล์ ITA_OFFICES)")


def snapshot_age(config: Config, office_id: str) -> str:
    """How old the office's last read of its sheet is, as the shared read in Redis says (one machine: /healthz)."""
    if config.store != "google" or not is_redis(config.state_url):
        return "อายุข้อมูลชีต: ดูที่ /healthz"
    try:
        latest = shared_snapshot(config, office_id).latest()
    except Exception as error:
        return f"อายุข้อมูลชีต: อ่านไม่ได้ ({type(error).__name__})"
    if latest is None:
        return "ยังไม่เคยอ่านชีต"
    return f"อ่านชีตล่าสุดเมื่อ {max(0, round(time.time() - latest.read_at))} วินาทีที่แล้ว"


@office.command("remove")
@click.argument("office_id", metavar="รหัส")
@click.option("--purge", is_flag=True, help="ลบข้อมูลที่ระบบเก็บของสำนักงานนี้ด้วย (ถามยืนยันก่อน)")
def office_remove(office_id: str, purge: bool) -> None:
    """เอาสำนักงานออก: ทุกเครื่องหยุดให้บริการภายใน 15 วินาที ข้อมูลยังเก็บไว้ เว้นแต่สั่ง --purge"""
    base = _base()
    registry = _registry(base)
    record = registry.get(office_id)
    if record is None:
        raise click.ClickException(f"ไม่พบสำนักงานรหัส {office_id} ในทะเบียน ดูด้วย ita-bot office list")
    if purge and record.state_key == "default":
        raise click.ClickException("สำนักงานนี้ใช้ข้อมูลของระบบเดิมโดยตรง ลบด้วย --purge ไม่ได้ ให้ลบเองหลังสำรองข้อมูล")
    if purge:
        click.confirm(f"ลบคิวรอเขียน เลขเรื่อง และข้อมูลทั้งหมดของ {office_id} ถาวร ใช่หรือไม่", abort=True)
    registry.remove(office_id)
    click.echo(f"เอาสำนักงาน {office_id} ออกจากทะเบียนแล้ว ทุกเครื่องจะหยุดให้บริการภายใน 15 วินาที")
    if purge:
        purge_office_state(base.state_url, base.data_dir, office_id)
        click.echo("ลบข้อมูลของสำนักงานแล้ว")
    else:
        click.echo("ข้อมูลของสำนักงานยังเก็บไว้ (เพิ่มกลับด้วยรหัสเดิมได้)")


@office.command("rotate")
@click.argument("office_id", metavar="รหัส")
def office_rotate(office_id: str) -> None:
    """เปลี่ยน channel secret และ access token (อ่านจาก standard input) มีผลภายใน 15 วินาที"""
    base = _base()
    secret, token = _read_secrets()
    try:
        info = rotate_office(_registry(base), base, office_id, secret, token)
    except OnboardingError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"เปลี่ยนรหัสลับของ {office_id} ({info.display_name}) แล้ว มีผลภายใน 15 วินาที ไม่ต้องเริ่มบริการใหม่")

