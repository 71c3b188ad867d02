"""``office add`` on a running many-office deployment: served without a restart, each failure leaves nothing.

The deployment is the real app with the real reconciler; LINE's webhook test reaches it through the LINE
fake's ``deliver`` (an https URL routed to the app), and the onboarding's wait between webhook tests is
the moment the reconciler reads the registry, as the server's poll would within 10 s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from app import create_app, runtime_of, stop_all
from bot.office_table import Reconciler
from bot.onboarding import Added, OnboardingError, add_office, rotate_office
from common.config import Config
from common.offices import OfficeRecord
from demo.line_fake import LineApiFake
from state.office_registry import OfficeRegistry, open_registry
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.servers import Served
from tests.fakes.sheets_api import FakeSheetsApi

PUBLIC = "https://ita.example.go.th"
USER = "U" + "7" * 32
CHANNELS = {"nongbua": ("e5" * 16, "token-nongbua"), "bangjak": ("b2" * 16, "token-bangjak")}


@dataclass
class Province:
    app: Flask
    fake: LineApiFake
    registry: OfficeRegistry
    base: Config
    clock: FakeClock

    @property
    def reconciler(self) -> Reconciler:
        reconciler: Reconciler = self.app.extensions["ita_reconciler"]
        return reconciler

    def add(self, office: str, *, secret: str | None = None, tries: int = 3, **fields: str) -> Added:
        real_secret, token = CHANNELS[office]
        record = OfficeRecord(office, f"อบต.{office}", secret or real_secret, token, **fields)  # type: ignore[arg-type]
        return add_office(record, self.base, self.registry, lambda seconds: self.reconciler.reconcile(), tries=tries)

    def say(self, office: str, text: str, secret: str | None = None) -> int:
        body = body_of(text_event(USER, text, self.fake.issue_reply_token(USER), line_ms(self.clock())))
        status = self.app.test_client().post(f"/callback/{office}", data=body, headers={
            "X-Line-Signature": sign(secret or CHANNELS[office][0], body),
            "Content-Type": "application/json"}).status_code
        if status == 200:
            runtime_of(self.app, office).events.wait_idle()
        return status


@pytest.fixture
def province(tmp_path: Path, line_fake: tuple[LineApiFake, Served], state_url: str, clock: FakeClock,
             sheets_fake: FakeSheetsApi) -> Iterator[Province]:
    fake, served = line_fake
    for office, (secret, token) in CHANNELS.items():
        fake.add_channel(token, secret, f"อบต.{office}")
    base = Config(data_dir=tmp_path / "var", secret_key="k" * 32, state_url=state_url, line_api_host=served.url,
                  public_url=PUBLIC, office_registry=True, sheets_api_url=sheets_fake.base_url, sheets_timeout=2)
    app = create_app(base, clock=clock, flush_interval=None, sync_interval=None, scheduler=False,
                     registry_interval=None)
    client = app.test_client()

    def deliver(url: str, body: bytes, headers: dict[str, str]) -> int:
        assert url.startswith(PUBLIC + "/")
        return client.post(urlsplit(url).path, data=body, headers=headers).status_code

    fake.deliver = deliver
    yield Province(app, fake, open_registry(state_url, base.data_dir, base.secret_key), base, clock)
    stop_all(app)


def assert_nothing_registered(province: Province, office: str = "nongbua") -> None:
    province.reconciler.reconcile()
    assert office not in {record.id for record in province.registry.all()}
    assert office not in province.app.extensions["ita_offices"]
    assert province.say(office, "คะแนน") == 404


def test_an_added_office_answers_and_the_others_are_not_disturbed(province: Province) -> None:
    assert province.say("nongbua", "คะแนน") == 404
    province.add("nongbua")
    assert province.fake.webhooks["token-nongbua"] == {"endpoint": f"{PUBLIC}/callback/nongbua", "active": True}
    assert [status for _, status in province.fake.webhook_tests] == [404, 200], "served after one registry read"
    assert province.fake.default_rich_menu is not None
    first = runtime_of(province.app, "nongbua")
    assert province.say("nongbua", "คะแนน") == 200
    province.add("bangjak")
    assert runtime_of(province.app, "nongbua") is first, "adding an office leaves the others running"
    assert province.say("bangjak", "คะแนน") == 200 and province.say("nongbua", "คะแนน") == 200
    assert {d.channel for d in province.fake.deliveries} == {"token-nongbua", "token-bangjak"}
    health = province.app.test_client().get("/healthz").get_json()
    assert set(health["offices"]) == {"nongbua", "bangjak"}
    assert "e5" * 16 not in str(health) and "token-nongbua" not in str(health)


def test_a_removed_office_stops_and_a_rotated_one_takes_its_new_secret(province: Province) -> None:
    province.add("nongbua")
    province.add("bangjak")
    new_secret = "f6" * 16
    province.fake.channel_secrets["token-nongbua"] = new_secret
    rotate_office(province.registry, province.base, "nongbua", new_secret, "token-nongbua")
    province.reconciler.reconcile()
    assert province.say("nongbua", "คะแนน", new_secret) == 200, "the new secret verifies without a restart"
    assert province.say("nongbua", "คะแนน") == 400, "the old secret no longer does"
    assert province.registry.remove("nongbua")
    province.reconciler.reconcile()
    assert province.say("nongbua", "คะแนน") == 404 and province.say("bangjak", "คะแนน") == 200


def test_a_wrong_token_stops_at_step_one(province: Province) -> None:
    province.fake.channel_secrets.pop("token-nongbua")
    with pytest.raises(OnboardingError, match="401"):
        province.add("nongbua")
    assert province.fake.webhooks == {} and province.fake.rich_menus == {}
    assert_nothing_registered(province)


def test_an_unshared_sheet_names_the_account_to_share_with(province: Province, sheets_fake: FakeSheetsApi,
                                                             google_credentials: Path) -> None:
    sheets_fake.shared = False
    with pytest.raises(OnboardingError, match=re.escape("ita-bot@fake-project.iam.gserviceaccount.com")):
        province.add("nongbua", spreadsheet_id=sheets_fake.spreadsheet.id, google_credentials=str(google_credentials))
    assert province.fake.webhooks == {}
    assert_nothing_registered(province)


def test_a_shared_sheet_is_prepared_and_named(province: Province, sheets_fake: FakeSheetsApi,
                                              google_credentials: Path) -> None:
    added = province.add("nongbua", spreadsheet_id=sheets_fake.spreadsheet.id,
                         google_credentials=str(google_credentials))
    assert added.sheet == f'Google Sheet "{sheets_fake.spreadsheet.title}" ({sheets_fake.spreadsheet.id})'
    settings = sheets_fake.grid("ตั้งค่า").rows
    assert ["org_name", "อบต.nongbua", "ชื่อหน่วยงาน"] in [list(row[:3]) for row in settings]


@pytest.mark.parametrize(("deliver_status", "expected"), [(0, "statusCode 0"), (500, "statusCode 500")])
def test_a_failing_webhook_test_keeps_nothing_and_puts_back_the_old_url(
        province: Province, deliver_status: int, expected: str) -> None:
    province.fake.webhooks["token-nongbua"] = {"endpoint": "https://old.example/callback", "active": True}
    province.fake.deliver = lambda url, body, headers: deliver_status
    with pytest.raises(OnboardingError, match=expected):
        province.add("nongbua")
    assert province.fake.webhooks["token-nongbua"]["endpoint"] == "https://old.example/callback"
    assert_nothing_registered(province)


def test_a_wrong_channel_secret_fails_the_webhook_test(province: Province) -> None:
    with pytest.raises(OnboardingError, match=r"statusCode 400.*channel secret"):
        province.add("nongbua", secret="0" * 32)
    assert_nothing_registered(province)


def test_a_deployment_that_never_serves_the_office_is_reported(province: Province) -> None:
    province.app.extensions["ita_reconciler"] = replace_reconcile(province)
    with pytest.raises(OnboardingError, match=r"statusCode 404.*ITA_MANY_OFFICES"):
        province.add("nongbua")
    assert_nothing_registered(province)


def replace_reconcile(province: Province) -> Reconciler:
    """A reconciler on another registry: the deployment never sees the office (another state store)."""
    other = Reconciler(open_registry("", province.base.data_dir / "elsewhere", "k" * 32),
                       province.reconciler.table, province.reconciler.build, province.base, set())
    return other


def test_a_rich_menu_failure_rolls_everything_back(province: Province) -> None:
    served = province.fake.deliver
    assert served is not None

    def pass_then_fail(url: str, body: bytes, headers: dict[str, str]) -> int:
        status = served(url, body, headers)
        if status == 200:
            province.fake.faults.append(500)  # the next LINE call: the rich menu list
        return status

    province.fake.deliver = pass_then_fail
    with pytest.raises(OnboardingError, match="ริชเมนู"):
        province.add("nongbua")
    assert_nothing_registered(province)


def test_an_existing_id_or_no_public_url_is_refused(province: Province) -> None:
    province.add("nongbua")
    with pytest.raises(OnboardingError, match="มีสำนักงานรหัส nongbua อยู่แล้ว"):
        province.add("nongbua")
    assert [r.id for r in province.registry.all()] == ["nongbua"]
    province.base = replace(province.base, public_url="")
    with pytest.raises(OnboardingError, match="ITA_PUBLIC_URL"):
        province.add("bangjak")
