"""POST /callback: verify LINE's signature on the raw body, keep the events in the durable inbox, answer."""

from __future__ import annotations

import json
import logging

from flask import Blueprint
from flask import request as flask_request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError

from bot.intake import Intake
from bot.webhook_body import parse_signed

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024


def webhook_blueprint(parser: WebhookParser, intake: Intake, path: str = "/callback") -> Blueprint:
    """``path`` is /callback, or /callback/<office> with several offices (each with its own secret)."""
    blueprint = Blueprint("webhook", __name__)

    @blueprint.post(path)
    def callback() -> tuple[str, int]:
        signature = flask_request.headers.get("X-Line-Signature", "")
        if (flask_request.content_length or 0) > MAX_BODY:
            return "body too large", 413
        raw = flask_request.get_data(cache=False)
        if len(raw) > MAX_BODY:
            return "body too large", 413
        if not signature:
            return "missing signature", 400
        try:
            events = parse_signed(parser, raw.decode("utf-8"), signature)
        except InvalidSignatureError:
            log.warning("webhook with a bad signature refused")
            return "bad signature", 400
        except ValueError:  # MalformedBody, or bytes that are not UTF-8
            return "malformed body", 400
        return intake.accept(events, json.loads(raw)["events"])

    return blueprint
