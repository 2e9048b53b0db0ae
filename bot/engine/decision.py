"""The decision: from a parsed question and its ranked candidates to a tier.

Pure: no index, no knowledge, no I/O. The engine ranks, this decides, the
engine renders. Every number comes from a Tuning value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.engine.detail import Detail, asked_detail, defines, what_is_term
from bot.engine.features import FEATURES, Candidate, dated_in, features, siblings
from bot.engine.passages import Passage, Ranking, passage_features
from bot.engine.query import Query
from bot.engine.tuning import Gate, GateWeights, Tuning
from bot.engine.types import Tier


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with a question."""

    tier: Tier
    probability: float
    """The gate's probability that `pick` is the right answer (1.0 for a verbatim phrasing)."""
    pick: Candidate | None
    missing: Detail | None = None
    """Set on a partial answer: `pick` is on topic but lacks this detail."""


def probability(gate: Gate, values: tuple[float, ...]) -> float:
    """The gate's probability for one feature vector."""
    if not isinstance(gate, GateWeights):
        return gate.probability(values)
    z = gate.bias
    for w, x, m, s in zip(gate.weights, values, gate.mean, gate.scale, strict=True):
        z += w * (x - m) / s
    if z < -30.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


_DETAIL_MISS = FEATURES.index("detail_miss")


def decide(
    query: Query,
    ranked: list[Candidate],
    tuning: Tuning,
    verbatim: Candidate | None = None,
) -> Verdict:
    """The tier for the first candidate, or a partial answer, or unsure.

    `verbatim` is a candidate one of whose curated phrasings is this very question:
    a curator wrote it for that fact, so it answers whatever the ranking says.
    """
    if verbatim is not None:
        return Verdict(Tier.CONFIDENT, 1.0, verbatim)
    if not ranked or ranked[0].score <= 0 or not any(c.known for c in query.concepts):
        return Verdict(Tier.UNSURE, 0.0, None)
    top = ranked[0]
    values = features(query, ranked)
    p = probability(tuning.gate, values)
    if not top.provides:
        fitting = (*values[:_DETAIL_MISS], 0.0, *values[_DETAIL_MISS + 1 :])
        if probability(tuning.gate, fitting) >= tuning.partial:
            return Verdict(Tier.UNSURE, p, top, asked_detail(query))
        return Verdict(Tier.UNSURE, p, None)
    if _asks_else(query) and query.period is not None and dated_in(query.period, top.date):
        # "after 1972, when else did he say it": the fact dated then is the one excluded
        return Verdict(Tier.UNSURE, p, None)
    if not top.covers_head:
        # "which university ...": a fact that never names the thing asked about cannot
        # say which (tuning split: false answers 4.0% -> 2.4%, no right answer lost)
        return Verdict(Tier.UNSURE, p, None)
    # a date and a question word count: "scm" is a topic, "when was the scm" and "scm in
    # nov 2019" are questions ("what"/"which" need a thing named after them)
    asks = query.qword is not None and query.qword not in ("what", "which")
    words = len(query.concepts) + (query.period is not None) + asks
    if words < tuning.min_concepts and not _defined(query, top):
        return Verdict(Tier.UNSURE, p, None)
    # A fact without the question's rarest word may be the answer, but the user should
    # see how the question was understood: at most "likely".
    sure = top.covers_rarest and p >= tuning.confident
    if sure or _clear_lead(top, ranked, tuning):
        return Verdict(Tier.CONFIDENT, p, top)
    if p >= tuning.likely or _defined(query, top):
        # "what is the nso" and a fact that spells it out: what such a question wants,
        # whatever the gate (its features do not see it) makes of it
        return Verdict(Tier.LIKELY, p, top)
    return Verdict(Tier.UNSURE, p, None)


def _defined(query: Query, top: Candidate) -> bool:
    """ "what was the scm": one word asked with "what", and a fact that says what it is."""
    term = what_is_term(query)
    return term is not None and defines(term, top.answer)


def _clear_lead(top: Candidate, ranked: list[Candidate], tuning: Tuning) -> bool:
    """The lead rule (see Tuning.lead_score)."""
    if top.score < tuning.lead_score or top.recall < tuning.lead_recall or top.missing_names:
        return False
    other = next((c.score for c in ranked[1:] if not siblings(top, c)), 0.0)
    return top.score - other >= tuning.lead_margin


@dataclass(frozen=True, slots=True)
class PassageVerdict:
    """What to do with the first passage of a ranking."""

    tier: Tier
    probability: float
    """The passage gate's probability that `pick` answers the question."""
    pick: Passage | None


def decide_passage(ranking: Ranking, tuning: Tuning) -> PassageVerdict:
    """The tier for the first passage: the passage gate against its two thresholds."""
    if not ranking.passages or ranking.passages[0].score <= 0:
        return PassageVerdict(Tier.UNSURE, 0.0, None)
    top = ranking.passages[0]
    p = probability(tuning.passage_gate, passage_features(ranking))
    if p >= tuning.passage_confident:
        return PassageVerdict(Tier.CONFIDENT, p, top)
    if p >= (tuning.view_likely if ranking.view else tuning.passage_likely):
        return PassageVerdict(Tier.LIKELY, p, top)
    if ranking.defined:
        # "what is habib house" and a sentence that says what it is: the answer such a
        # question wants, whatever the gate, whose features do not see it, makes of it
        return PassageVerdict(Tier.LIKELY, p, top)
    return PassageVerdict(Tier.UNSURE, p, None)


def _asks_else(query: Query) -> bool:
    """ "when else", "who else", "what else": the question asks past what it names."""
    lows = [t.low for t in query.tokens]
    return any(
        low == "else" and i > 0 and lows[i - 1] in ("when", "who", "what", "where", "why", "how")
        for i, low in enumerate(lows)
    )
