"""Hand-made ranked candidates and gates for the decision tests."""

from __future__ import annotations

from bot.engine.features import FEATURES, Candidate
from bot.engine.tuning import GateWeights


def make_candidate(fact: int, score: float, post: str = "p", **fields: object) -> Candidate:
    """A candidate with full recall and sensible defaults; `fields` override any of them."""
    values: dict[str, object] = {
        "fact": fact,
        "score": score,
        "recall": 1.0,
        "precision": 0.8,
        "missing_names": 0,
        "post": post,
        "date": None,
        "answer": f"answer {fact}",
        "best": 0,
    }
    values.update(fields)
    return Candidate(**values)  # type: ignore[arg-type]


def flat_gate(bias: float) -> GateWeights:
    """A gate that gives sigmoid(bias) whatever the candidates."""
    n = len(FEATURES)
    return GateWeights(FEATURES, (0.0,) * n, bias, (0.0,) * n, (1.0,) * n)
