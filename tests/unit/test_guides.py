"""The guides: every picture they show exists, the screenshot script and the guides agree, no issue numbers."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.e2e.guide_shots import SHOT_NAMES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDES = sorted(DOCS.glob("*.md"))
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#]*)(#[^)\s]*)?\)")
ISSUE = re.compile(r"\bissues?[ -]#?\d+|\bissue's\b|\(#\d+\)", re.IGNORECASE)


def pictures(path: Path) -> list[str]:
    return PICTURE.findall(path.read_text(encoding="utf-8"))


def test_the_role_guides_exist() -> None:
    names = {path.name for path in GUIDES}
    assert {"citizen.md", "staff.md", "officer.md", "admin.md", "operator.md", "developer.md"} <= names


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_every_picture_a_guide_shows_exists(guide: Path) -> None:
    missing = [src for src in pictures(guide) if not (guide.parent / src).is_file()]
    assert missing == [], f"{guide.name} shows pictures that are not there: {missing}"


def test_the_guides_show_exactly_the_screenshots_the_script_makes() -> None:
    shown = {Path(src).stem for guide in GUIDES for src in pictures(guide) if src.startswith("img/")}
    made = set(SHOT_NAMES)
    assert shown - made == set(), f"pictures in the guides that guide_shots does not make: {sorted(shown - made)}"
    assert made - shown == set(), f"screenshots no guide shows (use them or drop them): {sorted(made - shown)}"
    on_disk = {path.stem for path in (DOCS / "img").glob("*.png")}
    assert on_disk == made, f"docs/img/ and SHOT_NAMES differ: {sorted(on_disk ^ made)} (run make guides)"


def test_screenshots_stay_small() -> None:
    sizes = {path.name: path.stat().st_size for path in (DOCS / "img").glob("*.png")}
    assert max(sizes.values()) < 120_000, sizes


@pytest.mark.parametrize("document", [ROOT / "README.md", *GUIDES], ids=lambda path: path.name)
def test_no_issue_numbers(document: Path) -> None:
    found = [match.group(0) for match in ISSUE.finditer(document.read_text(encoding="utf-8"))]
    assert found == [], f"{document.name} names issues: {found}; keep the facts, drop the numbers"


@pytest.mark.parametrize("document", [ROOT / "README.md", *GUIDES], ids=lambda path: path.name)
def test_links_between_documents_lead_somewhere(document: Path) -> None:
    broken = []
    for target, anchor in LINK.findall(document.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path = (document.parent / target) if target else document
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor[1:] not in anchors(path):
            broken.append(target + anchor)
    assert broken == [], f"{document.name} links to nothing: {broken}"


def anchors(path: Path) -> set[str]:
    """GitHub's anchors of a file's headings: lower case, letters, marks, digits, - and _ kept, spaces as dashes."""
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            kept = "".join(c for c in title if unicodedata.category(c)[0] in "LMN" or c in "-_ ")
            found.add(kept.replace(" ", "-"))
    return found


def test_the_readme_starts_with_the_two_commands_and_links_every_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("make demo") < 200 and "make test" in readme[:300]
    for guide in ("citizen", "staff", "officer", "admin", "operator", "developer"):
        assert f"(docs/{guide}.md)" in readme
    assert len(readme.splitlines()) < 80
