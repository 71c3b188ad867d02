"""The อัปเดต button on every measure of the มาตรการ card and of the measure-reminders pushes; LINE takes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from linebot.v3.messaging import FlexContainer

from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex
from handlers.jobs.summaries import measure_reminders
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from tests.unit.conftest import STAFF, talk

TODAY = date(2026, 11, 23)


def message_actions(card: dict[str, Any]) -> list[tuple[str, str]]:
    """Every message button of a card, in order: (label, text)."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if node.get("type") == "button" and action and action.get("type") == "message":
                found.append((action["label"], action["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def test_every_measure_on_the_card_has_an_update_button(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    (card,) = [r for r in talk(assistant, demo_snapshot, STAFF, "มาตรการ ทุกหน่วยงาน") if isinstance(r, Flex)]
    codes = [bubble["header"]["contents"][1]["text"].split(" ")[0] for bubble in card.contents["contents"]]
    assert message_actions(card.contents) == [("อัปเดต", f"อัปเดต {code}") for code in codes] and len(codes) == 8
    FlexContainer.from_dict(card.contents)  # the SDK's schema accepts it


def test_every_reminded_measure_has_an_update_button(demo_snapshot: Snapshot) -> None:
    output = measure_reminders(demo_snapshot, TODAY)
    legal = next(m for to, m in output.posts if to == demo_user_id("demo-officer") and isinstance(m, Flex))
    assert message_actions(legal.contents) == [("อัปเดต M2570-03", "อัปเดต M2570-03")]
    for _, message in output.posts:
        assert isinstance(message, Flex)
        FlexContainer.from_dict(message.contents)
        codes = [line.split(" ")[1] for line in message.alt_text.splitlines() if line.startswith("• M")]
        assert [text for _, text in message_actions(message.contents)] == [f"อัปเดต {code}" for code in codes]
