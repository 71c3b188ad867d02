"""Each job's content against a hand count of the demo workbook (23 Nov 2569, fiscal year 2570)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.jobs import next_runs
from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex
from handlers.jobs.summaries import (
    complaint_deadlines,
    complaint_statistics,
    measure_reminders,
    oit_monthly,
    weekly_digest,
)
from sheets.workbook import Snapshot
from tests.unit.conftest import LAST_YEAR, with_rows

TODAY = date(2026, 11, 23)
STAFF_GROUP, OFFICER_GROUP = "C" + "5" * 32, "C" + "6" * 32


def text_of(output) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(message.alt_text for _, message in output.posts if isinstance(message, Flex))


def test_weekly_digest(demo_snapshot: Snapshot) -> None:
    output = weekly_digest(demo_snapshot, TODAY)
    assert output.period == "2569-W48" and [to for to, _ in output.posts] == [STAFF_GROUP]
    text = text_of(output)
    assert f"ปี {LAST_YEAR}: 80.61 คะแนน ระดับ ต้องปรับปรุง" in text
    assert "กองคลัง: 1 รายการ (M2570-06)" in text and "สำนักปลัดเทศบาล: 1 รายการ (M2570-02)" in text
    assert "งานนิติการ: 1 รายการ (M2570-03)" in text
    assert "เผยแพร่แล้ว 9/16 ข้อ ยังขาด 7 ข้อ" in text
    assert "• รับเรื่อง: 1\n• กำลังตรวจสอบ: 1\n• ยุติเรื่อง: 1" in text, "in the order a case moves"
    assert output.summary == "เกินกำหนด 2 · ครบกำหนดใน 7 วัน 1 · OIT ขาด 7 · เรื่องร้องเรียน 3"


def test_weekly_digest_empty_cases(demo_snapshot: Snapshot) -> None:
    empty = with_rows(with_rows(with_rows(demo_snapshot, "มาตรการ", ()), "เรื่องร้องเรียน", ()), "OIT", ())
    text = text_of(weekly_digest(empty, TODAY))
    assert "ไม่มีมาตรการเกินกำหนด" in text and "ไม่มีมาตรการครบกำหนดใน 7 วัน" in text
    assert "ไม่มีเรื่องร้องเรียน" in text and "ยังไม่มีรายการ OIT" in text


def test_measure_reminders_go_to_registered_staff_of_the_unit_else_the_group(demo_snapshot: Snapshot) -> None:
    output = measure_reminders(demo_snapshot, TODAY)
    recipients = sorted(to for to, _ in output.posts)
    # สำนักปลัดเทศบาล has approved staff (สมศรี, ประภา); กองคลัง's only member is pending; งานนิติการ has วิชัย
    assert recipients == sorted([demo_user_id("demo-staff"), demo_user_id("demo-admin"), demo_user_id("demo-officer"),
                                 STAFF_GROUP])
    assert output.summary == "มาตรการต้องเตือน 3 รายการ" and output.period == "2569-11-23"


def test_measure_reminders_say_what_is_overdue_and_name_the_unit_once(demo_snapshot: Snapshot) -> None:
    output = measure_reminders(demo_snapshot, TODAY)
    (finance,) = [message.alt_text for to, message in output.posts if to == STAFF_GROUP and isinstance(message, Flex)]
    assert finance.count("กองคลัง") == 1 and "กองคลัง · ประจำวันที่ 23 พ.ย. 2569" in finance
    assert "เกินกำหนดแล้ว\n• M2570-06 ประกาศแนวทางการใช้ทรัพย์สินของราชการ · เกินกำหนด 13 วัน" in finance
    legal = next(m.alt_text for to, m in output.posts if to == demo_user_id("demo-officer") and isinstance(m, Flex))
    assert "มาตรการครบกำหนดใน 7 วัน\n• M2570-03" in legal and "เกินกำหนด" not in legal


def test_complaint_deadlines(demo_snapshot: Snapshot) -> None:
    output = complaint_deadlines(demo_snapshot, TODAY)
    assert [to for to, _ in output.posts] == [OFFICER_GROUP]
    text = text_of(output)
    assert "2570-0001 จัดซื้อจัดจ้าง · กำหนด 5 พ.ย. 2569" in text
    assert output.summary == "ใกล้ครบกำหนด 0 · เกินกำหนด 1"
    quiet = complaint_deadlines(demo_snapshot, date(2026, 10, 2))
    assert quiet.posts == [] and quiet.summary == "ใกล้ครบกำหนด 0 · เกินกำหนด 0"


def test_oit_monthly(demo_snapshot: Snapshot) -> None:
    output = oit_monthly(demo_snapshot, date(2026, 12, 1))
    text = text_of(output)
    assert output.period == "2569-12" and "เผยแพร่แล้ว 9/16 ข้อ ยังขาด 7 ข้อ" in text
    assert "\n\n\n" not in text and "ข้อที่ยังไม่เผยแพร่หรือต้องแก้ไข\n• O10" in text
    assert "O10 สรุปผลการจัดซื้อจัดจ้างรายเดือน · กองคลัง · ยังไม่เผยแพร่ · 15 พ.ย. 2569" in text


def test_complaint_statistics_by_month_and_the_empty_case(demo_snapshot: Snapshot) -> None:
    output = complaint_statistics(demo_snapshot, date(2027, 1, 1))
    assert output.period == "2570-Q1"
    text = text_of(output)
    assert "รวม: รับ 3 · เสร็จ 1 · ระหว่างดำเนินการ 2" in text
    assert "ต.ค. 2569: 2 / 1 / 1" in text and "พ.ย. 2569: 1 / 0 / 1" in text and "ธ.ค. 2569: 0 / 0 / 0" in text
    assert [row["เดือน"] for row in output.rows] == ["ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569", "รวม"]
    assert output.rows[-1]["รับเรื่อง"] == "3" and output.rows[-1]["รหัสรายการ"] == "2570-Q1:รวม"
    half_year = complaint_statistics(with_rows(demo_snapshot, "เรื่องร้องเรียน", ()), date(2027, 4, 1))
    assert half_year.period == "2570-Q2" and len(half_year.rows) == 7
    assert "ไม่มีเรื่องร้องเรียน" in text_of(half_year)
    assert "ความพึงพอใจ" not in text  # no case is rated yet


def test_complaint_statistics_give_the_average_rating_of_rated_cases(demo_snapshot: Snapshot) -> None:
    scores = ("5", "4", None)
    cases = tuple(replace(c, rating=score) for c, score in zip(demo_snapshot.complaints, scores, strict=False))
    text = text_of(complaint_statistics(with_rows(demo_snapshot, "เรื่องร้องเรียน", cases), date(2027, 1, 1)))
    assert "ความพึงพอใจของผู้ร้อง: เฉลี่ย 4.5 จาก 5 (2 เรื่องที่ให้คะแนน)" in text


def test_complaint_statistics_count_a_withdrawn_case_apart(demo_snapshot: Snapshot) -> None:
    """ถอนเรื่อง is neither finished nor in progress: its own figure in the post and in สถิติเรื่องร้องเรียน."""
    open_case = next(c for c in demo_snapshot.complaints if c.status not in ("ยุติเรื่อง", "ไม่รับพิจารณา"))
    cases = tuple(replace(c, status="ถอนเรื่อง") if c is open_case else c for c in demo_snapshot.complaints)
    output = complaint_statistics(with_rows(demo_snapshot, "เรื่องร้องเรียน", cases), date(2027, 1, 1))
    text = text_of(output)
    assert "รวม: รับ 3 · เสร็จ 1 · ระหว่างดำเนินการ 1 · ผู้ร้องถอนเรื่อง 1" in text
    assert "(ถอนเรื่อง 1)" in text and "ธ.ค. 2569: 0 / 0 / 0\n" in text + "\n"
    total = output.rows[-1]
    assert (total["รับเรื่อง"], total["ดำเนินการแล้วเสร็จ"], total["อยู่ระหว่างดำเนินการ"], total["ถอนเรื่อง"]) == (
        "3", "1", "1", "1")
    assert all(int(r["รับเรื่อง"]) == sum(int(r[k]) for k in ("ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ถอนเรื่อง"))
               for r in output.rows)
    assert output.summary == "รับ 3 · เสร็จ 1 · ระหว่างดำเนินการ 1 · ถอนเรื่อง 1"
    plain = complaint_statistics(demo_snapshot, date(2027, 1, 1))
    assert "ถอนเรื่อง" not in text_of(plain) and plain.rows[-1]["ถอนเรื่อง"] == "0"


@pytest.mark.parametrize(("now", "job", "expected"), [
    (datetime(2026, 11, 23, 9, 0), "weekly-digest", datetime(2026, 11, 30, 8, 30)),
    (datetime(2026, 11, 30, 8, 29), "weekly-digest", datetime(2026, 11, 30, 8, 30)),
    (datetime(2026, 11, 23, 7, 59), "measure-reminders", datetime(2026, 11, 23, 8, 0)),
    (datetime(2026, 11, 23, 8, 1), "complaint-deadlines", datetime(2026, 11, 24, 8, 0)),
    (datetime(2026, 11, 23, 9, 0), "oit-monthly", datetime(2026, 12, 1, 8, 0)),
    (datetime(2026, 11, 23, 9, 0), "complaint-statistics", datetime(2027, 1, 1, 8, 15)),
    (datetime(2027, 1, 1, 8, 16), "complaint-statistics", datetime(2027, 4, 1, 8, 15)),
    (datetime(2026, 11, 23, 9, 2), "complaint-sync", datetime(2026, 11, 23, 9, 5)),
])
def test_the_scheduler_fires_each_job_at_its_bangkok_time(now: datetime, job: str, expected: datetime) -> None:
    bangkok = ZoneInfo("Asia/Bangkok")
    assert next_runs(now.replace(tzinfo=bangkok))[job] == expected.replace(tzinfo=bangkok)
    utc = now.replace(tzinfo=bangkok).astimezone(ZoneInfo("UTC"))
    assert next_runs(utc)[job] == expected.replace(tzinfo=bangkok), "a server on UTC fires at the same moment"
