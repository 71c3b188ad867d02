"""The simulator's photos and rich menus: what a phone's LINE app sends and shows besides text.

A photo the page sends is kept in the LINE fake under a new message id, and the page posts an image message
event with that id: the bot then downloads it from the fake's content endpoint, as from LINE's
(``GET /v2/bot/message/{messageId}/content`` on api-data.line.me). The rich menus are the bot's own
(``bot.richmenu``), deployed into the fake the first time the page asks, and shown per persona as LINE would:
the menu linked to that user, else the default one.
"""

from __future__ import annotations

import base64
import logging
import secrets
import threading
from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify, request

from bot.richmenu import FontMissing, deploy, line_apis
from bot.runtime import Runtime
from common.config import Config
from demo.line_fake import LineApiFake
from demo.line_fake_http import content_type

log = logging.getLogger(__name__)
MAX_PHOTO = 10 * 1024 * 1024
"""LINE's app sends photos of up to 10 MB (it re-encodes larger ones)."""


def add_media_routes(blueprint: Blueprint, fake: LineApiFake, user_ids: Callable[[], set[str]],
                     deploy_menus: Callable[[], None] | None) -> None:
    lock = threading.Lock()
    menus: list[Callable[[], None]] = [deploy_menus] if deploy_menus else []

    @blueprint.post("/api/photo")
    def photo() -> Any:
        body = request.get_data()
        if not content_type(body).startswith("image/") or len(body) > MAX_PHOTO:
            return jsonify({"error": "ส่งได้เฉพาะรูปภาพ JPEG PNG หรือ GIF ขนาดไม่เกิน 10 MB"}), 400
        message_id = str(secrets.randbelow(10**17) + 10**17)  # LINE's message ids are 18 digits
        fake.content[message_id] = body
        return jsonify({"id": message_id})

    @blueprint.get("/api/richmenu")
    def rich_menu() -> Any:
        user_id = request.args.get("userId", "")
        if user_id not in user_ids():
            return jsonify({"error": "unknown persona"}), 400
        with lock:
            if menus and not fake.rich_menus:
                try:
                    menus[0]()
                except FontMissing as error:  # the chat works without a menu; say why once in the log
                    log.warning("rich menus not shown: %s", error)
                    menus.clear()
        menu_id = fake.user_rich_menus.get(user_id) or fake.default_rich_menu
        if menu_id is None or menu_id not in fake.rich_menus:
            return jsonify({"menu": None})
        menu = fake.rich_menus[menu_id]
        image = fake.rich_menu_images.get(menu_id, b"")
        return jsonify({"menu": {"id": menu_id, "size": menu["size"], "chatBarText": menu["chatBarText"],
                                 "areas": menu["areas"], "selected": menu.get("selected", False),
                                 "image": f"data:{content_type(image)};base64,{base64.b64encode(image).decode()}"}})


def deploy_demo_menus(config: Config, runtime: Runtime) -> None:
    """``ita-bot richmenu deploy`` into the fake: the citizen menu by default, the staff menu for approved staff."""
    snapshot = runtime.snapshots.get()
    staff = [m.line_user_id for m in snapshot.staff if m.status == "อนุมัติ" and m.line_user_id] if snapshot else []
    deploy(*line_apis(config), staff)
