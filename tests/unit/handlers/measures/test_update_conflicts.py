"""A measure or OIT change the sheet refused: the person is told the value now, with a button to look again."""

from __future__ import annotations

from typing import Any

from handlers.conversation.replies import Text
from handlers.measures.units import conflict_router
from state.row_changes import CellChange, Conflict, RowChange


def conflict(tab: str, key: str) -> Conflict:
    change = RowChange(tab, "รหัส", key, (CellChange("สถานะ", "ยังไม่เผยแพร่", "เผยแพร่แล้ว"),), "id-1",
                       action="ส่งลิงก์ OIT", notify="U1")
    return Conflict(change, {"สถานะ": "ต้องแก้ไข"}, "ค่าในชีตเปลี่ยนไปแล้ว")


def test_measure_and_oit_conflicts_get_their_own_button_and_others_pass_through() -> None:
    pushed: list[tuple[str, list[Text], dict[str, Any]]] = []
    others: list[Conflict] = []
    tell = conflict_router(lambda to, replies, **options: pushed.append((to, replies, options)), others.append)
    tell(conflict("OIT", "o16"))
    tell(conflict("มาตรการ", "M2570-02"))
    tell(conflict("เรื่องร้องเรียน", "2570-0001"))
    assert [(to, [q.text for q in replies[0].quick_replies]) for to, replies, _ in pushed] == [
        ("U1", ["ส่งลิงก์ O16"]), ("U1", ["อัปเดต M2570-02"])]
    assert 'สถานะ: ตอนนี้ในชีตเป็น "ต้องแก้ไข" (ที่คุณเห็นคือ "ยังไม่เผยแพร่")' in pushed[0][1][0].text
    assert pushed[0][2] == {"retry_key_seed": "conflict:id-1"}
    assert [c.change.key for c in others] == ["2570-0001"]
