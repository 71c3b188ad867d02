"""Rich menus: a citizen menu (the default) and a staff menu linked to each approved staff member.

Images are drawn here with Pillow and a Thai font from Debian's fonts-thai-tlwg, so nothing needs
hosting. Areas send ordinary text commands, so a tap and a typed command reach the same handler.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessageAction,
    MessagingApi,
    MessagingApiBlob,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
)
from PIL import Image, ImageDraw, ImageFont

from common.config import LINE_API, LINE_DATA_API, Config
from templates import label

log = logging.getLogger(__name__)
WIDTH, HEIGHT = 2500, 843
NAME_PREFIX = "ita-bot:"
FONT_PATHS = ("/usr/share/fonts/truetype/tlwg/Loma-Bold.ttf", "/usr/share/fonts/truetype/tlwg/Garuda-Bold.ttf")
COLOURS = {"citizen": ("#06C755", "#FFFFFF"), "staff": ("#1E4E79", "#FFFFFF")}
# Each button: (label key, command it sends). Later features add their commands here.
LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "citizen": (("ita_score", "ita_score"), ("complain", "complain"), ("follow_case", "follow_case"),
                ("richmenu_help", "menu")),
    "staff": (("staff_score", "staff_score"), ("analysis", "analysis"), ("measures", "measures"), ("oit", "oit"),
              ("report", "report")),
}


class FontMissing(RuntimeError):
    """No Thai font: install Debian's fonts-thai-tlwg (make test does)."""


@dataclass(frozen=True)
class DeployReport:
    default_menu: str
    staff_menu: str
    linked_staff: int
    removed_old: int


def thai_font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise FontMissing("ไม่พบฟอนต์ภาษาไทย ติดตั้งด้วย: apt-get install fonts-thai-tlwg")


def menu_image(role: str) -> bytes:
    """A PNG of equal-width buttons with Thai labels."""
    background, foreground = COLOURS[role]
    buttons = LAYOUTS[role]
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    width = WIDTH // len(buttons)
    for index, (label_key, _) in enumerate(buttons):
        left = index * width
        if index:
            draw.line([(left, 80), (left, HEIGHT - 80)], fill=foreground, width=6)
        text = label(label_key)
        size = 130
        while size > 40 and thai_font(size).getlength(text) > width * 0.85:
            size -= 10
        draw.text((left + width / 2, HEIGHT / 2), text, font=thai_font(size), fill=foreground, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def menu_request(role: str) -> RichMenuRequest:
    buttons = LAYOUTS[role]
    width = WIDTH // len(buttons)
    areas = [RichMenuArea(bounds=RichMenuBounds(x=i * width, y=0, width=width, height=HEIGHT),
                          action=MessageAction(label=label(key)[:20], text=label(command)))
             for i, (key, command) in enumerate(buttons)]
    return RichMenuRequest(size=RichMenuSize(width=WIDTH, height=HEIGHT), selected=True,
                           name=f"{NAME_PREFIX}{role}", chatBarText=label("richmenu_bar"), areas=areas)


def line_apis(config: Config) -> tuple[MessagingApi, MessagingApiBlob]:
    """The Messaging API and its data host (images) for the configured channel."""
    data_host = LINE_DATA_API if config.line_api_host == LINE_API else config.line_api_host
    api = MessagingApi(ApiClient(Configuration(host=config.line_api_host, access_token=config.line_access_token)))
    blob = MessagingApiBlob(ApiClient(Configuration(host=data_host, access_token=config.line_access_token)))
    return api, blob


def deploy(api: MessagingApi, blob: MessagingApiBlob, staff_user_ids: Sequence[str]) -> DeployReport:
    """Replace our menus: create both, upload images, set the default, link staff users."""
    old = [menu.rich_menu_id for menu in api.get_rich_menu_list().richmenus if menu.name.startswith(NAME_PREFIX)]
    created = {}
    for role in ("citizen", "staff"):
        rich_menu_id = api.create_rich_menu(menu_request(role)).rich_menu_id
        blob.set_rich_menu_image(rich_menu_id, menu_image(role), _headers={"Content-Type": "image/png"})
        created[role] = rich_menu_id
    api.set_default_rich_menu(created["citizen"])
    for user_id in staff_user_ids:
        api.link_rich_menu_id_to_user(user_id, created["staff"])
    for rich_menu_id in old:
        api.delete_rich_menu(rich_menu_id)
    return DeployReport(created["citizen"], created["staff"], len(staff_user_ids), len(old))


class StaffMenuLinker:
    """Links a person approved from LINE to the staff rich menu ``deploy`` made, as approved people have it.

    The menu is found by its name (one list request, remembered); without one (never deployed), or when LINE
    fails, the person still has the menu's quick replies: the failure is logged, never raised."""

    def __init__(self, api: Callable[[], MessagingApi]) -> None:
        self._api = api
        self._menu_id: str | None = None

    def __call__(self, user_id: str, role: str) -> None:
        try:
            api = self._api()
            if self._menu_id is None:
                self._menu_id = next((m.rich_menu_id for m in api.get_rich_menu_list().richmenus
                                      if m.name == f"{NAME_PREFIX}staff"), None)
            if self._menu_id is not None:
                api.link_rich_menu_id_to_user(user_id, self._menu_id)
        except Exception as error:  # the approval is in the sheet; only the rich menu waits for `office add`
            log.warning("staff rich menu not linked (%s)", type(error).__name__)
