"""Scoring candidates against a parsed question: IDF-weighted coverage, both ways.

recall: how much of the question's (rare-word weighted) content the candidate
covers; unknown words of the question count against every candidate.
precision: how much of the best phrasing's content the question covers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bot.engine.query import SYNONYM_WEIGHT, Concept, Query
from bot.engine.segment import Segment

FloatArray = npt.NDArray[np.float32]

ANSWER_CREDIT = 1.0
"""A concept found only in a fact's answer, tags or quote counts this much (its words are
as much evidence as the phrasings': crossval showed no gain from discounting them)."""
RECALL_SHARE = 0.8
"""Share of recall (question covered by the whole fact) in the score; precision is the rest."""
CENTROID_SHARE = 0.5
"""Share of the fact-level precision (all phrasings pooled) in precision; the rest is the
best single phrasing's."""


@dataclass(frozen=True, slots=True)
class Match:
    """How well one candidate fits the question."""

    score: float
    recall: float
    precision: float
    best: int
    """Index of the best-matching phrasing (facts) or sentence (passages)."""
    missing_names: int = 0
    """Names (person, place, body) of the question the fact never mentions: the gate's
    sign of a fact about someone else (decision.py), not part of the score."""


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
    """Score a fact from its phrasings' and answer's term ids.

    The plain statement of the scoring: the engine answers with FactScorer,
    which must give exactly these scores (tests/engine/test_fast_paths.py).
    """
    total = query.weight
    if total <= 0 or not phrasings:
        return Match(0.0, 0.0, 0.0, 0)
    union: set[int] = set()
    for p in phrasings:
        union.update(p)
    recall, missing = _recall(query, union, answer, proper)
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
    return _match(recall, precision, best, all_weight, all_hit, missing)


class FactScorer:
    """score_fact for the fact docs of one segment, faster.

    The idf sum of each phrasing depends on the index, not on the question, so
    it is computed once, on first use (Segment.phrasing_weights: exact, so the
    scores are those of score_fact; about 0.07 s at 100k posts, kept off index
    builds and restarts). The arrays are read through memoryviews, which slice
    small ranges faster than numpy: this runs for every candidate of every question.
    """

    def __init__(self, segment: Segment, idf: FloatArray, idf_list: Sequence[float]) -> None:
        self._segment = segment
        self._phr_ptr = _view(segment.phr_ptr)
        self._phr_term_ptr = _view(segment.phr_term_ptr)
        self._phr_terms = _view(segment.phr_terms)
        self._ans_ptr = _view(segment.ans_ptr)
        self._ans_terms = _view(segment.ans_terms)
        self._idf_array = idf
        self._idf = idf_list
        self._weights: memoryview | None = None

    def _phrasing_weights(self) -> memoryview:
        # Threads racing here compute the same array twice; either copy is right.
        weights = self._weights
        if weights is None:
            weights = _view(self._segment.phrasing_weights(self._idf_array))
            self._weights = weights
        return weights

    def score(
        self, query: Query, qterms: set[int], doc: int, proper: Collection[int] = frozenset()
    ) -> Match:
        """Score one fact doc of the segment."""
        first, last = self._phr_ptr[doc], self._phr_ptr[doc + 1]
        if query.weight <= 0 or first == last:
            return Match(0.0, 0.0, 0.0, 0)
        bounds: list[int] = self._phr_term_ptr[first : last + 1].tolist()
        base = bounds[0]
        terms: list[int] = self._phr_terms[base : bounds[-1]].tolist()
        union = set(terms)
        answer: list[int] = self._ans_terms[self._ans_ptr[doc] : self._ans_ptr[doc + 1]].tolist()
        recall, missing = _recall(query, union, answer, proper)
        found = qterms & union
        if not found:  # no phrasing shares a word with the question: precision 0
            return _match(recall, 0.0, 0, 0.0, 0.0, missing)
        weights = cast("list[float]", self._phrasing_weights()[first:last].tolist())
        idf = self._idf
        best, precision = 0, 0.0
        all_weight = all_hit = 0.0
        for i, weight in enumerate(weights):
            hit = 0.0
            for t in found.intersection(terms[bounds[i] - base : bounds[i + 1] - base]):
                hit += idf[t]
            all_weight += weight
            all_hit += hit
            if weight > 0 and hit / weight > precision:
                best, precision = i, hit / weight
        return _match(recall, precision, best, all_weight, all_hit, missing)

    def terms(self, doc: int) -> set[int]:
        """Every term of a fact doc: its phrasings, answer, tags and quote."""
        first, last = self._phr_ptr[doc], self._phr_ptr[doc + 1]
        lo, hi = self._phr_term_ptr[first], self._phr_term_ptr[last]
        out = set(self._phr_terms[lo:hi].tolist())
        out.update(self._ans_terms[self._ans_ptr[doc] : self._ans_ptr[doc + 1]].tolist())
        return out


def _view(array: npt.NDArray[Any]) -> memoryview:
    return np.ascontiguousarray(array).data


def _recall(
    query: Query, union: set[int], answer: Collection[int], proper: Collection[int]
) -> tuple[float, int]:
    """Share of the question's weight the fact covers (its phrasings, else its answer),
    and how many of the question's names the fact never mentions."""
    total = query.weight
    answer_set: Collection[int] | None = None  # made when first needed
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
                continue
            if answer_set is None:
                answer_set = answer if isinstance(answer, set) else set(answer)
            if t in answer_set:
                got += concept.weight * ANSWER_CREDIT
            elif t in proper:
                missing_names += 1
            continue
        cov = coverage(concept, union)
        if cov < 1.0:
            if answer_set is None:
                answer_set = answer if isinstance(answer, set) else set(answer)
            cov = max(cov, ANSWER_CREDIT * coverage(concept, answer_set))
        got += concept.weight * cov
    return got / total, missing_names


def _match(
    recall: float,
    precision: float,
    best: int,
    all_weight: float,
    all_hit: float,
    missing_names: int = 0,
) -> Match:
    """The score from recall, the best phrasing's precision and the pooled sums."""
    if all_weight > 0:
        centroid = all_hit / all_weight
        precision = (1.0 - CENTROID_SHARE) * precision + CENTROID_SHARE * centroid
    score = 100.0 * (RECALL_SHARE * recall + (1.0 - RECALL_SHARE) * precision)
    return Match(score, recall, precision, best, missing_names)
