"""Whether a sentence means "I want to report something" (อยากแจ้งว่า…, ขอร้องเรียน…, จะแจ้งเบาะแส…).

It is checked before the FAQ: an FAQ entry about complaint channels shares these words, but a citizen who
says they want to report should be in the complaint flow, not reading about it. A question about reporting
(แจ้งได้ที่ไหน, ร้องเรียนยังไง) is still a question.
"""

from __future__ import annotations

import re

from common.thaitext import normalize_input
from handlers.conversation.phrasing import ends_as_question

WANT = r"(?:มีเรื่อง(?:จะ|อยาก)?|อยากจะ|อยาก|ขอ|จะ|ต้องการ(?:จะ)?|ขอ(?:อนุญาต)?)?"
VERB = r"(?:ร้องเรียน|ร้องทุกข์|แจ้งเบาะแส|แจ้งเรื่องร้องเรียน|แจ้งเรื่องทุจริต|แจ้งทุจริต|แจ้งเรื่อง|แจ้งว่า|แจ้ง)"
REPORT = re.compile(rf"^{WANT}{VERB}")
QUESTION = re.compile(r"ไหม|มั้ย|หรือเปล่า|ยังไง|อย่างไร|ที่ไหน|ทางไหน|แค่ไหน|ช่องทาง|กี่|เมื่อไร|เมื่อไหร่|เท่าไร|"
                      r"เท่าไหร่|ได้บ้าง|อะไรบ้าง|ทำไง|ทำอย่างไร|วิธี|ต้องทำ|\?")
"""Question words that ask wherever they stand; ใคร and อะไร also mean "someone", "something" in a report
("อยากแจ้งว่ามีใครมาเรียกเงิน"), so they ask only at the end (``ends_as_question``)."""
NOT_REPORTING = ("แจ้งเตือน", "แจ้งผล", "แจ้งความคืบหน้า")


def reads_as_report(text: str) -> bool:
    """True for "I want to report…" in everyday words; False for a question about how or where to report."""
    compact = "".join(normalize_input(text).split())
    if not REPORT.match(compact) or QUESTION.search(compact) or ends_as_question(text):
        return False
    return not any(word in compact for word in NOT_REPORTING)
