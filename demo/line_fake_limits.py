"""The limits LINE enforces beyond its OpenAPI spec (LINE's documentation types these as plain strings).

Listed in ``shared/reference/README.md``: non-empty texts, a bubble at most 30 KB and a carousel at most
50 KB as sent (line-bot-sdk sends ``json.dumps`` output: Thai as ``\\uXXXX``, six bytes a letter), at
most 12 bubbles, altText at most 1,500 characters, text at most 5,000, at most 13 quick replies with
labels of at most 20 characters (40 on a Flex button), postback data at most 300, colours as
``#RRGGBB[AA]``, sizes and spacings from LINE's keywords or pixels. Hand-written because no library
knows these rules; each returns the first problem as LINE's ``details`` would name it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

MAX_MESSAGES, MAX_TEXT, MAX_ALT_TEXT, MAX_QUICK_REPLIES = 5, 5000, 1500, 13
MAX_BUBBLE_BYTES, MAX_CAROUSEL_BYTES, MAX_BUBBLES = 30 * 1024, 50 * 1024, 12
MAX_QUICK_LABEL, MAX_FLEX_LABEL, MAX_DATA, MAX_URI = 20, 40, 300, 1000

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")
PIXELS = re.compile(r"^\d+(\.\d+)?px$")
PERCENT_OR_PIXELS = re.compile(r"^\d+(\.\d+)?(px|%)$")
SPACING = {"none", "xs", "sm", "md", "lg", "xl", "xxl"}
TEXT_SIZES = {"xxs", "xs", "sm", "md", "lg", "xl", "xxl", "3xl", "4xl", "5xl"}
COLOUR_KEYS = ("color", "backgroundColor", "borderColor", "separatorColor", "startColor", "endColor",
               "centerColor")
SPACING_KEYS = ("margin", "spacing", "paddingAll", "paddingTop", "paddingBottom", "paddingStart", "paddingEnd",
                "offsetTop", "offsetBottom", "offsetStart", "offsetEnd")


def wire_size(value: Any) -> int:
    """Bytes of ``value`` as line-bot-sdk puts it on the wire."""
    return len(json.dumps(value).encode())


def problems(messages: list[dict[str, Any]]) -> Iterator[str]:
    """What LINE would refuse in a request's messages (all of them are refused when one is)."""
    if not 1 <= len(messages) <= MAX_MESSAGES:
        yield f"messages: must be between 1 and {MAX_MESSAGES}"
    for n, message in enumerate(messages):
        for problem in _message_problems(json.dumps(message, sort_keys=True)):
            yield f"messages[{n}]{problem}"


@functools.lru_cache(maxsize=256)
def _message_problems(message_json: str) -> tuple[str, ...]:
    """One message's problems, remembered: the bot sends the same cards over and over."""
    message = json.loads(message_json)
    found = list(_message("", message))
    items = (message.get("quickReply") or {}).get("items") or []
    if len(items) > MAX_QUICK_REPLIES:
        found.append(f".quickReply.items: must be at most {MAX_QUICK_REPLIES}")
    for i, item in enumerate(items):
        found += _action(f".quickReply.items[{i}].action", item.get("action") or {}, MAX_QUICK_LABEL,
                         label_required=True)
    return tuple(found)


def _message(where: str, message: dict[str, Any]) -> Iterator[str]:
    if message.get("type") == "text":
        text = message.get("text", "")
        if not text or len(text) > MAX_TEXT:
            yield f"{where}.text: length must be between 1 and {MAX_TEXT}"
    if message.get("type") != "flex":
        return
    alt = message.get("altText", "")
    if not alt or len(alt) > MAX_ALT_TEXT:
        yield f"{where}.altText: length must be between 1 and {MAX_ALT_TEXT}"
    container = message.get("contents") or {}
    bubbles = container.get("contents", []) if container.get("type") == "carousel" else [container]
    if container.get("type") == "carousel":
        if not 1 <= len(bubbles) <= MAX_BUBBLES:
            yield f"{where}.contents.contents: must be between 1 and {MAX_BUBBLES} bubbles"
        if wire_size(container) > MAX_CAROUSEL_BYTES:
            yield f"{where}.contents: carousel is {wire_size(container)} bytes, over {MAX_CAROUSEL_BYTES}"
    for b, bubble in enumerate(bubbles):
        if wire_size(bubble) > MAX_BUBBLE_BYTES:
            yield f"{where}.contents[{b}]: bubble is {wire_size(bubble)} bytes, over {MAX_BUBBLE_BYTES}"
        yield from _flex(f"{where}.contents[{b}]", bubble)


def _flex(where: str, node: Any) -> Iterator[str]:
    """Every component of a bubble, depth first."""
    if isinstance(node, list):
        for i, child in enumerate(node):
            yield from _flex(f"{where}[{i}]", child)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind in ("text", "span") and not node.get("text") and not (kind == "text" and node.get("contents")):
        yield f"{where}.text: must not be empty"
    if kind == "text" and "size" in node and node["size"] not in TEXT_SIZES and not PIXELS.match(node["size"]):
        yield f"{where}.size: invalid size {node['size']!r}"
    if "flex" in node and (not isinstance(node["flex"], int) or node["flex"] < 0):
        yield f"{where}.flex: must be a whole number, 0 or more"
    yield from _styles(where, node)
    if kind == "button":
        yield from _action(f"{where}.action", node.get("action") or {}, MAX_FLEX_LABEL, label_required=True)
    elif isinstance(node.get("action"), dict):
        yield from _action(f"{where}.action", node["action"], MAX_FLEX_LABEL, label_required=False)
    for key in ("header", "hero", "body", "footer", "contents"):
        if key in node:
            yield from _flex(f"{where}.{key}", node[key])


def _styles(where: str, node: dict[str, Any]) -> Iterator[str]:
    for key in COLOUR_KEYS:
        if key in node and not COLOUR.match(str(node[key])):
            yield f"{where}.{key}: invalid colour {node[key]!r}"
    for key in SPACING_KEYS:
        if key in node and node[key] not in SPACING and not PERCENT_OR_PIXELS.match(str(node[key])):
            yield f"{where}.{key}: invalid value {node[key]!r}"
    for key in ("width", "maxWidth", "height", "maxHeight"):
        if key == "height" and node.get("type") == "button" and node.get(key) in ("sm", "md"):
            continue
        if key in node and not PERCENT_OR_PIXELS.match(str(node[key])):
            yield f"{where}.{key}: invalid value {node[key]!r}"
    for part, style in (node.get("styles") or {}).items():
        for key in ("backgroundColor", "separatorColor"):
            if key in (style or {}) and not COLOUR.match(str(style[key])):
                yield f"{where}.styles.{part}.{key}: invalid colour {style[key]!r}"


def _action(where: str, action: dict[str, Any], max_label: int, *, label_required: bool) -> Iterator[str]:
    label = action.get("label")
    if (label_required and not label) or (label is not None and len(label) > max_label):
        yield f"{where}.label: length must be between 1 and {max_label}"
    for key in ("data", "displayText", "text"):
        if key in action and not 1 <= len(action[key]) <= MAX_DATA:
            yield f"{where}.{key}: length must be between 1 and {MAX_DATA}"
    if action.get("type") == "uri":
        uri = action.get("uri", "")
        if len(uri) > MAX_URI or not uri.startswith(("http://", "https://", "line://", "tel:")):
            yield f"{where}.uri: invalid uri"
