"""The pure OIT link rules: each verdict from a page as fetched."""

from __future__ import annotations

import pytest

from handlers.oit.links import (
    CANNOT_CHECK,
    NO_YEAR,
    NOT_FOUND,
    OFF_SITE,
    OK,
    REDIRECTED,
    SOFT_404,
    UNREACHABLE,
    Fetched,
    Verdict,
    as_link,
    judge,
    on_site,
    site_of,
    years_shown,
)

SITE = "nongbua.go.th"
TEXT = "<html><body><h1>ข่าวประชาสัมพันธ์ ปีงบประมาณ พ.ศ. 2569</h1>" + "<p>รายละเอียดข่าวกิจกรรม</p>" * 20 + "</body>"
MISSING = "<html><body><h1>Oops</h1>" + "<p>ขออภัย ไม่มีเนื้อหาที่ท่านเรียก กรุณากลับหน้าหลัก</p>" * 5 + "</body>"


def page(body: str = TEXT, status: int = 200, **kw: object) -> Fetched:
    return Fetched("https://www.nongbua.go.th/news/1", status, kw.pop("final_url", ""), body=body, **kw)  # type: ignore[arg-type]


def test_a_live_page_of_the_year_on_the_own_site_is_ok() -> None:
    assert judge(page(), site=SITE, fiscal_year=2569) == Verdict(OK)


def test_a_redirect_says_where_it_ends() -> None:
    verdict = judge(page(final_url="https://nongbua.go.th/n/1", redirected=True), site=SITE, fiscal_year=2569)
    assert verdict.verdict == REDIRECTED and verdict.good
    assert verdict.text == "ใช้ได้ (เปลี่ยนเส้นทาง) → https://nongbua.go.th/n/1"


@pytest.mark.parametrize("status", [404, 410])
def test_gone_pages_are_not_found(status: int) -> None:
    assert judge(page(status=status), site=SITE, fiscal_year=2569) == Verdict(NOT_FOUND, str(status))


@pytest.mark.parametrize(("fetched", "text"), [
    (page(status=503), "ตรวจไม่ได้ (เซิร์ฟเวอร์ขัดข้อง 503)"),
    (page(status=429), "ตรวจไม่ได้ (รหัส 429)"),
    (Fetched("https://nongbua.go.th/x", error="หมดเวลา (timeout)"), "ตรวจไม่ได้ (หมดเวลา (timeout))"),
    (Fetched("https://nongbua.go.th/x", error="DNS: ไม่พบชื่อโดเมน"), "ตรวจไม่ได้ (DNS: ไม่พบชื่อโดเมน)"),
])
def test_a_site_that_does_not_answer_cannot_be_checked(fetched: Fetched, text: str) -> None:
    verdict = judge(fetched, site=SITE, fiscal_year=2569)
    assert (verdict.verdict, verdict.text, verdict.answered, verdict.good) == (CANNOT_CHECK, text, False, False)


def test_a_refusal_or_a_loop_is_the_sites_answer() -> None:
    assert judge(page(status=403), site=SITE, fiscal_year=2569) == Verdict(UNREACHABLE, "รหัส 403")
    missing_answered = page(MISSING, status=404)
    assert judge(page(status=403), site=SITE, fiscal_year=2569, missing=missing_answered).verdict == UNREACHABLE
    loop = Fetched("https://nongbua.go.th/x", error="เปลี่ยนเส้นทางเกิน 5 ครั้ง", answered=True)
    verdict = judge(loop, site=SITE, fiscal_year=2569)
    assert verdict == Verdict(UNREACHABLE, "เปลี่ยนเส้นทางเกิน 5 ครั้ง") and verdict.answered


@pytest.mark.parametrize("status", [401, 403])
def test_a_site_that_refuses_even_its_missing_path_refuses_the_checker(status: int) -> None:
    """A firewall turning away automatic visitors: nothing is known of the link, it is not the link's fault."""
    verdict = judge(page(status=status), site=SITE, fiscal_year=2569, missing=page("denied", status=403))
    assert (verdict.verdict, verdict.answered) == (CANNOT_CHECK, False)
    assert verdict.text == f"ตรวจไม่ได้ (เว็บไซต์ไม่ให้ระบบตรวจอัตโนมัติเข้า รหัส {status})"


def test_a_redirect_off_the_site_is_off_site() -> None:
    moved = page(final_url="https://drive.google.com/file/d/1", redirected=True)
    assert judge(moved, site=SITE, fiscal_year=2569) == Verdict(OFF_SITE, "drive.google.com")


def test_an_empty_200_is_a_soft_404() -> None:
    assert judge(page("<html><body>  </body></html>"), site=SITE, fiscal_year=2569).verdict == SOFT_404


def test_a_page_like_the_random_missing_one_is_a_soft_404() -> None:
    missing = page(MISSING)
    assert judge(page(MISSING), site=SITE, fiscal_year=2569, missing=missing).verdict == SOFT_404
    assert judge(page(), site=SITE, fiscal_year=2569, missing=missing).verdict == OK


def test_a_200_saying_not_found_is_a_soft_404() -> None:
    body = "<h1>404 Not Found</h1><p>" + "The requested URL was not found on this server. " * 3 + "</p>"
    assert judge(page(body), site=SITE, fiscal_year=2569).verdict == SOFT_404


def test_a_page_of_earlier_years_only_lacks_the_current_year() -> None:
    body = TEXT.replace("2569", "๒๕๖๗")
    assert judge(page(body), site=SITE, fiscal_year=2569) == Verdict(NO_YEAR, "พบ 2567")


def test_a_page_without_any_year_is_not_judged_on_years() -> None:
    assert judge(page(TEXT.replace("ปีงบประมาณ พ.ศ. 2569", "")), site=SITE, fiscal_year=2569) == Verdict(OK)


def test_a_file_is_not_judged_on_its_text() -> None:
    assert judge(page("%PDF-1.7", textual=False), site=SITE, fiscal_year=2569) == Verdict(OK)


def test_years_in_thai_digits_short_forms_and_not_in_numbers() -> None:
    assert years_shown("ปีงบประมาณ ๒๕๖๙ และ พ.ศ. 68 ราคา 2,568 บาท โทร 0-2568-1234") == {2569, 2568}


@pytest.mark.parametrize("cell", [None, "", "ดูที่เว็บไซต์", "www.nongbua.go.th/news", "ftp://x.go.th/a",
                                  "https://", "https://local/a", "https://a.go.th/ข่าว ใหม่"])
def test_cells_that_are_not_links(cell: str | None) -> None:
    assert as_link(cell) is None


def test_own_site_is_the_domain_and_its_subdomains() -> None:
    site = site_of("https://www.nongbua.go.th/")
    assert site == SITE and site_of("nongbua.go.th") == SITE
    assert on_site("https://nongbua.go.th/a", site) and on_site("http://eservice.nongbua.go.th/a", site)
    assert not on_site("https://nongbua.go.th.evil.com/a", site)
    assert not on_site("https://www.facebook.com/nongbua", site)
    assert on_site("https://anything.example/a", "")
