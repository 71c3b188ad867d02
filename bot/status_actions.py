"""/status/more and /status/withdraw: after a receipt lookup on /status, add information or photos, or withdraw.

Each post carries the receipt again (a hidden field of the no-store page) and is checked like every form here
(same origin, CSRF, the wrong-receipt limit), so nothing is kept between pages. Withdrawal is confirmed on a
page of its own first. Nothing about the visitor or what they wrote goes to the logs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, request, session

from bot.form_errors import error_values
from bot.officer_notices import OfficerNotices
from bot.photo_decoding import PhotoDecoder
from bot.web_client import client_tag, foreign_origin
from bot.web_status import case_values
from bot.webform import REQUEST_WAIT, csrf_ok, page
from bot.webform_fields import MAX_PHOTO_BYTES
from handlers.complaints import own_case
from handlers.complaints.desk import CaseView, ComplaintDesk, clean_text
from handlers.complaints.status_words import citizen_status
from handlers.conversation.ports import RowChangeSink
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore

TITLE = "ติดตามเรื่องร้องเรียน"
DONE = {"more": "ส่งข้อมูลเพิ่มเติมถึงเจ้าหน้าที่แล้ว", "withdraw": "ถอนเรื่องแล้ว สถานะเป็น ถอนเรื่อง และแจ้งเจ้าหน้าที่แล้ว"}


def status_actions_blueprint(desk: ComplaintDesk, snapshots: SnapshotCache, attachments: AttachmentStore,
                             notices: OfficerNotices, row_changes: RowChangeSink, clock: Callable[[], datetime],
                             prefix: str = "", decoder: PhotoDecoder | None = None) -> Blueprint:
    blueprint = Blueprint("status_actions", __name__)
    decoder = decoder or PhotoDecoder()

    def show(status: int, message: str, view: CaseView | None = None, receipt: str = "",
             more_errors: tuple[str, ...] = (), **extra: Any) -> Response:
        """The status page again: the message in the error summary, the add form's errors beside its text."""
        errors = [("", message)] if message else []
        errors += [("more-text", error) for error in more_errors]
        values = {"done": "", "confirm_withdraw": False, "more_text": "", **extra}
        return page("web/status.html.j2", snapshots.get(wait=REQUEST_WAIT), status, prefix=prefix, current="status",
                    title=TITLE, view=view, receipt=receipt, **error_values(errors),
                    **case_values(view, rateable=False), **values)

    def checked() -> tuple[CaseView | None, str, Response | None]:
        """The case of the posted receipt, or the page that says why not."""
        receipt = request.form.get("receipt", "")[:40]  # kept in the field after any refusal, never typed again
        if foreign_origin(request):
            return None, "", show(403, "ส่งแบบฟอร์มได้จากหน้านี้ของระบบเท่านั้น", receipt=receipt)
        if not csrf_ok():
            return None, "", show(400, "แบบฟอร์มหมดอายุ กรุณากดตรวจสอบสถานะอีกครั้ง", receipt=receipt)
        visitor = client_tag(str(current_app.secret_key), request.remote_addr, clock())
        found = desk.lookup(receipt, snapshots.get(wait=REQUEST_WAIT), sender=visitor)
        if found == "throttled":
            return None, "", show(429, "ตรวจเลขรับเรื่องผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก 1 ชั่วโมง", receipt=receipt)
        if not isinstance(found, CaseView):
            return None, "", show(404, "ไม่พบเรื่องของเลขรับเรื่องนี้ กรุณาตรวจอีกครั้ง", receipt=receipt)
        if not found.open:
            words = citizen_status(found.status, found.forwarded_to)
            return None, "", show(409, f"เรื่องนี้{words} จึงเพิ่มข้อมูลหรือถอนเรื่องไม่ได้ "
                                       "ถ้ามีข้อมูลใหม่ แจ้งเป็นเรื่องใหม่ได้", found, receipt)
        if found.queued:
            return None, "", show(409, "เรื่องนี้เพิ่งรับเข้าระบบและกำลังบันทึก กรุณาลองอีกครั้งในอีกสักครู่", found, receipt)
        return found, receipt, None

    @blueprint.post("/status/more")
    def add_more() -> Response:
        view, receipt, refused = checked()
        if refused is not None or view is None:
            return refused or show(400, "")
        words = clean_text(request.form.get("more", "")[:own_case.MAX_ADDITION * 2], own_case.MAX_ADDITION + 1)
        chosen = [f for f in request.files.getlist("photos") if f.filename][:own_case.MAX_ADDED_PHOTOS + 1]
        errors = _more_errors(words, len(chosen))
        contents = [f.read(MAX_PHOTO_BYTES + 1) for f in chosen] if not errors else []
        if any(len(content) > MAX_PHOTO_BYTES for content in contents):
            errors.append("รูปแต่ละรูปต้องไม่เกิน 5 MB")
        cleaned = decoder.clean_all(contents) if not errors else []
        if cleaned is None or any(photo is None for photo in cleaned):
            errors.append("รับได้เฉพาะรูป JPEG หรือ PNG กรุณาเลือกรูปอีกครั้ง" if cleaned is not None
                          else "ขณะนี้ระบบกำลังตรวจรูปภาพของผู้อื่นอยู่ กรุณากดส่งอีกครั้งในอีกสักครู่")
        photos = [photo for photo in cleaned or [] if photo is not None]
        if not errors and photos and not attachments.has_room(photos):
            errors.append("ขณะนี้พื้นที่เก็บรูปภาพของระบบเต็ม กรุณาส่งเฉพาะข้อความ")
        if errors:
            return show(400, "", view, receipt, more_errors=tuple(errors), more_text=words)
        references = [attachments.store(photo) for photo in photos]
        desk.add_photos(view.case_no, references)
        key = _addition_key(words, [photo.data for photo in photos])
        row_changes.submit(own_case.addition(view, words, len(references), clock(), f"web:{key}"))
        notices.send(own_case.tell_officers(snapshots.get(wait=REQUEST_WAIT), view, "more", len(references),
                                            notices.chat_url))
        return show(200, "", view, receipt, done=DONE["more"])

    @blueprint.post("/status/withdraw")
    def withdraw() -> Response:
        view, receipt, refused = checked()
        if refused is not None or view is None:
            return refused or show(400, "")
        if request.form.get("confirm") != "yes":
            return show(200, "", view, receipt, confirm_withdraw=True)
        row_changes.submit(own_case.withdrawal(view, clock(), snapshots.get(wait=REQUEST_WAIT)))
        notices.send(own_case.tell_officers(snapshots.get(wait=REQUEST_WAIT), view, "withdraw",
                                            chat_url=notices.chat_url))
        return show(200, "", None, done=DONE["withdraw"])

    return blueprint


def _addition_key(words: str, photos: list[bytes]) -> str:
    """The same addition sent again from this browser session (Back, then send) is written once; another one (other
    photos, another session's same words) is a history row of its own."""
    seen = "\x1f".join([str(session.get("csrf", "")), words, *(hashlib.sha256(p).hexdigest() for p in photos)])
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


def _more_errors(words: str, photos: int) -> list[str]:
    errors = []
    if not words and not photos:
        errors.append("กรุณาพิมพ์ข้อความที่ต้องการเพิ่ม หรือเลือกรูป")
    if len(words) > own_case.MAX_ADDITION:
        errors.append(f"ข้อความยาวเกิน {own_case.MAX_ADDITION} ตัวอักษร กรุณาตัดให้สั้นลง")
    if photos > own_case.MAX_ADDED_PHOTOS:
        errors.append(f"แนบรูปได้ไม่เกิน {own_case.MAX_ADDED_PHOTOS} รูป")
    return errors
