"""What the state contracts share: one office's stores opened on the backend under test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from state.stores import Stores, open_stores

SECRET = "k" * 32


def reopen(state_url: str, tmp_path: Path, office: str = "office-a") -> Stores:
    """A second instance (or the same one after a restart) on the same state."""
    return open_stores(state_url, tmp_path / "var", SECRET, office)


@pytest.fixture
def stores(state_url: str, tmp_path: Path) -> Iterator[Stores]:
    opened = reopen(state_url, tmp_path)
    yield opened
    opened.close()
