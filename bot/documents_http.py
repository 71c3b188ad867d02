"""GET /documents/<token>: the signed download links of `รายงาน` (no listing, no caching, 4xx when refused)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response

from documents.output import MEDIA_TYPES, NoChart, render_document
from documents.pdf import ConversionFailed, ConverterMissing
from documents.photos import PhotoSource
from handlers.conversation.links import LinkRefused
from handlers.documents.links import DocumentLinks
from handlers.documents.requests import BadRequest, build_document
from sheets.snapshot import SnapshotCache
from templates import render

log = logging.getLogger(__name__)
SNAPSHOT_WAIT = 10.0
PRIVATE = {"Cache-Control": "no-store", "Pragma": "no-cache", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def documents_blueprint(links: DocumentLinks, snapshots: SnapshotCache, clock: Callable[[], datetime],
                        photos: PhotoSource | None = None) -> Blueprint:
    blueprint = Blueprint("documents", __name__)

    @blueprint.get("/documents/<token>")
    def download(token: str) -> Response:
        try:
            request, kind = links.read(token)
        except LinkRefused as refused:
            return _text(render("document_link_refused.txt.j2", expired=refused.expired), 410 if refused.expired
                         else 404)
        snapshot = snapshots.get(wait=SNAPSHOT_WAIT)
        if snapshot is None:
            return _text(render("no_snapshot.txt.j2"), 503)
        try:
            document = build_document(snapshot, request, clock().date())
            data = render_document(document, kind, photos)
        except BadRequest as error:
            return _text(str(error), 404)
        except NoChart:
            return _text(render("document_link_refused.txt.j2", expired=False), 404)
        except (ConverterMissing, ConversionFailed) as error:
            log.warning("document: PDF not made (%s)", type(error).__name__)
            docx = links.issue(request, "docx")
            return _text(render("document_no_pdf.txt.j2", reason=str(error), url=docx.url), 503)
        log.info("document %s served (%s, %d bytes)", document.kind, kind, len(data))
        disposition = "inline" if kind == "png" else "attachment"
        headers = {**PRIVATE, "Content-Disposition": f'{disposition}; filename="{document.filename}.{kind}"'}
        return Response(data, 200, headers, mimetype=MEDIA_TYPES[kind])

    return blueprint


def _text(body: str, status: int) -> Response:
    return Response(body, status, PRIVATE, mimetype="text/plain")
