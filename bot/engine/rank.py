"""Scoring candidates against a parsed question: IDF-weighted coverage, both ways.

recall: how much of the question's (rare-word weighted) content the candidate
covers; unknown words of the question count against every candidate.
precision: how much of the best phrasing's content the question covers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.engine.query import SYNONYM_WEIGHT, Concept, Query

ANSWER_CREDIT = 1.0
"""A concept found only in a fact's answer, tags or quote counts this much (its words are
as much evidence as the phrasings': crossval showed no gain from discounting them)."""
CONTEXT_CREDIT = 0.5
"""A concept found only around a sentence (its paragraph, post title) counts this much."""
RECALL_SHARE = 0.8
"""Share of recall (question covered by the whole fact) in the score; precision is the rest."""
CENTROID_SHARE = 0.5
"""Share of the fact-level precision (all phrasings pooled) in precision; the rest is the
best single phrasing's."""
NAME_FACTOR = 0.8
"""Recall is scaled by this for each name (person, place, body) of the question that the
fact never mentions: a fact about someone else is the wrong fact."""

_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_RE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|today|yesterday)\b"
)
_NUMBER_RE = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen)\b", re.I)


@dataclass(frozen=True, slots=True)
class Match:
    """How well one candidate fits the question."""

    score: float
    recall: float
    precision: float
    best: int
    """Index of the best-matching phrasing (facts) or sentence (passages)."""


def coverage(concept: Concept, terms: Collection[int]) -> float:
    """1.0 when the question's own word is present, less for a synonym or part of a phrase."""
    best = 0.0
    for i, alt in enumerate(concept.alts):
        hit = sum(1 for t in alt if t in terms)
        if hit:
            value = hit / len(alt) * (1.0 if i == 0 else SYNONYM_WEIGHT)
            best = max(best, value)
            if best >= 1.0:
                break
    return best


def query_terms(query: Query) -> set[int]:
    """Every term id any concept of the question can match."""
    return {t for c in query.concepts for alt in c.alts for t in alt}


def score_fact(
    query: Query,
    qterms: set[int],
    phrasings: Sequence[Sequence[int]],
    answer: Collection[int],
    idf: Sequence[float],
    proper: Collection[int] = frozenset(),
) -> Match:
    """Score a fact from its phrasings' and answer's term ids."""
    total = query.weight
    if total <= 0 or not phrasings:
        return Match(0.0, 0.0, 0.0, 0)
    union: set[int] = set()
    for p in phrasings:
        union.update(p)
    answer_set = answer if isinstance(answer, set) else set(answer)
    got = 0.0
    missing_names = 0
    for concept in query.concepts:
        alts = concept.alts
        if not alts:
            continue
        if len(alts) == 1 and len(alts[0]) == 1:
            t = alts[0][0]
            if t in union:
                got += concept.weight
            elif t in answer_set:
                got += concept.weight * ANSWER_CREDIT
            elif t in proper:
                missing_names += 1
            continue
        cov = coverage(concept, union)
        if cov < 1.0:
            cov = max(cov, ANSWER_CREDIT * coverage(concept, answer_set))
        got += concept.weight * cov
    recall = got / total * NAME_FACTOR**missing_names
    best, precision = 0, 0.0
    # The fact as a whole ("centroid"): each term weighs by its idf times the number of
    # phrasings using it, so one phrasing's wording does not decide. Those sums are the
    # sums of the per-phrasing sums.
    all_weight = all_hit = 0.0
    for i, phrasing in enumerate(phrasings):
        weight = hit = 0.0
        for t in set(phrasing):
            w = idf[t]
            weight += w
            if t in qterms:
                hit += w
        all_weight += weight
        all_hit += hit
        if weight > 0 and hit / weight > precision:
            best, precision = i, hit / weight
    if all_weight > 0:
        centroid = all_hit / all_weight
        precision = (1.0 - CENTROID_SHARE) * precision + CENTROID_SHARE * centroid
    score = 100.0 * (RECALL_SHARE * recall + (1.0 - RECALL_SHARE) * precision)
    return Match(score, recall, precision, best)


def score_sentence(
    query: Query, sentence: Collection[int], context: Collection[int]
) -> tuple[float, float]:
    """(recall by the sentence with its context, recall by the sentence alone)."""
    total = query.weight
    if total <= 0:
        return 0.0, 0.0
    got = alone = 0.0
    for concept in query.concepts:
        if not concept.known:
            continue
        cov = coverage(concept, sentence)
        alone += concept.weight * cov
        if cov < 1.0:
            cov = max(cov, CONTEXT_CREDIT * coverage(concept, context))
        got += concept.weight * cov
    return got / total, alone / total


def fits_question(qword: str | None, how_many: bool, text: str) -> bool:
    """Whether a text has the kind of thing the question word asks for."""
    if how_many:
        return _NUMBER_RE.search(text) is not None
    if qword == "when":
        return _YEAR_RE.search(text) is not None or _MONTH_RE.search(text) is not None
    return True
