"""The web complaint form's fields read into a draft, or what is wrong with each field (bot.form_errors)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from werkzeug.datastructures import FileStorage

from bot.form_errors import FormError
from common.incident_dates import parse_incident_date
from common.thaitext import DateParseError
from handlers.complaints.desk import CATEGORIES, MAX_DETAILS, Draft, clean_text

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_INCIDENT_DATE = 40
PHOTO_AGAIN = "รูปที่แนบไว้ยังไม่ได้ส่ง เบราว์เซอร์ล้างช่องรูปเมื่อแก้ฟอร์ม กรุณาเลือกรูปอีกครั้งก่อนกดส่ง"
IMPOSSIBLE = "ไม่มีวันที่นี้ในปฏิทิน"
FIELDS = ("category", "details", "accused", "place", "incident_date")


def incident_date(text: str, now: datetime) -> tuple[str, str]:
    """The date to store and an error: a date read from the text, or the text as typed when it is not one
    (the field is optional: "ทุกวันศุกร์" is the person's own words, not a mistake). A date that cannot be
    (31/02) or is still to come is an error beside the field."""
    if not text.strip():
        return "", ""
    try:
        found = parse_incident_date(text, now.date())
    except DateParseError as error:
        if error.reason.startswith(IMPOSSIBLE):
            return "", f"{IMPOSSIBLE} กรุณาแก้วันที่ หรือเว้นว่างถ้าจำไม่ได้"
        return clean_text(text, MAX_INCIDENT_DATE), ""
    if found.latest > now.date():
        return found.text, "วันที่เกิดเหตุต้องไม่อยู่ในอนาคต (เว้นว่างได้ถ้าจำไม่ได้)"
    return found.text, ""


def read_draft(form: dict[str, str], photos: list[FileStorage],
               clock: Callable[[], datetime]) -> tuple[Draft | None, list[bytes], list[FormError]]:
    """The draft and its photos' bytes (not decoded yet), or what is wrong with which field."""
    errors: list[FormError] = []
    if form["category"] not in CATEGORIES:
        errors.append(("category", "กรุณาเลือกประเภทเรื่อง"))
    details = clean_text(form["details"], limit=MAX_DETAILS + 1)
    if not details:
        errors.append(("details", "กรุณาเล่าเหตุการณ์ที่เกิดขึ้น"))
    elif len(details) > MAX_DETAILS:
        errors.append(("details", f"รายละเอียดยาวเกิน {MAX_DETAILS} ตัวอักษร กรุณาตัดให้สั้นลง"))
    incident, problem = incident_date(form["incident_date"], clock())
    if problem:
        errors.append(("incident_date", problem))
    chosen = [photo for photo in photos if photo.filename][:MAX_PHOTOS + 1]
    if len(chosen) > MAX_PHOTOS:
        errors.append(("photos", f"แนบรูปได้ไม่เกิน {MAX_PHOTOS} รูป"))
    contents = [photo.read(MAX_PHOTO_BYTES + 1) for photo in chosen[:MAX_PHOTOS]]
    if any(len(content) > MAX_PHOTO_BYTES for content in contents):
        errors.append(("photos", "รูปแต่ละรูปต้องไม่เกิน 5 MB"))
    if errors:
        if chosen:
            errors.append(("photos", PHOTO_AGAIN))
        return None, [], errors
    return (Draft(form["category"], [details], clean_text(form["accused"], 300) or "ไม่ทราบ",
                  clean_text(form["place"], 300), incident), contents, [])
