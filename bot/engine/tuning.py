"""Every number that steers an answer, in one frozen value.

Each field says what it does and which run set it. Retrieval and scoring
(rank.py) stay fixed; these numbers shape the candidates' adjustments and the
decision (decision.py). The gate's weights are fitted by eval/fit_gate.py and
stored in gate.json beside this module; tests/engine/test_gate_fit.py refits
them and checks the stored file is what the script produces.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.engine.forest import Forest, forest_from_json
from bot.engine.passages import PassageWeights

GATE_FILE = Path(__file__).with_name("gate.json")
PASSAGE_GATE_FILE = Path(__file__).with_name("passage_gate.json")


@dataclass(frozen=True, slots=True)
class GateWeights:
    """A logistic model: P(the first candidate is right) = sigmoid(bias + w . features)."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    """Features are standardised with the training mean and spread before weighting."""


Gate = GateWeights | Forest
"""A gate model: logistic (the passage gate, and simple gates in tests) or a forest."""


@cache
def load_gate(path: Path = GATE_FILE) -> Gate:
    """The stored, fitted gate (read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("kind") == "forest":
        return forest_from_json(data)
    return GateWeights(
        names=tuple(data["names"]),
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        mean=tuple(float(m) for m in data["mean"]),
        scale=tuple(float(s) for s in data["scale"]),
    )


def _stored_gate() -> Gate:
    return load_gate()


def _stored_passage_gate() -> Gate:
    return load_gate(PASSAGE_GATE_FILE)


PASSAGE_WEIGHTS = PassageWeights(
    sentence=1.0, quote=1.0, post=0.4, title=0.4, name_penalty=10.0, period_bonus=15.0
)


@dataclass(frozen=True, slots=True)
class Tuning:
    """The numbers of the answer path. Defaults are the values users get."""

    gate: Gate = field(default_factory=_stored_gate)
    """A monotone random forest (bot/engine/forest.py) fitted by eval/fit_gate.py on
    eval/gate-train.yaml, the tuning split and their generated variants (never the
    held-back or score-once splits)."""
    confident: float = 0.85
    """At or above this probability, and with the question's rarest word in the fact, the
    answer is given as is (eval/fit_gate.py training curve of 2026-12-03: 7.4% of wrong
    first candidates keep p >= 0.8, none p >= 0.9; gate-check: 0.7% false at 0.85)."""
    likely: float = 0.70
    """At or above this (and under `confident`) the answer says how it understood the
    question and offers the other candidates. `eval/evaluate.py --curve` (2026-12-03,
    forest gate): gate-check 0.60 -> 56.8% correct / 2.7% false, 0.65 -> 48.6% / 1.4%,
    0.70 -> 45.9% / 0.7%; the tuning split (in the gate's training) 0.60 -> 85.3% /
    5.6%, 0.65 -> 84.2% / 4.8%, 0.70 -> 80.0% / 3.2%: 0.70 is the lowest bar that keeps
    both near the 2-3% target."""
    partial: float = 0.5
    """A fact that lacks the detail asked for is offered as a partial answer ("The archive
    does not say who; it says ...") when, the detail aside, the gate gives it this much.
    A partial answer is a NoAnswer, so this bar is lower than `likely`."""
    lead_score: float = 92.0
    lead_margin: float = 8.0
    lead_recall: float = 0.99
    """The lead rule, beside the gate: a fact scoring at least `lead_score` that covers
    the whole question (recall >= `lead_recall`), names every name it asks about, gives
    the detail asked for and leads the best non-sibling by `lead_margin` is confident.
    Set for the logistic gate (sweep of 2026-12-03 on the tuning split and
    gate-train.yaml: tuning 43.2% correct / 2.4% false without it, 50.5% / 2.4% with
    92/8/0.99); under the forest it still adds two tuning answers (75.8% -> 77.9%, false
    3.2% both) and changes nothing on gate-check or gate-train."""
    min_concepts: int = 2
    """A one-word question ("bad", "kishida") is a topic, not a question: "I don't know"
    with suggestions (a verbatim curated phrasing still answers; run of 2026-11
    crossval). A date and a question word other than what/which count as words ("nagoya in
    late nov 2019", "when was the scm": gate-check 48.6% -> 49.5% correct, no false answer
    and no other split changed, 2026-12-03)."""
    kind_penalty: float = 5.0
    """Points off a fact none of whose phrasings asks this kind of question (who/when/why)
    while some ask another kind: a left-out phrasing must not sink its fact (crossval)."""
    period_bonus: float = 8.0
    """Points for a fact dated inside the question's period (tests/engine: date questions)."""
    period_penalty: float = 15.0
    """Points off a fact dated outside the question's period."""
    fact_candidates: int = 16
    """Facts retrieved per segment before rescoring (benchmarks/run.py: the 10k p50 target)."""
    gate_candidates: int = 6
    """Candidates the gate's features look at (margin to the best non-sibling)."""
    suggestions: int = 3
    """"Did you mean" buttons on an unsure reply (Discord shows them in one row)."""
    passage_gate: Gate = field(default_factory=_stored_passage_gate)
    """The passage gate: P(the first passage answers the question), fitted by
    eval/fit_gate.py on the same training questions asked of the archive without its
    facts (bot/engine/passages.py)."""
    passage_weights: PassageWeights = PASSAGE_WEIGHTS
    """How a passage's score weighs the question covered by the sentence, its quote, its
    post and the post's title, minus a name the post never mentions, plus a date in the
    question's period (sweep on gate-train.yaml and the tuning split without facts: the
    share of right first passages moved by under two points across weightings)."""
    passage_texts: int = 6
    """Post texts (and titles, whose post's texts all join) retrieved per segment; their
    sentences are ranked (6 and 12 rank the same first passages on the training
    questions; 6 is half the cost: benchmarks/run.py)."""
    passage_confident: float = 0.85
    """A passage at or above this gate probability is confident (no "Answering: ..."
    line; eval/fit_gate.py training curve of 2026-12-03: 1.6% of wrong first passages
    keep p >= 0.8, none p >= 0.9)."""
    passage_likely: float = 0.70
    """A passage at or above this (and under `passage_confident`) is likely: it says it is
    what the blog says about the question's words. `eval/evaluate.py --no-facts --curve`
    (2026-12-03, forest gate): gate-check 0.65 -> 30.6% correct / 2.0% false, 0.70 ->
    27.9% / 0.7%; the tuning split 0.65 -> 33.7% / 4.0%, 0.70 -> 31.6% / 3.2%: 0.70 is
    the lowest bar that keeps both near the 3% target."""
    view_likely: float = 0.7
    """The same bar for the blogger's own sentence answering "what does the author think
    about X" in an archive without facts (set with the logistic passage gate, stop 13:
    gate-check without facts 0.65 -> 2.0% false answers, 0.70 -> 0.7%, the same correct
    answers; kept for the forest)."""
    view_min: float = 30.0
    """In an archive with curated facts, the blogger's own sentence answers "what does the
    author think about X" at or above this context score (passages.context_score; view
    questions of the tuning split and gate-train.yaml: 30 answered 34.5% of them, 60
    answered 27.6%, with the same false answers overall). The passage gate, fitted
    mostly without facts, answered fewer of them there at every bar that kept gate-check's
    false answers, so curated archives keep this rule."""
    view_high: float = 95.0
    """A view sentence at or above this context score is confident."""
    passage_fact_ceiling: float = 50.0
    """A passage may answer only when no fact scores this high: a near miss among the
    facts means a curated topic, and the passage would be a guess (crossval)."""
    date_only_score: float = 75.0
    """The score shown for "what happened in <period>" replies (no ranking decides them)."""
    topic_score: float = 70.0
    """The score shown for "tell me about X" replies, the post that best matches X (a
    search's first hit: no ranking of facts decides them, so they are "likely")."""


DEFAULT_TUNING = Tuning()
