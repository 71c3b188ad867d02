"""``ita-bot office add`` and ``rotate``: LINE's and Google's checks in order, all or nothing (issue 39).

add: the token (``GET /v2/bot/info``) → the sheet (opened, tabs made, org_name filled) → the registry →
the webhook URL (set, then LINE's webhook test, repeated while the deployment has not yet picked the office
up) → the rich menus. A failure after the registry removes the office again and puts back the channel's
previous webhook URL, so nothing is left half-registered; the error says in Thai what to fix.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from linebot.v3.messaging import (
    ApiException,
    BotInfoResponse,
    MessagingApi,
    MessagingApiBlob,
    SetWebhookEndpointRequest,
    TestWebhookEndpointRequest,
)
from urllib3.exceptions import HTTPError

from bot.richmenu import FontMissing, deploy, line_apis
from common.clock import office_clock
from common.config import Config
from common.offices import OfficeRecord, registered_office
from sheets.backend import BackendError
from sheets.factory import open_backend
from sheets.office_setup import prepare_workbook
from sheets.workbook import parse_workbook
from state.office_registry import OfficeExistsError, OfficeRegistry

SHEET_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
NOT_YET_SERVED = 404
"""What the webhook test gets until every instance has read the registry (≤ 15 s)."""


class OnboardingError(Exception):
    """What went wrong and what to fix, in Thai."""


@dataclass(frozen=True)
class Added:
    display_name: str
    basic_id: str
    webhook_url: str
    sheet: str
    linked_staff: int


def sheet_id(text: str) -> str:
    """The id in a Google Sheet URL (https://docs.google.com/spreadsheets/d/<id>/edit…), or the id itself."""
    found = SHEET_URL.search(text)
    return found.group(1) if found else text.strip()


def check_token(api: MessagingApi) -> BotInfoResponse:
    """Step 1: LINE knows the token; which account it is."""
    try:
        return api.get_bot_info()
    except ApiException as error:
        if error.status == 401:
            raise OnboardingError("LINE ไม่รับ channel access token (401): token ผิดหรือถูกเพิกถอนแล้ว "
                                  "ออก token ใหม่ที่แท็บ Messaging API ใน LINE Developers console แล้วสั่งใหม่") from None
        raise OnboardingError(f"LINE ตอบ HTTP {error.status} เมื่อตรวจ token ลองใหม่ภายหลัง") from None
    except (HTTPError, OSError):
        raise OnboardingError("ติดต่อ LINE ไม่ได้ ตรวจการเชื่อมต่อเครือข่าย (และ LINE_API_HOST) แล้วสั่งใหม่") from None


def add_office(record: OfficeRecord, base: Config, registry: OfficeRegistry,
               wait: Callable[[float], None], tries: int = 12) -> Added:
    """Every step of ``office add``; ``wait`` sleeps between webhook tests (tests drive the server instead)."""
    if not base.public_url.startswith("https://"):
        raise OnboardingError("ต้องตั้ง ITA_PUBLIC_URL เป็นที่อยู่ https ของระบบ (LINE ส่ง webhook ทาง https เท่านั้น)")
    config = registered_office(record, base).config
    api, blob = line_apis(config)
    info = check_token(api)
    staff, sheet = _prepare_sheet(config, record.name)
    try:
        registry.add(record)
    except OfficeExistsError:
        raise OnboardingError(f"มีสำนักงานรหัส {record.id} อยู่แล้ว ดูด้วย ita-bot office list") from None
    url = f"{base.public_url}/callback/{record.id}"
    try:
        previous = _webhook_of(api)
        try:
            _connect_webhook(api, url, wait, tries)
            linked = _rich_menus(api, blob, staff)
        except BaseException:
            _restore_webhook(api, previous)
            raise
    except BaseException:
        registry.remove(record.id)
        raise
    return Added(info.display_name, info.basic_id, url, sheet, linked)


def _prepare_sheet(config: Config, name: str) -> tuple[list[str], str]:
    """Step 2; the LINE userIds of approved staff (for their rich menu) and the sheet as the summary names it."""
    backend = open_backend(config)
    try:
        prepare_workbook(backend, name)
        snapshot = parse_workbook(backend.read_tables(), office_clock(config.zone)())
    except BackendError as error:
        raise OnboardingError(f"เตรียมสมุดงานไม่สำเร็จ: {error}") from None
    return [m.line_user_id for m in snapshot.staff if m.status == "อนุมัติ" and m.line_user_id], backend.describe()


def _webhook_of(api: MessagingApi) -> str | None:
    try:
        endpoint: str = api.get_webhook_endpoint().endpoint
    except ApiException:
        return None
    return endpoint


def _connect_webhook(api: MessagingApi, url: str, wait: Callable[[float], None], tries: int) -> None:
    """Step 4: set the URL and run LINE's test until it passes (the deployment reads the registry every 10 s)."""
    try:
        api.set_webhook_endpoint(SetWebhookEndpointRequest(endpoint=url))
        for attempt in range(tries):
            result = api.test_webhook_endpoint(TestWebhookEndpointRequest(endpoint=url))
            if result.success:
                return
            if result.status_code != NOT_YET_SERVED or attempt == tries - 1:
                raise OnboardingError(_webhook_failure(url, result.status_code, result.reason))
            wait(2.5)
    except ApiException as error:
        raise OnboardingError(f"LINE ไม่รับ webhook URL {url} (HTTP {error.status}): ตรวจ ITA_PUBLIC_URL "
                              "(https ยาวไม่เกิน 500 ตัวอักษร)") from None


def _webhook_failure(url: str, status: int, reason: str) -> str:
    hint = {400: "channel secret ไม่ตรงกับช่องนี้ ตรวจ Channel secret ในแท็บ Basic settings",
            404: "ระบบยังไม่ได้เปิดสำนักงานนี้ ตรวจว่า ita-bot serve ตั้ง ITA_MANY_OFFICES=1 และใช้ที่เก็บข้อมูลเดียวกัน",
            503: "ระบบไม่ว่างหรือเขียนข้อมูลไม่ได้ ดู /healthz"}.get(status)
    if status <= 0:
        hint = "LINE ติดต่อที่อยู่นี้ไม่ได้ ตรวจ ITA_PUBLIC_URL, DNS, ใบรับรอง https และ firewall"
    return f"ทดสอบ webhook {url} ไม่ผ่าน: statusCode {status} ({reason}) — {hint or 'ดู log ของระบบ'}"


def _restore_webhook(api: MessagingApi, previous: str | None) -> None:
    if previous:
        with contextlib.suppress(ApiException, HTTPError, OSError):
            api.set_webhook_endpoint(SetWebhookEndpointRequest(endpoint=previous))


def _rich_menus(api: MessagingApi, blob: MessagingApiBlob, staff: list[str]) -> int:
    """Step 5."""
    try:
        return deploy(api, blob, staff).linked_staff
    except FontMissing as error:
        raise OnboardingError(str(error)) from None
    except ApiException as error:
        raise OnboardingError(f"ตั้งริชเมนูไม่สำเร็จ (LINE ตอบ HTTP {error.status}) สั่งใหม่ได้") from None


def rotate_office(registry: OfficeRegistry, base: Config, office_id: str, channel_secret: str,
                  access_token: str) -> BotInfoResponse:
    """``office rotate``: the new token checked as in step 1, then stored (served within seconds)."""
    record = registry.get(office_id)
    if record is None:
        raise OnboardingError(f"ไม่พบสำนักงานรหัส {office_id} ในทะเบียน ดูด้วย ita-bot office list")
    config = registered_office(record, base).config
    api, _ = line_apis(Config(line_api_host=config.line_api_host, line_access_token=access_token))
    info = check_token(api)
    registry.rotate(office_id, channel_secret, access_token)
    return info
