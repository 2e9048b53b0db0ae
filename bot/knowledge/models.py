"""Frozen, validated models of a knowledge folder.

Plain slotted dataclasses rather than pydantic models: a 100k-post archive
holds about half a million of these, and they are built only by the loader,
which has already validated every field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Archive:
    """The archive as a whole: its display name and home page."""

    name: str
    url: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """An excerpt that a post quotes from another source, verbatim."""

    text: str
    source: str | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """One blog post: the author's own text and the excerpts it quotes."""

    id: str
    title: str
    date: dt.date
    url: str
    tags: tuple[str, ...] = ()
    summary: str | None = None
    body: str | None = None
    quotes: tuple[Quote, ...] = ()
    file: str = ""
    """Path of the defining file, relative to the knowledge folder."""
    line: int = 0

    def texts(self) -> tuple[tuple[str, str | None], ...]:
        """Every verbatim text of the post with its source (None: the author)."""
        out: list[tuple[str, str | None]] = []
        if self.body:
            out.append((self.body, None))
        out.extend((q.text, q.source) for q in self.quotes)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Fact:
    """An event fact: the short answer to a family of questions."""

    id: str
    questions: tuple[str, ...]
    answer: str
    post: str
    quote: str
    date: str | None = None
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, already checked to be a real date."""
    tags: tuple[str, ...] = ()
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Knowledge:
    """A whole, consistent knowledge base. Posts are ordered newest first."""

    archive: Archive
    posts: tuple[Post, ...]
    facts: tuple[Fact, ...]
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Curated groups of words or phrases that mean the same (optional)."""
    version: str = ""
    """Short content hash of the files the knowledge was read from."""
    posts_by_id: Mapping[str, Post] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def create(
        cls,
        archive: Archive,
        posts: tuple[Post, ...] | list[Post],
        facts: tuple[Fact, ...] | list[Fact],
        *,
        synonyms: tuple[tuple[str, ...], ...] = (),
        version: str = "",
    ) -> Knowledge:
        """Build with posts sorted newest first and the id lookup filled in."""
        # The same order as the key (date, id): the ISO date has a fixed width
        # (10 characters) and sorts as the date; strings compare faster than tuples.
        ordered = tuple(sorted(posts, key=lambda p: f"{p.date.isoformat()}\0{p.id}", reverse=True))
        by_id = MappingProxyType({p.id: p for p in ordered})
        return cls(archive, ordered, tuple(facts), synonyms, version, by_id)

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """Oldest and newest post dates, or None for an empty archive."""
        if not self.posts:
            return None
        return self.posts[-1].date, self.posts[0].date
