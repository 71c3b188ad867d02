"""/complaint and /status: the same complaint pipeline for citizens who do not use LINE (QR code on a poster).

No login, no external assets, a CSRF token per browser session and a same-origin check, size limits,
limits per visitor (``bot.web_client``), and nothing about the visitor in the logs (no IP address, no text,
not even a line per filing). The cheap checks (origin, CSRF, the visitor's and the hourly limits, sizes) come
before any photo is decoded, and photos are decoded by ``bot.photo_decoding`` (one at a time, within budgets).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, request, session

from bot.form_errors import FormError, error_values
from bot.officer_notices import OfficerNotices
from bot.photo_decoding import PhotoDecoder
from bot.public_pages import html, layout
from bot.web_client import client_tag, foreign_origin
from bot.web_status import case_values
from bot.webform_fields import FIELDS, MAX_PHOTOS, PHOTO_AGAIN, read_draft
from common.thaitext import format_thai_date, normalize_input
from handlers.complaints.desk import CATEGORIES, MAX_DETAILS, CaseView, ComplaintDesk, Draft, setting_days
from handlers.complaints.rating import can_rate, submit_rating
from handlers.conversation.ports import RowChangeSink
from sheets.schema import SATISFACTION
from sheets.snapshot import SnapshotCache
from sheets.workbook import Snapshot
from state.attachments import AttachmentStore

CHANNEL = "เว็บไซต์"
REFUSALS = {"sender": "ส่งเรื่องจากเครื่องนี้ครบ {limit} เรื่องในชั่วโมงนี้แล้ว กรุณาลองใหม่ในอีก 1 ชั่วโมง "
                      "หรือโทรศูนย์ดำรงธรรม 1567",
            "busy": "ขณะนี้มีผู้ส่งเรื่องทางเว็บไซต์จำนวนมาก กรุณาลองใหม่ในอีก 1 ชั่วโมง หรือส่งทาง LINE "
                    "หรือโทรศูนย์ดำรงธรรม 1567"}
PHOTOS_BUSY = "ขณะนี้ระบบกำลังตรวจรูปภาพของผู้อื่นอยู่ กรุณากดส่งอีกครั้งในอีกสักครู่ หรือส่งเรื่องโดยไม่แนบรูป"
NOT_A_PHOTO = "รับได้เฉพาะรูป JPEG หรือ PNG ขนาดไม่เกิน {millions} ล้านพิกเซล"
REQUEST_WAIT = 1.0
"""Seconds a web request waits for another thread's refresh of the sheet before answering without it."""


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return str(session["csrf"])


def _csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    return bool(session.get("csrf")) and hmac.compare_digest(sent, str(session.get("csrf")))


def _page(template: str, status: int = 200, *, prefix: str = "", **values: Any) -> Response:
    return html(template, status, cache=False, csrf_token=_csrf_token(), status_url=f"{prefix}/status",
                complaint_url=f"{prefix}/complaint", privacy_url=f"{prefix}/privacy", **values)


def csrf_ok() -> bool:
    """The posted CSRF token is this browser session's (``bot.status_actions`` checks its forms the same way)."""
    return _csrf_ok()


def page(template: str, snapshot: Snapshot | None, status: int = 200, *, prefix: str = "", current: str = "",
         **values: Any) -> Response:
    """A page of the web form's family: the shared header and footer, CSRF token, no caching, no framing."""
    return _page(template, status, prefix=prefix, **layout(snapshot, prefix, current), **values)


