"""Errors beside their fields on /complaint and /status, the receipt kept, an unreadable optional date kept."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from tests.conftest import FakeClock
from tests.integration.bot.test_webform import submit, token


def body(page: str) -> str:
    """The page without its style sheet (which names the error classes)."""
    return re.sub(r"<style>.*?</style>", "", page, flags=re.S)


def field_tag(page: str, name: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


def test_each_error_is_beside_its_field_and_the_summary_links_to_it(client: FlaskClient) -> None:
    status, page = submit(client, category="", details=" ", incident_date="31/02/2569")
    assert status == 400
    assert re.search(r"<title>มีข้อผิดพลาด: แจ้งเรื่องร้องเรียนการทุจริต", page)
    summary = page[page.index('class="error-summary"'):page.index("</div>", page.index('class="error-summary"'))]
    for field, words in (("category", "กรุณาเลือกประเภทเรื่อง"), ("details", "กรุณาเล่าเหตุการณ์"),
                         ("incident_date", "ไม่มีวันที่นี้ในปฏิทิน")):
        assert f'href="#{field}"' in summary and words in summary, field
        tag = field_tag(page, field)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="{field}-error"' in tag, tag
        assert re.search(rf'id="{field}-error">.*?{words}', page), field
    assert "autofocus" in field_tag(page, "category"), "the first invalid field has the focus"
    assert "autofocus" not in field_tag(page, "details") and "aria-invalid" not in field_tag(page, "accused")


def test_a_valid_form_has_no_error_marks(client: FlaskClient) -> None:
    page = body(client.get("/complaint").get_data(as_text=True))
    assert "aria-invalid" not in page and "error-summary" not in page and "<title>มีข้อผิดพลาด" not in page


def test_an_error_about_the_whole_form_is_in_the_summary_without_a_link(client: FlaskClient) -> None:
    response = client.post("/complaint", data={"category": "อื่น ๆ", "details": "x", "csrf_token": "forged"})
    page = body(response.get_data(as_text=True))
    assert response.status_code == 400 and "<title>มีข้อผิดพลาด" in page
    assert re.search(r'<li>แบบฟอร์มหมดอายุ', page) and "aria-invalid" not in page


def test_an_unreadable_optional_date_is_kept_as_typed(client: FlaskClient, bot_app: Flask, clock: FakeClock) -> None:
    status, page = submit(client, incident_date="ทุกวันศุกร์ ตอนเย็น")
    assert status == 200 and 'id="receipt"' in page, "the optional field never blocks the complaint"
    (entry,) = runtime_of(bot_app).outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["วันที่เกิดเหตุ"] == "ทุกวันศุกร์ ตอนเย็น"


def test_a_date_to_come_is_an_error_beside_the_date(client: FlaskClient) -> None:
    status, page = submit(client, incident_date="1/1/2580")
    assert status == 400 and 'aria-invalid="true"' in field_tag(page, "incident_date")
    assert "อนาคต" in page


def test_a_wrong_receipt_is_kept_in_its_field_with_the_error_beside_it(client: FlaskClient) -> None:
    typed = "k7m2 9qxa 3f"
    response = client.post("/status", data={"csrf_token": token(client, "/status"), "receipt": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and "<title>มีข้อผิดพลาด: ติดตามเรื่องร้องเรียน" in page
    tag = field_tag(page, "receipt")
    assert f'value="{typed}"' in tag, "twelve characters are not typed again"
    assert 'aria-invalid="true"' in tag and 'aria-describedby="receipt-error"' in tag and "autofocus" in tag
    assert re.search(r'id="receipt-error">.*?ไม่พบเรื่องของเลขรับเรื่องนี้', page)


def test_the_receipt_never_wraps(client: FlaskClient) -> None:
    _, page = submit(client)
    style = page[page.index("<style>"):page.index("</style>")]
    assert re.search(r"\.receipt \{[^}]*white-space: nowrap", style)
