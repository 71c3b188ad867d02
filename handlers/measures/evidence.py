"""A measure's หลักฐาน cell: links, and one รูปถ่าย line with the count and references of the photos sent in LINE."""

from __future__ import annotations

PHOTO_LINE = "รูปถ่าย"


def photo_references(cell: str | None) -> list[str]:
    """The photo references a หลักฐาน cell lists (its รูปถ่าย line)."""
    return [ref.strip() for ref in photo_line(cell or "").partition(":")[2].split(",") if ref.strip()]


def photo_line(cell: str) -> str:
    return next((line for line in cell.splitlines() if line.startswith(PHOTO_LINE)), "")


def with_photo(cell: str, reference: str) -> str:
    """The cell with one more photo: links stay, the รูปถ่าย line is rewritten as count + references."""
    references = [*photo_references(cell), reference]
    others = [line for line in cell.splitlines() if line.strip() and not line.startswith(PHOTO_LINE)]
    return "\n".join([*others, f"{PHOTO_LINE} {len(references)} รูป: {', '.join(references)}"])