def webform_blueprint(desk: ComplaintDesk, snapshots: SnapshotCache, attachments: AttachmentStore,
                      notices: OfficerNotices, clock: Callable[[], Any], prefix: str = "",
                      decoder: PhotoDecoder | None = None, row_changes: RowChangeSink | None = None) -> Blueprint:
    """``prefix`` is where the blueprint is mounted ("" or /<office>), for the links between the pages."""
    blueprint = Blueprint("webform", __name__)
    decoder = decoder or PhotoDecoder()

    def client() -> str:
        return client_tag(str(current_app.secret_key), request.remote_addr, clock())

    def show(template: str, status: int = 200, current: str = "", **values: Any) -> Response:
        return page(template, snapshots.get(wait=REQUEST_WAIT), status, prefix=prefix, current=current, **values)

    def form_page(errors: list[FormError], form: dict[str, str], status: int = 200) -> Response:
        return show("web/complaint.html.j2", status, "complaint", title="แจ้งเรื่องร้องเรียนการทุจริต", form=form,
                    categories=CATEGORIES, max_details=MAX_DETAILS, max_photos=MAX_PHOTOS, **error_values(errors))

    @blueprint.get("/complaint")
    def complaint_form() -> Response:
        return form_page([], dict.fromkeys(FIELDS, ""))

    @blueprint.post("/complaint")
    def complaint_submit() -> Response:
        """Everything is checked before anything is written: a refused post leaves no file behind."""
        form = {name: request.form.get(name, "")[:MAX_DETAILS + 1] for name in FIELDS}
        if foreign_origin(request):
            return form_page([("", "ส่งแบบฟอร์มได้จากหน้านี้ของระบบเท่านั้น")], form, 403)
        if not _csrf_ok():
            return form_page([("", "แบบฟอร์มหมดอายุ กรุณาส่งใหม่อีกครั้ง")], form, 400)
        key = _filing_key(str(current_app.secret_key), form)
        again = desk.refiled(key, snapshots.get(wait=REQUEST_WAIT))
        if again is not None:  # the same form sent again from this browser (Back, then send): the first receipt
            return show("web/receipt.html.j2", title="รับเรื่องร้องเรียนแล้ว", case_no=again.case_no,
                        receipt=again.receipt, due=format_thai_date(again.due),
                        executive=Draft(details=[form["details"]], accused=form["accused"]).about_executives)
        visitor = client()
        refusal = desk.filing_refusal(visitor, CHANNEL)
        if refusal:
            return form_page([("", REFUSALS[refusal].format(limit=desk.web_hourly_limit))], form, 429)
        draft, contents, errors = read_draft(form, request.files.getlist("photos"), clock)
        if errors or draft is None:
            return form_page(errors, form, 400)
        cleaned = decoder.clean_all(contents)
        if cleaned is None:
            return form_page([("photos", PHOTOS_BUSY), ("photos", PHOTO_AGAIN)], form, 503)
        photos = [photo for photo in cleaned if photo is not None]
        if len(photos) < len(cleaned):
            return form_page([("photos", NOT_A_PHOTO.format(millions=decoder.max_pixels // 1_000_000)),
                              ("photos", PHOTO_AGAIN)], form, 400)
        if photos and not attachments.has_room(photos):
            return form_page([("photos", "ขณะนี้พื้นที่เก็บรูปภาพของระบบเต็ม กรุณาส่งเรื่องอีกครั้งโดยไม่แนบรูป "
                                         "หรือโทรศูนย์ดำรงธรรม 1567")], form, 503)
        snapshot = snapshots.get(wait=REQUEST_WAIT)
        settings = snapshot.settings if snapshot else {}
        draft.attachments = [attachments.store(photo) for photo in photos]
        try:
            filed = desk.file(draft, CHANNEL, snapshot, sender=visitor, user_id=None,
                              sla_days=setting_days(settings, "complaint_sla_days", 15), key=key)
        except BaseException:
            for reference in draft.attachments:
                attachments.remove(reference)
            raise
        if filed is None:  # others reached a limit meanwhile: limits are checked and counted at once
            for reference in draft.attachments:
                attachments.remove(reference)
            reason = desk.filing_refusal(visitor, CHANNEL) or "busy"
            return form_page([("", REFUSALS[reason].format(limit=desk.web_hourly_limit))], form, 429)
        notices.tell(settings.get("officer_group_id", ""), filed.case_no, draft.category, format_thai_date(filed.due))
        return show("web/receipt.html.j2", title="รับเรื่องร้องเรียนแล้ว", case_no=filed.case_no,
                     receipt=filed.receipt, due=format_thai_date(filed.due), executive=draft.about_executives)

    def status_page(status: int = 200, error: FormError | None = None, view: CaseView | None = None,
                    receipt: str = "", thanks: bool = False) -> Response:
        """The status form, the receipt kept as typed after a refusal (never 12 characters to type again)."""
        return show("web/status.html.j2", status, "status", title="ติดตามเรื่องร้องเรียน", view=view, receipt=receipt,
                    thanks=thanks, **error_values([error] if error else []),
                    **case_values(view, rateable=row_changes is not None and bool(receipt)))

    @blueprint.get("/status")
    def status_form() -> Response:
        return status_page()

    def found_case() -> CaseView | Response:
        """The case of the posted receipt, or the page that says why not (origin, CSRF, throttled, unknown)."""
        receipt = request.form.get("receipt", "")[:40]
        if foreign_origin(request):
            return status_page(403, ("", "ส่งแบบฟอร์มได้จากหน้านี้ของระบบเท่านั้น"), receipt=receipt)
        if not _csrf_ok():
            return status_page(400, ("", "แบบฟอร์มหมดอายุ กรุณากดตรวจสอบอีกครั้ง"), receipt=receipt)
        found = desk.lookup(receipt, snapshots.get(wait=REQUEST_WAIT), sender=client())
        if found == "throttled":
            return status_page(429, ("receipt", "ตรวจเลขรับเรื่องผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก 1 ชั่วโมง "
                                                "หรือติดต่อหน่วยงานตามช่องทางท้ายหน้า"), receipt=receipt)
        if found is None or isinstance(found, str):
            return status_page(404, ("receipt", "ไม่พบเรื่องของเลขรับเรื่องนี้ กรุณาตรวจทีละตัวอักษรแล้วกดตรวจสอบอีกครั้ง"),
                               receipt=receipt)
        return found

    @blueprint.post("/status")
    def status_check() -> Response:
        found = found_case()
        if isinstance(found, Response):
            return found
        return status_page(200, view=found, receipt=request.form.get("receipt", "")[:40])

    @blueprint.post("/status/rate")
    def status_rate() -> Response:
        """The rating of a closed case after the receipt lookup (the receipt is posted again with the score)."""
        found = found_case()
        if isinstance(found, Response):
            return found
        receipt = request.form.get("receipt", "")[:40]
        score = normalize_input(request.form.get("score", "")).strip()
        if row_changes is None or not can_rate(found.status, found.rating):
            return status_page(409, ("", "เรื่องนี้ให้คะแนนไม่ได้แล้ว (ให้คะแนนไว้แล้ว หรือเรื่องยังไม่ปิด)"), found)
        if score not in SATISFACTION:
            return status_page(400, ("score", "กรุณาเลือกคะแนน 1 ถึง 5"), found, receipt=receipt)
        submit_rating(row_changes, found.case_no, found.closed, score, clock(), found.close_round)
        return status_page(200, view=replace(found, rating=score), thanks=True)

    return blueprint


def _filing_key(secret: str, form: dict[str, str]) -> str:
    """One filing per browser session and complaint: the session's form token with what the form says, keyed.

    The ledger keeps it (SQLite or Redis, shared by every process), so sending the same form again from this
    browser (Back, then send; a double click) gets the first case and receipt, never a second case or notice.
    """
    fields = "\x1f".join(" ".join(form[name].split()) for name in FIELDS)
    token = str(session.get("csrf", ""))
    return "web:" + hmac.new(secret.encode(), f"{token}\x1f{fields}".encode(), hashlib.sha256).hexdigest()[:32]

