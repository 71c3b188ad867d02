"""ita-bot richmenu deploy against the LINE API fake: both menus, images, default, staff links."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from bot.richmenu import HEIGHT, WIDTH, menu_image
from cli.main import main
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from tests.fakes.servers import Served
from tests.integration.conftest import ACCESS_TOKEN


def deploy(env: dict[str, str]) -> str:
    result = CliRunner().invoke(main, ["richmenu", "deploy"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_deploy_creates_default_and_staff_menus(tmp_path: Path, own_workbook: Path,
                                               line_fake: tuple[LineApiFake, Served]) -> None:
    fake, served = line_fake
    env = {"ITA_WORKBOOK": str(own_workbook), "ITA_DATA_DIR": str(tmp_path), "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
           "LINE_API_HOST": served.url}
    output = deploy(env)
    assert "ผูกเมนูเจ้าหน้าที่" in output and "กับเจ้าหน้าที่ 3 คน" in output
    assert fake.default_rich_menu in fake.rich_menu_images
    staff_menu = fake.user_rich_menus[demo_user_id("demo-staff")]
    assert staff_menu != fake.default_rich_menu
    assert demo_user_id("demo-pending") not in fake.user_rich_menus, "only approved staff get the staff menu"
    texts = [area["action"]["text"] for area in fake.rich_menus[staff_menu]["areas"]]
    assert texts == ["คะแนน", "วิเคราะห์", "มาตรการ", "OIT", "รายงาน"]
    citizen = [area["action"]["text"] for area in fake.rich_menus[fake.default_rich_menu]["areas"]]
    assert citizen == ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]
    again = deploy(env)
    assert "ลบริชเมนูเดิมของระบบ 2 เมนู" in again and len(fake.rich_menus) == 2


def test_menu_images_are_pngs_of_the_size_line_wants() -> None:
    image = Image.open(io.BytesIO(menu_image("citizen")))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    assert len(menu_image("staff")) < 1024 * 1024


def test_a_wrong_token_gets_a_thai_message(tmp_path: Path, own_workbook: Path,
                                           line_fake: tuple[LineApiFake, Served]) -> None:
    env = {"ITA_WORKBOOK": str(own_workbook), "ITA_DATA_DIR": str(tmp_path), "LINE_CHANNEL_ACCESS_TOKEN": "wrong",
           "LINE_API_HOST": line_fake[1].url}
    result = CliRunner().invoke(main, ["richmenu", "deploy"], env=env)
    assert result.exit_code == 1 and "HTTP 401" in result.output
