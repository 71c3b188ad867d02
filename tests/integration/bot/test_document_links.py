"""Staff `รายงาน` in LINE → signed, expiring, no-store download links; refused for others and when altered."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from tests.conftest import FakeClock
from tests.fakes.line_events import body_of, text_event
from tests.fakes.servers import Served
from tests.integration.conftest import LAST_YEAR, YEAR_BEFORE, post_signed, quick_messenger
from tests.unit.documents.readback import read_docx

PUBLIC = "https://ita.example.go.th"
STAFF, PENDING, CITIZEN = demo_user_id("demo-staff"), demo_user_id("demo-pending"), "U" + "1" * 32
LINK = re.compile(re.escape(PUBLIC) + r"(/documents/\S+)")


@pytest.fixture
def linked_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    config = replace(bot_config, public_url=PUBLIC)
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


def say(app: Flask, fake: LineApiFake, clock: FakeClock, user: str, text: str) -> dict[str, object]:
    body = body_of(text_event(user, text, fake.issue_reply_token(user), int(clock().timestamp() * 1000)))
    assert post_signed(app.test_client(), body) == 200
    runtime_of(app).events.wait_idle()
    message: dict[str, object] = fake.messages_to(user)[-1].messages[-1]
    return message


def test_staff_choose_a_document_and_download_it(linked_app: Flask, line_fake: tuple[LineApiFake, Served],
                                                 clock: FakeClock) -> None:
    fake, _ = line_fake
    menu = say(linked_app, fake, clock, STAFF, "รายงาน")
    labels = [item["action"]["label"] for item in menu["quickReply"]["items"]]  # type: ignore[index]
    assert labels == ["วิเคราะห์ผล ITA", "ความก้าวหน้ามาตรการ", "สถิติร้องเรียน", "ยกเลิก"]
    say(linked_app, fake, clock, STAFF, f"รายงาน วิเคราะห์ {YEAR_BEFORE}")
    notes = str(fake.messages_to(STAFF)[-1].messages[0]["text"])
    assert notes.startswith("ก่อนเผยแพร่ ควรแก้ในสมุดงาน:") and f"พ.ศ. {LAST_YEAR} ในแท็บ มาตรการ" in notes
    card = say(linked_app, fake, clock, STAFF, "รายงาน วิเคราะห์")
    assert len(fake.messages_to(STAFF)[-1].messages) == 1, "the demo's last year is complete: nothing to fix"
    answer = str(card["altText"])
    docx_path, pdf_path = LINK.findall(answer)
    assert "ลิงก์ใช้ได้ถึง 24 พ.ย. 2569 09:00 น." in answer
    contents = card["contents"]
    buttons = [b["action"]["uri"] for b in contents["footer"]["contents"]]  # type: ignore[index]
    assert buttons == [PUBLIC + docx_path, PUBLIC + pdf_path]
    chart_url = contents["hero"]["url"]  # type: ignore[index]
    client = linked_app.test_client()
    chart = client.get(chart_url.removeprefix(PUBLIC))
    assert chart.status_code == 200 and chart.mimetype == "image/png" and chart.headers["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(chart.data)).width == 1800
    response = client.get(docx_path)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == f'attachment; filename="ita-analysis-{LAST_YEAR}.docx"'
    assert response.mimetype.endswith("wordprocessingml.document")
    back = read_docx(response.data)
    assert back.table_after("ตารางที่ ๑")[-1] == ["คะแนนรวม", "", "๘๐.๖๑", "ต้องปรับปรุง"]
    pdf = client.get(pdf_path)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("user", [CITIZEN, PENDING], ids=["unregistered", "pending"])
def test_people_who_are_not_approved_staff_get_no_link(linked_app: Flask, line_fake: tuple[LineApiFake, Served],
                                                       clock: FakeClock, user: str) -> None:
    fake, _ = line_fake
    for text in ("รายงาน", "รายงาน วิเคราะห์", "รายงาน ร้องเรียน"):
        answer = say(linked_app, fake, clock, user, text)
        assert "/documents/" not in str(answer) and "เจ้าหน้าที่" in str(answer["text"])


def test_altered_expired_and_listing_requests_are_refused(linked_app: Flask, line_fake: tuple[LineApiFake, Served],
                                                          clock: FakeClock) -> None:
    fake, _ = line_fake
    path = LINK.findall(str(say(linked_app, fake, clock, STAFF, "รายงาน ร้องเรียน")["altText"]))[0]
    client: FlaskClient = linked_app.test_client()
    token = path.rsplit("/", 1)[1]
    altered = path[:-len(token)] + token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    assert client.get(altered).status_code == 404
    assert "ไม่ถูกต้อง" in client.get(altered).get_data(as_text=True)
    for listing in ("/documents/", "/documents"):
        assert client.get(listing).status_code == 404
    assert client.get(path).status_code == 200
    clock.advance(24 * 3600 + 1)
    expired = client.get(path)
    assert expired.status_code == 410 and "หมดอายุ" in expired.get_data(as_text=True)
    assert expired.headers["Cache-Control"] == "no-store"


def test_without_a_public_url_staff_are_told_how_to_make_it(bot_app: Flask, line_fake: tuple[LineApiFake, Served],
                                                             clock: FakeClock) -> None:
    fake, _ = line_fake
    answer = str(say(bot_app, fake, clock, STAFF, "รายงาน วิเคราะห์")["text"])
    assert "ITA_PUBLIC_URL" in answer and "ita-bot report analysis" in answer
    assert bot_app.test_client().get("/documents/anything").status_code == 404


def test_the_progress_report_link_is_posted_to_the_staff_group_at_six_months(
        linked_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    jobs = runtime_of(linked_app).jobs
    report = jobs.run("progress-report", date(2027, 4, 1))
    assert report.ran and report.period == "2570-M6"
    assert not jobs.run("progress-report", date(2027, 4, 1)).ran, "once per round"
    (delivery,) = fake.deliveries
    text = delivery.messages[0]["text"]
    assert delivery.to == ("C" + "5" * 32,) and "รอบ 6 เดือน (1 ต.ค. 2569 – 31 มี.ค. 2570)" in text
    assert "เสร็จสิ้น 2 · กำลังดำเนินการ 5 · ยังไม่เริ่ม 3 · เกินกำหนด 4" in text
    response = linked_app.test_client().get(LINK.findall(text)[0])
    assert response.status_code == 200
    assert "รอบ ๖ เดือน (๑ ต.ค. ๒๕๖๙ – ๓๑ มี.ค. ๒๕๗๐)" in read_docx(response.data).text()
    assert jobs.run("progress-report", date(2027, 10, 1)).period == "2570-M12"
