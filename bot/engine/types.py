"""What the engine returns: a Reply or a NoAnswer. Renderers consume these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Confidence(StrEnum):
    """How sure the engine is; renderers show it, answer channels need HIGH/MEDIUM."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


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
    confidence: Confidence
    kind: Literal["fact", "passage", "latest"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A question the archive can answer, offered when the engine abstains."""

    question: str
    fact_id: str | None = None


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """The engine abstains ("I don't know"), with up to three suggestions."""

    question: str
    suggestions: tuple[Suggestion, ...]
    score: float
    reason: Literal["empty", "no-match", "low-confidence"]


Result = Reply | NoAnswer
