"""The LINE API fake over HTTP: the Messaging API routes the SDK calls, answered by a ``LineApiFake``."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, jsonify, request

from demo.line_fake import LineApiFake
from demo.line_fake_rules import LineApiError

ROUTES = (
    ("/v2/bot/message/reply", "POST", "reply"),
    ("/v2/bot/message/push", "POST", "push"),
    ("/v2/bot/message/multicast", "POST", "multicast"),
    ("/v2/bot/chat/loading/start", "POST", "loading"),
    ("/v2/bot/message/<message_id>/content", "GET", "content"),
    ("/v2/bot/richmenu", "POST", "create_rich_menu"),
    ("/v2/bot/richmenu/list", "GET", "list_rich_menus"),
    ("/v2/bot/richmenu/<rich_menu_id>", "DELETE", "delete_rich_menu"),
    ("/v2/bot/richmenu/<rich_menu_id>/content", "POST", "upload_rich_menu_image"),
    ("/v2/bot/user/all/richmenu/<rich_menu_id>", "POST", "set_default_rich_menu"),
    ("/v2/bot/user/<user_id>/richmenu/<rich_menu_id>", "POST", "link_rich_menu"),
    ("/v2/bot/info", "GET", "bot_info"),
    ("/v2/bot/channel/webhook/endpoint", "PUT", "set_webhook"),
    ("/v2/bot/channel/webhook/endpoint", "GET", "get_webhook"),
    ("/v2/bot/channel/webhook/test", "POST", "test_webhook"),
)


SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"))


def content_type(body: bytes) -> str:
    """What LINE's content endpoint names a user's photo (image/jpeg); other bytes as a plain binary."""
    return next((kind for magic, kind in SIGNATURES if body.startswith(magic)), "application/octet-stream")


def line_fake_blueprint(fake: LineApiFake) -> Blueprint:
    blueprint = Blueprint("line_fake", __name__)

    def endpoint(name: str) -> Callable[..., Response]:
        def view(**path_args: str) -> Response:
            headers = {key.lower(): value for key, value in request.headers.items()}
            try:
                status, body = fake.handle(name, request.get_data(), headers, path_args)
            except LineApiError as error:
                fake.rejected.append((error.status, error.message))
                fake.refusals.append(error.details)
                details = [{"message": detail} for detail in error.details]
                response = jsonify({"message": error.message, **({"details": details} if details else {})})
                response.status_code = error.status
                response.headers.update(error.headers)
                return response
            if isinstance(body, bytes):
                return Response(body, status=status, mimetype=content_type(body))
            response = jsonify(body)
            response.status_code = status
            return response

        view.__name__ = name
        return view

    for rule, method, name in ROUTES:
        blueprint.add_url_rule(rule, view_func=endpoint(name), methods=[method])
    return blueprint
