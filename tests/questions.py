"""Questions several test folders ask of the bundled archive."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.engine import Engine, Reply, Tier
from bot.knowledge import load_knowledge

LIKELY_CANDIDATES = (
    "what did kang say japan must do",
    "what did moon say to esper",
    "what did esper want",
    "what is the gsomia deadline",
    "what did harris say",
    "what did the protesters want",
)
"""Questions the bundled archive answers at the "likely" tier, with other candidates as
buttons (not golden questions). Which of them a refit gate puts there moves by a few
hundredths of probability, so the tests take the first that is."""


@functools.cache
def likely_question() -> str:
    """The first of LIKELY_CANDIDATES the bundled archive answers at the likely tier."""
    loaded = load_knowledge(Path(__file__).resolve().parents[1] / "knowledge").knowledge
    assert loaded is not None
    engine = Engine.build(loaded)
    for question in LIKELY_CANDIDATES:
        result = engine.answer(question)
        if isinstance(result, Reply) and result.tier is Tier.LIKELY and result.alternatives:
            return question
    raise AssertionError("no question of LIKELY_CANDIDATES is answered at the likely tier")
