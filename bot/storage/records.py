"""The rows the bot stores: one per question asked, one per feedback press.

Plain frozen dataclasses, written and read back unchanged by every backend.
No Discord types: the caller passes plain ids.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal, get_args

ReplyKind = Literal["answered", "likely", "unsure", "silent"]
"""answered: the answer alone (confident tier); likely: the answer with how it was
understood; unsure: "I don't know" with suggestions; silent: a question-like message
in an answer channel that the bot did not answer."""
REPLY_KINDS: tuple[ReplyKind, ...] = get_args(ReplyKind)
UNANSWERED: frozenset[str] = frozenset({"unsure", "silent"})

FeedbackKind = Literal["helpful", "not-what-i-asked"]
FEEDBACK_KINDS: tuple[FeedbackKind, ...] = get_args(FeedbackKind)

MAX_QUESTION = 2000
"""Characters of a question that are kept (the engine reads no more)."""
MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact or post the engine considered for a question, best first."""

    fact_id: str | None
    post_id: str | None
    score: float | None
    """0-100; None when the engine gave no score for this candidate (a suggestion)."""


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One question asked, and how the bot replied."""

    id: str
    """Made by the recorder (32 hex digits) so the caller knows it before any write."""
    asked_at: dt.datetime
    """Timezone-aware, UTC."""
    guild_id: int | None
    channel_id: int | None
    user_hash: str
    question: str
    kind: ReplyKind
    candidates: tuple[Candidate, ...]
    knowledge_version: str
    message_id: int | None = None
    """The bot's reply message, when there was one (feedback buttons live on it)."""


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One press of a feedback button on a reply."""

    id: str
    created_at: dt.datetime
    kind: FeedbackKind
    user_hash: str
    question_id: str | None
    message_id: int | None


def utc(moment: dt.datetime) -> dt.datetime:
    """`moment` as an aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def candidates_json(candidates: tuple[Candidate, ...]) -> str:
    """The candidates as the JSON text both backends store."""
    return json.dumps(
        [{"fact": c.fact_id, "post": c.post_id, "score": c.score} for c in candidates],
        separators=(",", ":"),
        ensure_ascii=False,
    )


def candidates_from_json(text: str) -> tuple[Candidate, ...]:
    """The inverse of `candidates_json`."""
    items = json.loads(text)
    return tuple(
        Candidate(
            item.get("fact"),
            item.get("post"),
            None if item.get("score") is None else float(item["score"]),
        )
        for item in items
    )
