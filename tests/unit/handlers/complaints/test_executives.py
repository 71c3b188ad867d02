"""Executives are recognised by a person's role in context, never by a division's name."""

from __future__ import annotations

import pytest

from handlers.complaints.desk import Draft
from handlers.complaints.executives import names_an_executive

EXECUTIVES = [
    "นายกเทศมนตรี", "นายก อบต.", "นายกอบต.บางจาก", "นายกองค์การบริหารส่วนตำบลบางจาก", "นายกฯ",
    "ท่านนายก", "นายก", "นายกเรียกเงินค่าใบอนุญาต", "นายกสั่งให้ซื้อของร้านญาติ", "นายกบอกว่าต้องจ่ายก่อน",
    "นายกรับเงินใต้โต๊ะ", "รองนายกเทศมนตรี", "รองนายก", "เลขานุการนายก", "ที่ปรึกษานายกเทศมนตรี",
    "ปลัดเทศบาล", "ปลัด อบต.", "ปลัดองค์การบริหารส่วนตำบล", "รองปลัดเทศบาล", "รองปลัด", "ท่านปลัดเรียกเงิน",
    "ปลัดสั่งให้แก้เอกสาร", "ประธานสภาเทศบาล", "รองประธานสภา", "สมาชิกสภาเทศบาล", "สมาชิกสภา อบต.",
    "ส.อบต.หมู่ 3", "ผู้บริหารท้องถิ่น", "ไปที่สำนักปลัดแล้วปลัดเทศบาลเรียกเงิน",
]
NOT_EXECUTIVES = [
    "สำนักปลัด", "เจ้าหน้าที่สำนักปลัด", "งานธุรการ สำนักปลัดเทศบาล", "สำนักงานปลัด", "หัวหน้าสำนักปลัด",
    "ผู้อำนวยการกองช่าง", "ผู้อำนวยการกองคลัง", "ผอ.กองการศึกษา", "ผู้อำนวยการ", "หัวหน้าสำนักงาน",
    "เจ้าหน้าที่การเงิน", "กองช่าง", "นายกิตติ ใจดี", "นายก้อง สายสุข", "นายกมล ใจงาม", "นายกฤษณ์ มีสุข",
    "นายกนก ศรีสุข", "นายกวิน ทองดี กองช่าง", "นายกำพล พรหมมา", "ไปติดต่อที่สำนักปลัด เจ้าหน้าที่ขอเงินค่าดำเนินการ",
]


@pytest.mark.parametrize("text", EXECUTIVES)
def test_a_person_in_an_executive_role_is_an_executive(text: str) -> None:
    assert names_an_executive(text)


@pytest.mark.parametrize("text", NOT_EXECUTIVES)
def test_a_division_or_a_name_is_not(text: str) -> None:
    assert not names_an_executive(text)


def test_the_draft_reads_accused_and_details_together() -> None:
    assert not Draft(accused="เจ้าหน้าที่สำนักปลัด", details=["ผู้อำนวยการกองช่างไม่ตอบ"]).about_executives
    assert Draft(accused="สำนักปลัด", details=["ปลัดเทศบาลเรียกเงิน"]).about_executives
