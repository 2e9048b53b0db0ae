"""What the engine returns: a Reply or a NoAnswer. Renderers consume these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Tier(StrEnum):
    """How an answer is shown: as is, with how the question was understood, or not at all."""

    CONFIDENT = "confident"
    """The answer alone."""
    LIKELY = "likely"
    """The answer, one line saying how the question was understood, and the other
    candidates behind a button."""
    UNSURE = "unsure"
    """"I don't know", with suggestions (a NoAnswer)."""


ReplyKind = Literal["fact", "passage", "latest", "archive"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A question the archive can answer, offered when the engine abstains."""

    question: str
    fact_id: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A grounded answer: short answer, verbatim quote, and a deep link."""

    question: str
    answer: str
    quote: str
    """Verbatim excerpt, cut on sentence or word boundaries with "…"."""
    quote_source: str | None
    """Who is quoted, e.g. "Yonhap"; None when it is the blog author's text."""
    post_id: str
    post_title: str
    post_date: dt.date
    url: str
    """The post's url plus a `#:~:text=` fragment for the quoted passage."""
    fact_id: str | None
    score: float
    """0-100; higher is a closer match."""
    tier: Tier
    """CONFIDENT or LIKELY (a NoAnswer is the unsure tier)."""
    confidence: float
    """The gate's probability (0-1) that this is the right answer."""
    kind: ReplyKind
    """fact: a curated fact; passage: a post's own sentences; latest: the newest or
    oldest post; archive: figures about the archive (how many posts)."""
    understood_as: str | None = None
    """For the likely tier: the question the answer is for ("What did Esper tell Moon?")."""
    alternatives: tuple[Suggestion, ...] = ()
    """For the likely tier: the other candidates, offered behind a button."""


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """The engine abstains ("I don't know"), with up to three suggestions."""

    question: str
    suggestions: tuple[Suggestion, ...]
    score: float
    reason: Literal["empty", "no-match", "low-confidence", "partial"]
    """partial: the best fact is on topic but lacks the detail asked for (see `note`)."""
    note: str | None = None
    """What the archive does say, for a partial answer ("The archive does not say who it
    was; it says: GSOMIA was signed in 2016 ...")."""
    related: tuple[SearchHit, ...] = ()
    """Posts that may help, when there is no fact to suggest (an archive without curated
    facts, or none near the question): a search's first hits."""


Result = Reply | NoAnswer


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One post found by a search: its best passage (verbatim) and a deep link to it."""

    post_id: str
    post_title: str
    post_date: dt.date
    passage: str
    url: str
    score: float
