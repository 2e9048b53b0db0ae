"""What the recorder is given for an engine result: the reply kind and the candidates."""

from __future__ import annotations

import datetime as dt

from bot.engine.types import NoAnswer, Reply, Suggestion, Tier
from bot.storage.outcome import candidates, reply_kind
from bot.storage.records import Candidate


def reply(tier: Tier) -> Reply:
    return Reply(
        question="when was gsomia restored",
        answer="On March 21, 2023.",
        quote="fully restored",
        quote_source="Yonhap",
        post_id="gsomia-officially-restored",
        post_title="Restored",
        post_date=dt.date(2023, 3, 21),
        url="https://example.org/#:~:text=fully",
        fact_id="gsomia-fully-restored-march-2023",
        score=91.5,
        tier=tier,
        confidence=0.8,
        kind="fact",
        alternatives=(Suggestion("When was GSOMIA signed?", "gsomia-signed-2016"),),
    )


def test_a_confident_reply_is_answered_with_its_fact_first() -> None:
    """The answer's fact, post and score come first, then the alternatives by fact id."""
    result = reply(Tier.CONFIDENT)
    assert reply_kind(result) == "answered"
    assert candidates(result) == (
        Candidate("gsomia-fully-restored-march-2023", "gsomia-officially-restored", 91.5),
        Candidate("gsomia-signed-2016", None, None),
    )


def test_a_likely_reply_is_likely() -> None:
    """The likely tier is stored as such, silent or not."""
    assert reply_kind(reply(Tier.LIKELY)) == "likely"
    assert reply_kind(reply(Tier.LIKELY), silent=True) == "likely"


def test_no_answer_is_unsure_or_silent_with_its_suggestions() -> None:
    """A NoAnswer is unsure, or silent in an answer channel; the first suggestion carries
    the best score."""
    result = NoAnswer(
        "who signed it",
        (Suggestion("a?", "fact-a"), Suggestion("b?", "fact-b")),
        44.0,
        "low-confidence",
    )
    assert reply_kind(result) == "unsure"
    assert reply_kind(result, silent=True) == "silent"
    assert candidates(result) == (Candidate("fact-a", None, 44.0), Candidate("fact-b", None, None))
    assert candidates(NoAnswer("", (), 0.0, "empty")) == ()
