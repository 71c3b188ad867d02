"""GET /evidence/<measure>/<n>?f=&exp=&sig=: a measure's evidence photo for a signed link (403/404, never 5xx).

The rules are those of the complaint photos (bot.photos_http): an altered or another office's link is 403,
an expired one 403 saying how to get a new one, a photo no longer kept 404; private, never cached. Every
view is logged with the measure's code and the photo's number only.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request

from bot.photos_http import photo_response, private_text, read_photo
from handlers.measures.evidence_links import CODE, EvidenceLinks, LinkRefused
from state.attachments import AttachmentStore
from templates import render

log = logging.getLogger(__name__)


def evidence_blueprint(links: EvidenceLinks, attachments: AttachmentStore) -> Blueprint:
    blueprint = Blueprint("evidence", __name__)

    @blueprint.get("/evidence/<code>/<int:index>")
    def evidence_photo(code: str, index: int) -> Response:
        shown = code if CODE.match(code) else "?"
        name = request.args.get("f", "")
        try:
            links.check(code, index, name, request.args.get("exp", ""), request.args.get("sig", ""))
        except LinkRefused as refused:
            log.info("evidence link refused (%s): measure %s #%d", "expired" if refused.expired else "invalid",
                     shown, index)
            return private_text(render("evidence_link_refused.txt.j2", expired=refused.expired, code=shown), 403)
        path = attachments.path_of(f"{attachments.folder.name}/{name}")
        data = read_photo(path)
        if path is None or data is None:
            log.info("evidence photo not found: measure %s #%d", code, index)
            return private_text(render("evidence_photo_not_found.txt.j2"), 404)
        log.info("evidence photo viewed: measure %s #%d", code, index)
        return photo_response(data, path, f"evidence-{index}")

    return blueprint

