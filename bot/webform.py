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
from typing import Any

from flask import Blueprint, Response, current_app, request, session
from werkzeug.datastructures import FileStorage

from bot.officer_notices import OfficerNotices
from bot.photo_decoding import PhotoDecoder
from bot.web_client import CSP, client_tag, foreign_origin
from common.incident_dates import parse_incident_date
from common.thaitext import DateParseError, format_thai_date
from handlers.complaints.desk import (
    CATEGORIES,
    MAX_DETAILS,
    CaseView,
    ComplaintDesk,
    Draft,
    clean_text,
    setting_days,
)
from handlers.staff.assistant import org_name
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore
from templates import render

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_AGAIN = "รูปที่แนบไว้ยังไม่ได้ส่ง เบราว์เซอร์ล้างช่องรูปเมื่อแก้ฟอร์ม กรุณาเลือกรูปอีกครั้งก่อนกดส่ง"
FIELDS = ("category", "details", "accused", "place", "incident_date")
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
    response = Response(render(template, csrf_token=_csrf_token(), status_url=f"{prefix}/status",
                               complaint_url=f"{prefix}/complaint", **values), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = CSP
    return response


def csrf_ok() -> bool:
    """The posted CSRF token is this browser session's (``bot.status_actions`` checks its forms the same way)."""
    return _csrf_ok()


def page(template: str, status: int = 200, *, prefix: str = "", **values: Any) -> Response:
    """A page of the web form's family: CSRF token, links between the pages, no caching, no framing."""
    return _page(template, status, prefix=prefix, **values)


def webform_blueprint(desk: ComplaintDesk, snapshots: SnapshotCache, attachments: AttachmentStore,
                      notices: OfficerNotices, clock: Callable[[], Any], prefix: str = "",
                      decoder: PhotoDecoder | None = None) -> Blueprint:
    """``prefix`` is where the blueprint is mounted ("" or /<office>), for the links between the pages."""
    blueprint = Blueprint("webform", __name__)
    decoder = decoder or PhotoDecoder()

    def client() -> str:
        return client_tag(str(current_app.secret_key), request.remote_addr, clock())

    def org() -> str:
        return org_name(snapshots.get(wait=REQUEST_WAIT))

    def show(template: str, status: int = 200, **values: Any) -> Response:
        return _page(template, status, prefix=prefix, **values)

    def form_page(errors: list[str], form: dict[str, str], status: int = 200) -> Response:
        return show("web/complaint.html.j2", status, title="แจ้งเรื่องร้องเรียนการทุจริต", org=org(), errors=errors,
                     form=form, categories=CATEGORIES, max_details=MAX_DETAILS, max_photos=MAX_PHOTOS)

    @blueprint.get("/complaint")
    def complaint_form() -> Response:
        return form_page([], dict.fromkeys(FIELDS, ""))

    @blueprint.post("/complaint")
    def complaint_submit() -> Response:
        """Everything is checked before anything is written: a refused post leaves no file behind."""
        form = {name: request.form.get(name, "")[:MAX_DETAILS + 1] for name in FIELDS}
        if foreign_origin(request):
            return form_page(["ส่งแบบฟอร์มได้จากหน้านี้ของระบบเท่านั้น"], form, 403)
        if not _csrf_ok():
            return form_page(["แบบฟอร์มหมดอายุ กรุณาส่งใหม่อีกครั้ง"], form, 400)
        key = _filing_key(str(current_app.secret_key), form)
        again = desk.refiled(key, snapshots.get(wait=REQUEST_WAIT))
        if again is not None:  # the same form sent again from this browser (Back, then send): the first receipt
            return show("web/receipt.html.j2", title="รับเรื่องร้องเรียนแล้ว", org=org(), case_no=again.case_no,
                        receipt=again.receipt, due=format_thai_date(again.due),
                        executive=Draft(details=[form["details"]], accused=form["accused"]).about_executives)
        visitor = client()
        refusal = desk.filing_refusal(visitor, CHANNEL)
        if refusal:
            return form_page([REFUSALS[refusal].format(limit=desk.web_hourly_limit)], form, 429)
        draft, contents, errors = _draft(form, request.files.getlist("photos"), clock)
        if errors or draft is None:
            return form_page(errors, form, 400)
        cleaned = decoder.clean_all(contents)
        if cleaned is None:
            return form_page([PHOTOS_BUSY, PHOTO_AGAIN], form, 503)
        photos = [photo for photo in cleaned if photo is not None]
        if len(photos) < len(cleaned):
            return form_page([NOT_A_PHOTO.format(millions=decoder.max_pixels // 1_000_000)], form, 400)
        if photos and not attachments.has_room(photos):
            return form_page(["ขณะนี้พื้นที่เก็บรูปภาพของระบบเต็ม กรุณาส่งเรื่องอีกครั้งโดยไม่แนบรูป "
                              "หรือโทรศูนย์ดำรงธรรม 1567"], form, 503)
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
            return form_page([REFUSALS[reason].format(limit=desk.web_hourly_limit)], form, 429)
        notices.tell(settings.get("officer_group_id", ""), filed.case_no, draft.category, format_thai_date(filed.due))
        return show("web/receipt.html.j2", title="รับเรื่องร้องเรียนแล้ว", org=org(), case_no=filed.case_no,
                     receipt=filed.receipt, due=format_thai_date(filed.due), executive=draft.about_executives)

    @blueprint.get("/status")
    def status_form() -> Response:
        return show("web/status.html.j2", title="ติดตามเรื่องร้องเรียน", org=org(), view=None, due="", message="")

    @blueprint.post("/status")
    def status_check() -> Response:
        def page(status: int, message: str, view: CaseView | None = None) -> Response:
            due = format_thai_date(view.due) if view and view.due else ""
            return show("web/status.html.j2", status, title="ติดตามเรื่องร้องเรียน", org=org(), view=view, due=due,
                         message=message, receipt=request.form.get("receipt", "")[:40] if view else "")

        if foreign_origin(request):
            return page(403, "ส่งแบบฟอร์มได้จากหน้านี้ของระบบเท่านั้น")
        if not _csrf_ok():
            return page(400, "แบบฟอร์มหมดอายุ กรุณาลองใหม่อีกครั้ง")
        found = desk.lookup(request.form.get("receipt", "")[:40], snapshots.get(wait=REQUEST_WAIT), sender=client())
        if found == "throttled":
            return page(429, "ตรวจเลขรับเรื่องผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก 1 ชั่วโมง")
        if found is None or isinstance(found, str):
            return page(404, "ไม่พบเรื่องของเลขรับเรื่องนี้ กรุณาตรวจอีกครั้ง")
        return page(200, "", found)

    return blueprint


def _filing_key(secret: str, form: dict[str, str]) -> str:
    """One filing per browser session and complaint: the session's form token with what the form says, keyed.

    The ledger keeps it (SQLite or Redis, shared by every process), so sending the same form again from this
    browser (Back, then send; a double click) gets the first case and receipt, never a second case or notice.
    """
    fields = "\x1f".join(" ".join(form[name].split()) for name in FIELDS)
    token = str(session.get("csrf", ""))
    return "web:" + hmac.new(secret.encode(), f"{token}\x1f{fields}".encode(), hashlib.sha256).hexdigest()[:32]


def _draft(form: dict[str, str], photos: list[FileStorage],
           clock: Callable[[], Any]) -> tuple[Draft | None, list[bytes], list[str]]:
    """The draft and its photos' bytes (not decoded yet), or what is wrong with the form."""
    errors = []
    if form["category"] not in CATEGORIES:
        errors.append("กรุณาเลือกประเภทเรื่อง")
    details = clean_text(form["details"], limit=MAX_DETAILS + 1)
    if not details:
        errors.append("กรุณาเล่าเหตุการณ์ที่เกิดขึ้น")
    elif len(details) > MAX_DETAILS:
        errors.append(f"รายละเอียดยาวเกิน {MAX_DETAILS} ตัวอักษร กรุณาตัดให้สั้นลง")
    incident = ""
    if form["incident_date"].strip():
        try:
            found = parse_incident_date(form["incident_date"], clock().date())
            incident = found.text
            if found.latest > clock().date():
                errors.append("วันที่เกิดเหตุต้องไม่อยู่ในอนาคต")
        except DateParseError as error:
            errors.append(f"วันที่เกิดเหตุ: {error.reason.split(' (')[0]} (เช่น เมื่อวาน หรือ 15/10/2569)")
    chosen = [photo for photo in photos if photo.filename][:MAX_PHOTOS + 1]
    if len(chosen) > MAX_PHOTOS:
        errors.append(f"แนบรูปได้ไม่เกิน {MAX_PHOTOS} รูป")
    contents = [photo.read(MAX_PHOTO_BYTES + 1) for photo in chosen[:MAX_PHOTOS]]
    if any(len(content) > MAX_PHOTO_BYTES for content in contents):
        errors.append("รูปแต่ละรูปต้องไม่เกิน 5 MB")
    if errors:
        if chosen:
            errors.append(PHOTO_AGAIN)
        return None, [], errors
    return (Draft(form["category"], [details], clean_text(form["accused"], 300) or "ไม่ทราบ",
                  clean_text(form["place"], 300), incident), contents, [])
