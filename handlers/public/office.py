"""Who runs the public pages: the office's name and contact from ตั้งค่า, for every page's header and footer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PAGES = (("complaint", "แจ้งเรื่องร้องเรียน"), ("status", "ติดตามเรื่อง"), ("transparency", "ข้อมูลความโปร่งใส"),
         ("privacy", "ความเป็นส่วนตัว"))
"""The public pages every header links to, in this order: (path under the office, Thai name)."""


@dataclass(frozen=True)
class OfficeContact:
    """What the public may use to reach the office (blank when the admin has not filled it in)."""

    name: str
    website: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    dpo: str = ""

    @property
    def reachable(self) -> bool:
        """Whether the page can name at least one way to reach the office beside this site."""
        return bool(self.address or self.phone or self.email)


def office_contact(name: str, settings: Mapping[str, str]) -> OfficeContact:
    """The contact of ตั้งค่า (website, office_address, office_phone, office_email, dpo_contact), trimmed."""

    def value(key: str) -> str:
        return " ".join(settings.get(key, "").split())

    website = value("website")
    return OfficeContact(name=name, website=website if website.startswith(("https://", "http://")) else "",
                         address=value("office_address"), phone=value("office_phone"), email=value("office_email"),
                         dpo=value("dpo_contact"))


def page_links(prefix: str) -> list[dict[str, str]]:
    """The header's links between the public pages of the office mounted at ``prefix`` ("" or /<office>)."""
    return [{"key": key, "name": name, "url": f"{prefix}/{key}"} for key, name in PAGES]
