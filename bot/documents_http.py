"""GET /documents/<token>: the signed download links of `รายงาน` (no listing, no browser caching, 4xx when refused).

The file is rendered once per link and kept for the link's life (bot.document_renders): a link opened again,
or by many at once, shows the document as it was first made, and never runs LibreOffice twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response

from bot.document_renders import RETRY_AFTER, Busy, DocumentRenders, Rendered
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
                        photos: PhotoSource | None = None, renders: DocumentRenders | None = None) -> Blueprint:
    blueprint = Blueprint("documents", __name__)
    renders = renders or DocumentRenders(clock)

    @blueprint.get("/documents/<token>")
    def download(token: str) -> Response:
        try:
            request, kind = links.read(token)
        except LinkRefused as refused:
            return _text(render("document_link_refused.txt.j2", expired=refused.expired), 410 if refused.expired
                         else 404)
        def make() -> Rendered:
            snapshot = snapshots.get(wait=SNAPSHOT_WAIT)
            if snapshot is None:
                raise NoSnapshot
            document = build_document(snapshot, request, clock().date())
            return Rendered(document.filename, render_document(document, kind, photos))

        try:
            rendered = renders.get(token, links.expires(token), make)
        except NoSnapshot:
            return _text(render("no_snapshot.txt.j2"), 503)
        except Busy:
            return _text(render("document_busy.txt.j2", seconds=RETRY_AFTER), 503, Retry_After=str(RETRY_AFTER))
        except BadRequest as error:
            return _text(str(error), 404)
        except NoChart:
            return _text(render("document_link_refused.txt.j2", expired=False), 404)
        except (ConverterMissing, ConversionFailed) as error:
            log.warning("document: PDF not made (%s)", type(error).__name__)
            docx = links.issue(request, "docx")
            return _text(render("document_no_pdf.txt.j2", reason=str(error), url=docx.url), 503)
        log.info("document %s served (%s, %d bytes)", request.kind, kind, len(rendered.data))
        disposition = "inline" if kind == "png" else "attachment"
        headers = {**PRIVATE, "Content-Disposition": f'{disposition}; filename="{rendered.filename}.{kind}"'}
        return Response(rendered.data, 200, headers, mimetype=MEDIA_TYPES[kind])

    return blueprint


class NoSnapshot(RuntimeError):
    """The workbook could not be read in time."""


def _text(body: str, status: int, **headers: str) -> Response:
    extra = {name.replace("_", "-"): value for name, value in headers.items()}
    return Response(body, status, {**PRIVATE, **extra}, mimetype="text/plain")
