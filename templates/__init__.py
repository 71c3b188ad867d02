"""Every word the bot says lives here, in Thai: Jinja2 templates for text and Flex JSON, and labels."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("templates", "."), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                      autoescape=lambda name: bool(name and name.endswith(".html.j2")))
    env.filters["score"] = lambda value: f"{value:.2f}"
    env.filters["fixed"] = lambda value: round(value * 100)  # Flex weights are whole numbers
    env.filters["clip"] = clip
    return env


def clip(text: str, limit: int = 160) -> str:
    """At most ``limit`` characters, ending in … when cut: a sheet cell can be any length, a bubble 30 KB."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def render(template: str, **context: Any) -> str:
    """A text template, trimmed."""
    return _environment().get_template(template).render(**context).strip()


def render_json(template: str, **context: Any) -> dict[str, Any]:
    """A Flex (JSON) template; values go in with the ``tojson`` filter."""
    value: dict[str, Any] = json.loads(render(template, **context))
    return value


@cache
def _labels() -> dict[str, str]:
    text = resources.files("templates").joinpath("labels.json").read_text(encoding="utf-8")
    labels: dict[str, str] = json.loads(text)
    return labels


def label(key: str) -> str:
    """A short label (quick-reply buttons, keywords shown to users)."""
    return _labels()[key]


@cache
def _document_words() -> dict[str, str]:
    text = resources.files("templates").joinpath("documents.json").read_text(encoding="utf-8")
    words: dict[str, str] = json.loads(text)
    return words


def document_words(key: str, **values: Any) -> str:
    """A phrase of the published documents (templates/documents.json) with its values filled in."""
    return _document_words()[key].format(**values)
