"""Text templates keep their line breaks (issue 36: "สถานะ: รับเรื่องกำหนดตอบ: …", "4 เรื่อง2570-0001").

With ``trim_blocks`` a block tag eats the line break after it: right for a line that holds only tags, wrong
for a line of text that ends in ``{% endif %}``. Such a line must end in ``+%}`` (keep the break) or ``-%}``
(join on purpose). Every template is also rendered with sample values, present and absent, and no line may
hold two labelled fields ("สถานะ: …") unless a separator (·, comma) stands between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from jinja2 import meta

from templates import _environment, render

TEXT_TEMPLATES = sorted(entry.name for entry in resources.files("templates").iterdir()
                        if entry.name.endswith((".txt.j2", ".alt.j2")))
TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")
EATS_ITS_LINE_BREAK = re.compile(r"(?<![+-])%\}$")
LABEL = re.compile(r"[^\s:]+: ")
SEPARATORS = re.compile(r" · |, | \| |[()]")
VALUE = "«ค่า»"


class Sample:
    """Any value a template asks for: every attribute, item, call and number is a sample too."""

    def __init__(self, present: bool) -> None:
        self.present = present

    def __getattr__(self, name: str) -> Sample:
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key: object) -> Sample:
        return self

    def __call__(self, *args: object, **kwargs: object) -> Sample:
        return self

    def __iter__(self) -> Iterator[Sample]:
        return iter([self, self] if self.present else [])

    def __len__(self) -> int:
        return 2 if self.present else 0

    def __str__(self) -> str:
        return VALUE

    def __format__(self, spec: str) -> str:
        return VALUE

    def __lt__(self, other: object) -> bool:
        return False

    __gt__ = __le__ = __ge__ = __lt__

    def __neg__(self) -> Sample:
        return self

    def __add__(self, other: object) -> Sample:
        return self

    __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __mod__ = __add__

    def __int__(self) -> int:
        return 2

    def __float__(self) -> float:
        return 2.0

    def __round__(self, digits: int = 0) -> int:
        return 2


def _names(template: str) -> set[str]:
    """The values ``template`` and the templates it includes ask for."""
    environment = _environment()
    source = environment.loader.get_source(environment, template)[0]  # type: ignore[union-attr]
    parsed = environment.parse(source)
    names = set(meta.find_undeclared_variables(parsed))
    for included in meta.find_referenced_templates(parsed):
        names |= _names(included) if included else set()
    return names


def _source_lines(template: str) -> list[str]:
    return resources.files("templates").joinpath(template).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("template", TEXT_TEMPLATES)
def test_a_line_of_text_does_not_end_in_a_tag_that_eats_its_break(template: str) -> None:
    eaten = [line for line in _source_lines(template)
             if EATS_ITS_LINE_BREAK.search(line) and TAGS.sub("", line).strip()]
    assert not eaten, f"{template}: end these lines in +%}} (keep the break) or -%}} (join): {eaten}"


def fields_run_together(text: str) -> list[str]:
    """Lines with two labelled fields in one part (no separator between them)."""
    return [line for line in text.splitlines()
            if any(len(LABEL.findall(part)) > 1 for part in SEPARATORS.split(line))]


@pytest.mark.parametrize("present", [True, False], ids=["values", "empty"])
@pytest.mark.parametrize("template", TEXT_TEMPLATES)
def test_labelled_fields_stand_on_their_own_lines(template: str, present: bool) -> None:
    values: dict[str, Any] = {name: Sample(present) for name in _names(template)}
    text = render(template, **values)
    assert text.strip(), template
    assert not fields_run_together(text), f"{template}: {fields_run_together(text)}"


def test_the_check_sees_the_fields_of_issue_36_run_together() -> None:
    assert fields_run_together("เรื่องเลขที่ 2570-0001\nสถานะ: รับเรื่องกำหนดตอบ: 8 ธ.ค. 2569")
    assert not fields_run_together("สถานะ: รับเรื่อง\nกำหนดตอบ: 8 ธ.ค. 2569\nผู้รับผิดชอบ: ก · กำหนด: 1 ธ.ค.")
