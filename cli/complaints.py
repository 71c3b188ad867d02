"""ita-bot complaints photos <เลขที่เรื่อง> --out DIR: a case's photos for admins who work only in the sheet."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import click

from cli.common import load_config, read_snapshot
from common.config import Config
from common.thaitext import normalize_input
from handlers.casework.photos import CASE_NO, CasePhotos
from state.attachments import AttachmentStore

log = logging.getLogger(__name__)


@click.group()
def complaints() -> None:
    """เรื่องร้องเรียน: รูปภาพที่แนบมากับเรื่อง (เก็บในเครื่องที่รันบอท ไม่อยู่ในสมุดงาน)"""


@complaints.command("photos")
@click.argument("case_no", metavar="เลขที่เรื่อง")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="โฟลเดอร์ที่จะคัดลอกรูปไปไว้ (สร้างให้ถ้ายังไม่มี)")
def complaints_photos(case_no: str, out: Path) -> None:
    """คัดลอกรูปภาพของเรื่องร้องเรียนไปไว้ในโฟลเดอร์ เช่น ita-bot complaints photos 2570-0004 --out รูป"""
    wanted = normalize_input(case_no).replace(" ", "")
    if not CASE_NO.match(wanted):
        raise click.ClickException(f"เลขที่เรื่องต้องเป็นแบบ 2570-0004 (ได้ '{case_no}')")
    config = load_config()
    attachments = AttachmentStore(config.data_dir / "attachments")
    references = attachments.references(wanted) or _old_row_references(config, attachments, wanted)
    if not references:
        click.echo(f"เรื่อง {wanted} ไม่มีรูปภาพ")
        return
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    copied = []
    for number, reference in enumerate(references, 1):
        source = attachments.path_of(reference)
        if source is None:
            click.echo(f"รูปที่ {number}: ไม่พบไฟล์ (อาจถูกลบตามระยะเวลาเก็บรักษาแล้ว หรืออยู่ในเครื่องอื่น)")
            continue
        target = out / f"{wanted}-{number}{source.suffix}"
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        copied.append(target.name)
    log.info("photos copied by ita-bot: case %s (%d)", wanted, len(copied))
    click.echo(f"คัดลอกรูปของเรื่อง {wanted} แล้ว {len(copied)} รูป ไปที่ {out}: {', '.join(copied) or '-'}")
    if len(copied) < len(references):
        raise SystemExit(1)


def _old_row_references(config: Config, attachments: AttachmentStore, case_no: str) -> list[str]:
    """A case the bot has no index for: its row in the sheet (an old row's ไฟล์แนบ holds bare paths)."""
    case = next((c for c in read_snapshot(config).complaints if c.case_no == case_no), None)
    if case is None:
        raise click.ClickException(f"ไม่พบเรื่องเลขที่ {case_no} ในแท็บ เรื่องร้องเรียน ตรวจเลขที่เรื่องอีกครั้ง")
    return CasePhotos(attachments).of(case_no, case)
