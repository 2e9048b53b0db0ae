"""What the source readers produce and what the converter makes of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.knowledge.models import Quote


@dataclass(frozen=True, slots=True)
class Channel:
    """The blog as the source describes it (any field may be missing)."""

    title: str | None
    link: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class RawItem:
    """One post as read from the source, before any cleaning."""

    position: int
    """1-based position in the source, for messages."""
    title: str | None
    link: str | None
    date: dt.date | None
    date_text: str | None
    """The date as written, to name it when it cannot be read."""
    slug: str | None
    """The source's own slug (WordPress `post_name`), when it has one."""
    tags: tuple[str, ...]
    html: str
    excerpt_html: str = ""
    autop: bool = False
    """The HTML is stored as WordPress stores it: blank lines separate paragraphs."""

    def label(self) -> str:
        """How a message names this item: its position, title and link as far as known."""
        parts = [f"item {self.position}"]
        if self.title:
            parts.append(f"'{self.title}'")
        if self.link:
            parts.append(f"<{self.link}>")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class ImportedPost:
    """A post ready to be written in the knowledge format."""

    id: str
    title: str
    date: dt.date
    url: str
    tags: tuple[str, ...]
    summary: str | None
    body: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item left out of the import, and why."""

    label: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.label}: {self.reason}"
