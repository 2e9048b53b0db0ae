"""What the gate sees of a ranking: a few numbers that tell a right first candidate
from a wrong one.

The runner-up of a right answer is very often a sibling fact (same post, same
date or the same answer): a small lead over it says nothing. The lead over the
best candidate that is *not* a sibling does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.dates import Period, parse_fact_date
from bot.engine.query import Query

FEATURES: tuple[str, ...] = (
    "score",
    "margin",
    "margin_other",
    "recall",
    "precision",
    "unknown",
    "missing_names",
    "rare_miss",
    "detail_miss",
    "concepts",
    "siblings",
    "similarity",
    "similarity_margin",
    "similarity_lead",
    "grams",
    "grams_margin",
    "grams_lead",
    "answer_grams",
    "kind_match",
    "no_qword",
)
"""Feature names, in the order of the gate's weights (bot/engine/gate.json)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked candidate, as the decision sees it (no index internals)."""

    fact: int
    score: float
    recall: float
    precision: float
    missing_names: int
    """Names (people, places, bodies) of the question the fact never mentions."""
    post: str
    date: str | None
    answer: str
    best: int
    """The best-matching phrasing of the fact."""
    answer_key: str = ""
    """The answer reduced to its words (answer_key()); "" means: derive it from `answer`."""
    covers_rarest: bool = True
    """Whether the fact holds the question's rarest known word (or a synonym of it)."""
    covers_head: bool = True
    """Whether the fact holds the thing a "which X" question asks about (detail.py)."""
    provides: bool = True
    """Whether the fact gives the detail the question asks for (see detail.py)."""
    similarity: float = 0.0
    """The question's best token-set ratio to one of the fact's phrasings (likeness.py)."""
    grams: float = 0.0
    """The share of the question's character trigrams in the fact's phrasings."""
    answer_grams: float = 0.0
    """The same share in the fact's answer and quote (set on the first candidate)."""
    kind_match: bool = False
    """Whether a phrasing of the fact asks the question's kind (who, when, ...); set on
    the first candidate."""


def siblings(a: Candidate, b: Candidate) -> bool:
    """Facts about the same thing: the same post, the same date or the same answer."""
    if a.post == b.post:
        return True
    if a.date is not None and a.date == b.date:
        return True
    return (a.answer_key or answer_key(a.answer)) == (b.answer_key or answer_key(b.answer))


_NON_WORD = re.compile(r"\W+")


def answer_key(text: str) -> str:
    """An answer reduced to its lowercase words: two facts with one answer are siblings."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _rivals(query: Query, ranked: list[Candidate]) -> list[Candidate]:
    """The candidates the first one competes with. When the question names a period and
    the first fact is dated in it, only facts dated in it too: the question itself sets
    the others apart, however alike their words ("what did the ministers agree at the
    talks in November 2019" when the talks of 2016 and 2023 are asked the same way)."""
    period = query.period
    if period is None or not dated_in(period, ranked[0].date):
        return ranked[1:]
    return [c for c in ranked[1:] if dated_in(period, c.date)]


def dated_in(period: Period, date: str | None) -> bool:
    """Whether a fact's event date ("2019-11", "2016") lies in the period."""
    parsed = parse_fact_date(date) if date else None
    return parsed is not None and period.contains(*parsed)


def features(query: Query, ranked: list[Candidate]) -> tuple[float, ...]:
    """The gate's features for the first candidate of a ranking (FEATURES order)."""
    top = ranked[0]
    rivals = _rivals(query, ranked)
    runner_up = rivals[0].score if rivals else 0.0
    other = next((c.score for c in rivals if not siblings(top, c)), 0.0)
    near = rivals[:5]
    sibling_share = sum(siblings(top, c) for c in near) / len(near) if near else 1.0
    total = query.weight
    unknown = sum(c.weight for c in query.concepts if not c.known) / total if total > 0 else 1.0
    others = [c for c in near if not siblings(top, c)]
    return (
        top.score / 100.0,
        (top.score - runner_up) / 100.0,
        (top.score - other) / 100.0,
        top.recall,
        top.precision,
        unknown,
        float(min(top.missing_names, 2)),
        0.0 if top.covers_rarest else 1.0,
        0.0 if top.provides else 1.0,
        min(len(query.concepts), 6) / 6.0,
        sibling_share,
        top.similarity,
        top.similarity - max((c.similarity for c in others), default=0.0),
        top.similarity - max((c.similarity for c in near), default=0.0),
        top.grams,
        top.grams - max((c.grams for c in others), default=0.0),
        top.grams - max((c.grams for c in near), default=0.0),
        top.answer_grams,
        1.0 if top.kind_match else 0.0,
        1.0 if query.qword is None else 0.0,
    )
