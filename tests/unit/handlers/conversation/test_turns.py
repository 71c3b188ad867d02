"""A recorded answer comes back as it was: texts, cards, buttons and notices."""

from __future__ import annotations

import json

from handlers.conversation.replies import Flex, QuickReply, Text
from handlers.conversation.turns import Answer, answer_from_json, answer_to_json


def test_an_answer_survives_the_round_trip() -> None:
    card = {"type": "bubble", "body": {"type": "box", "layout": "vertical",
                                       "contents": [{"type": "text", "text": "คะแนน ๘๕"}]}}
    answer = Answer([Text("สวัสดีค่ะ", (QuickReply("เมนู"), QuickReply("ถัดไป", data="next", text="ถัดไป"))),
                     Flex("คะแนน ITA", card, (QuickReply("ย้อนกลับ"),))],
                    [("U-admin", Text("มีเรื่องร้องเรียนใหม่"))])
    text = answer_to_json(answer)
    assert answer_from_json(text) == answer
    assert "คะแนน ๘๕" in text  # Thai kept as it is, not escaped
    assert json.loads(text)["replies"][1]["kind"] == "flex"
