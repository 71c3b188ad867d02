"""The LINE simulator page of the demo (never registered by ``ita-bot serve``)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request

from demo.line_fake import LineApiFake
from demo.simulator_media import add_media_routes
from demo.workbook import demo_user_id
from templates import render

PERSONAS = (
    ("citizen", "ประชาชน (ผู้ใช้ทั่วไป)", "demo-citizen"),
    ("staff", "เจ้าหน้าที่ สมศรี ใจดี", "demo-staff"),
    ("officer", "เจ้าหน้าที่รับเรื่องร้องเรียน วิชัย ตรงธรรม", "demo-officer"),
    ("admin", "ผู้ดูแลระบบ ประภา รักษ์งาน", "demo-admin"),
)
GROUPS = (
    ("staff-group", "กลุ่ม LINE เจ้าหน้าที่ (ดูอย่างเดียว)", "C" + "5" * 32),
    ("officer-group", "กลุ่ม LINE ผู้รับเรื่องร้องเรียน (ดูอย่างเดียว)", "C" + "6" * 32),
)


def simulator_blueprint(fake: LineApiFake, channel_secret: str,
                        deploy_menus: Callable[[], None] | None = None) -> Blueprint:
    """``deploy_menus`` puts the bot's rich menus into the fake (the first time the page shows one)."""
    blueprint = Blueprint("simulator", __name__, url_prefix="/simulator")
    instance = secrets.token_hex(8)  # the page keeps its history per run of the demo
    personas: list[dict[str, object]] = [{"key": key, "name": name, "userId": demo_user_id(persona)}
                                         for key, name, persona in PERSONAS]
    personas += [{"key": key, "name": name, "userId": group_id, "group": True} for key, name, group_id in GROUPS]

    @blueprint.get("")
    def page() -> Response:
        html = render("simulator.html.j2", personas_json=json.dumps(personas, ensure_ascii=False),
                      secret_json=json.dumps(channel_secret), instance_json=json.dumps(instance))
        return Response(html, mimetype="text/html")

    @blueprint.post("/api/reply-token")
    def reply_token() -> Any:
        user_id = (request.get_json(silent=True) or {}).get("userId", "")
        if user_id not in {p["userId"] for p in personas}:  # a group only for the bot's join event
            return jsonify({"error": "unknown persona"}), 400
        return jsonify({"replyToken": fake.issue_reply_token(user_id)})

    @blueprint.get("/api/messages")
    def messages() -> Any:
        user_id = request.args.get("userId", "")
        after = int(request.args.get("after", "0") or 0)
        deliveries = [{"seq": d.seq, "kind": d.kind, "messages": list(d.messages)}
                      for d in fake.messages_to(user_id, after)]
        return jsonify({"deliveries": deliveries})

    add_media_routes(blueprint, fake, lambda: {str(p["userId"]) for p in personas if not p.get("group")},
                     deploy_menus)
    return blueprint
