"""The figures of the PDPA notice (/privacy): how long each thing about a complainant is kept, in Thai words.

The durations are handed in by the caller from the constants the code really uses (``bot.public_pages``), so the
notice changes when the code does; the sentences around them live in templates/web/privacy.html.j2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

UNITS = ((timedelta(days=1), "วัน"), (timedelta(hours=1), "ชั่วโมง"), (timedelta(minutes=1), "นาที"))


@dataclass(frozen=True)
class Retention:
    """How long the bot keeps what it keeps about a complaint outside the office's register."""

    closed_case: timedelta
    """Photos and an opted-in complainant's sealed LINE account, after the case is closed."""
    flow_timeout: timedelta
    """A LINE complaint left unanswered this long is not filed (the draft is not used again)."""
    draft_photos: timedelta
    """Photos of a draft left this long are deleted."""
    stray_photos: timedelta
    """Photos no case or draft names (a half-failed filing) are deleted after this."""
    counters: timedelta
    """Keyed hashes of a LINE account or a web visitor's address, counted against the filing limits."""
    replies: timedelta
    """The bot's sealed copy of its answer to a message, kept to answer LINE's redelivery the same way."""
    drafts: timedelta
    """A draft (what was typed so far) untouched this long is deleted, finished or not."""
    filings: timedelta
    """Keyed hashes of the event or form that filed a case, so that sending it again shows the first receipt."""


def thai_duration(delta: timedelta) -> str:
    """'30 วัน', '10 นาที', '1 วัน 12 ชั่วโมง': whole units, largest first; '0 นาที' for less than a minute."""
    parts, rest = [], delta
    for unit, name in UNITS:
        count = rest // unit
        if count:
            parts.append(f"{count:,} {name}")
            rest -= count * unit
    return " ".join(parts) or "0 นาที"


def durations(retention: Retention) -> dict[str, str]:
    """Each figure of ``retention`` as Thai text, by the field's name (what the template fills in)."""
    return {name: thai_duration(getattr(retention, name)) for name in Retention.__dataclass_fields__}
