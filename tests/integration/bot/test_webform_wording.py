"""What the web form says: optional fields are marked, the receipt page says its heading once."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.integration.bot.test_webform import submit


def test_optional_fields_are_marked(client: FlaskClient) -> None:
    page = client.get("/complaint").get_data(as_text=True)
    for field in ("accused", "place", "incident_date", "photos"):
        label = re.search(rf'<label for="{field}">(.*?)</label>', page)
        assert label and "ไม่บังคับ" in label.group(1), field


def test_the_receipt_page_says_its_heading_once(client: FlaskClient) -> None:
    status, page = submit(client, accused="")
    assert status == 200 and page.count("รับเรื่องร้องเรียนแล้ว") == 2, "the <title> and the heading, no more"
    assert re.search(r"<h1>รับเรื่องร้องเรียนแล้ว</h1>", page) and "เลขที่เรื่อง <strong" in page
