"""GET /photos/<case>/<n>?exp=&sig=: a case's photo for the officer who opened the signed link (403/404, never 5xx).

Every view is logged with the case number and the photo's number only: the route never knows who opened it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, Response, request

from bot.documents_http import PRIVATE
from handlers.casework.photos import CASE_NO, CasePhotos, LinkRefused, PhotoLinks
from sheets.records import Complaint
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore
from templates import render

log = logging.getLogger(__name__)
SNAPSHOT_WAIT = 10.0
MEDIA = {".jpg": "image/jpeg", ".png": "image/png"}


def photos_blueprint(links: PhotoLinks, attachments: AttachmentStore, snapshots: SnapshotCache) -> Blueprint:
    blueprint = Blueprint("photos", __name__)
    photos = CasePhotos(attachments, links)

    def old_row(case_no: str) -> Complaint | None:
        """The case in the sheet, for a row whose ไฟล์แนบ still holds bare paths."""
        snapshot = snapshots.get(wait=SNAPSHOT_WAIT)
        return next((c for c in snapshot.complaints if c.case_no == case_no), None) if snapshot else None

    @blueprint.get("/photos/<case_no>/<int:index>")
    def photo(case_no: str, index: int) -> Response:
        shown = case_no if CASE_NO.match(case_no) else "?"
        try:
            links.check(case_no, index, request.args.get("exp", ""), request.args.get("sig", ""))
        except LinkRefused as refused:
            log.info("photo link refused (%s): case %s #%d", "expired" if refused.expired else "invalid", shown, index)
            return private_text(render("photo_link_refused.txt.j2", expired=refused.expired, case_no=shown), 403)
        references = attachments.references(case_no) or photos.of(case_no, old_row(case_no))
        path = attachments.path_of(references[index - 1]) if 0 < index <= len(references) else None
        data = read_photo(path)
        if path is None or data is None:
            log.info("photo not found: case %s #%d", case_no, index)
            return private_text(render("photo_not_found.txt.j2"), 404)
        log.info("photo viewed: case %s #%d", case_no, index)
        return photo_response(data, path, f"{case_no}-{index}")

    return blueprint


def read_photo(path: Path | None) -> bytes | None:
    """The photo's bytes; None when it is gone (retention may remove it between the check and the read)."""
    try:
        return path.read_bytes() if path else None
    except OSError:
        return None


def private_text(body: str, status: int) -> Response:
    return Response(body, status, PRIVATE, mimetype="text/plain")


def photo_response(data: bytes, path: Path, name: str) -> Response:
    """A kept photo, shown inline, never cached or sniffed."""
    headers = {**PRIVATE, "Content-Disposition": f'inline; filename="{name}{path.suffix}"'}
    return Response(data, 200, headers, mimetype=MEDIA[path.suffix])
