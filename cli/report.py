"""ita-bot report analysis|progress|complaints: the published documents as .docx or .pdf."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from cli.common import load_config, office_today, read_snapshot
from common.thaitext import DateParseError, compact, fiscal_year_of, parse_thai_datetime
from documents.output import FORMATS, render_document
from documents.pdf import ConversionFailed, ConverterMissing
from documents.photos import photo_folder
from handlers.conversation.years import parse_year
from handlers.documents.requests import BadRequest, DocumentRequest, build_document, refuse_future

DIGITS = {"thai": True, "arabic": False}
TODAY_WORDS = ("วันนี้", "today")


def _day(context: click.Context, parameter: click.Parameter, value: str | None) -> date | None:
    """A date in any form the sheet takes, or วันนี้ (the office's today, in ITA_TIMEZONE)."""
    if not value:
        return None
    if compact(value) in TODAY_WORDS:
        return office_today(load_config())
    try:
        return parse_thai_datetime(value).date()
    except DateParseError as error:
        raise click.BadParameter(f"{error.reason}: '{value}'") from None


def _year(context: click.Context, parameter: click.Parameter, value: str | None) -> int | None:
    if not value:
        return None
    year = parse_year(value, fiscal_year_of(office_today(load_config())))
    if year is None:
        raise click.BadParameter(f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568 หรือ ปีที่แล้ว (ได้ '{value}')")
    return year


OUT = click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   help="ไฟล์ที่จะเขียน .docx หรือ .pdf (ตามนามสกุล)")
YEAR = click.option("--year", callback=_year, metavar="ปี",
                    help="ปีงบประมาณ พ.ศ. (ตัวเลขไทยหรืออารบิก) หรือ ปีนี้ ปีที่แล้ว ปีก่อน ปีหน้า")
DIGIT_OPTION = click.option("--digits", type=click.Choice(tuple(DIGITS)),
                            help="ตัวเลขไทยหรืออารบิก (ค่าเริ่มต้น: document_digits ในแท็บ ตั้งค่า, ไม่ระบุ = ไทย)")


@click.group()
def report() -> None:
    """เอกสารที่หน่วยงานเผยแพร่: รายงานการวิเคราะห์ผล ITA รายงานผลการดำเนินการตามมาตรการ สถิติเรื่องร้องเรียน"""


@report.command("analysis")
@YEAR
@OUT
@DIGIT_OPTION
def report_analysis(year: int | None, out: Path, digits: str | None) -> None:
    """รายงานการวิเคราะห์ผลการประเมิน ITA ของปี พร้อมมาตรการของปีถัดไป (ค่าเริ่มต้น: ปีล่าสุดที่มีคะแนน)"""
    _write(DocumentRequest("analysis", year, thai_digits=_digits(digits)), out)


@report.command("progress")
@YEAR
@click.option("--as-of", callback=_day, help="ข้อมูล ณ วันที่ หรือ วันนี้ (ค่าเริ่มต้น: สิ้นเดือนที่ 6 หรือ 12 ของปีงบประมาณ)")
@OUT
@DIGIT_OPTION
def report_progress(year: int | None, as_of: date | None, out: Path, digits: str | None) -> None:
    """รายงานผลการดำเนินการตามมาตรการ รอบ 6 หรือ 12 เดือน (ค่าเริ่มต้น: ปีงบประมาณปัจจุบัน)"""
    _write(DocumentRequest("progress", year, as_of=as_of, thai_digits=_digits(digits)), out)


@report.command("complaints")
@YEAR
@click.option("--from", "start", callback=_day, help="ตั้งแต่วันที่ (ค่าเริ่มต้น: 1 ต.ค. ต้นปีงบประมาณ)")
@click.option("--to", "end", callback=_day, help="ถึงวันที่ หรือ วันนี้ (ค่าเริ่มต้น: วันนี้ หรือสิ้นปีงบประมาณ)")
@OUT
@DIGIT_OPTION
def report_complaints(year: int | None, start: date | None, end: date | None, out: Path, digits: str | None) -> None:
    """สถิติเรื่องร้องเรียนรายเดือนตามแบบ OIT (จำนวนเท่านั้น ไม่มีข้อมูลผู้ร้อง)"""
    _write(DocumentRequest("complaints", year, start=start, end=end, thai_digits=_digits(digits)), out)


def _digits(choice: str | None) -> bool | None:
    return DIGITS[choice] if choice else None


def _write(request: DocumentRequest, out: Path) -> None:
    kind = out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise click.ClickException(f"นามสกุลไฟล์ต้องเป็น .docx หรือ .pdf (ได้ '{out.name}')")
    config = load_config()
    today = office_today(config)
    try:
        refuse_future(request, today)
        document = build_document(read_snapshot(config), request, today)
    except BadRequest as error:
        raise click.ClickException(str(error)) from None
    try:
        data = render_document(document, kind, photo_folder(config.data_dir / "attachments"))
    except (ConverterMissing, ConversionFailed) as error:
        fallback = out.with_suffix(".docx")
        fallback.write_bytes(render_document(document, "docx", photo_folder(config.data_dir / "attachments")))
        raise click.ClickException(f"{error}\nเขียนไฟล์ .docx แทนแล้วที่ {fallback}") from None
    out.write_bytes(data)
    click.echo(f"เขียน {out} แล้ว ({len(data):,} ไบต์)")
    for note in document.notes:
        click.echo(f"หมายเหตุ: {note}")
