"""From the engine's Reply / NoAnswer to what the recorder stores for a question."""

from __future__ import annotations

from bot.engine.types import NoAnswer, Reply, Tier
from bot.storage.records import Candidate, ReplyKind


def reply_kind(result: Reply | NoAnswer, *, silent: bool = False) -> ReplyKind:
    """answered (confident), likely, or for a NoAnswer: unsure, or silent when the bot
    did not reply (a message in an answer channel)."""
    if isinstance(result, NoAnswer):
        return "silent" if silent else "unsure"
    return "likely" if result.tier is Tier.LIKELY else "answered"


def candidates(result: Reply | NoAnswer) -> tuple[Candidate, ...]:
    """The candidates behind a result, best first.

    A Reply gives its fact (or passage) with post and score, then its alternatives;
    a NoAnswer gives its suggestions, the first with the result's best score. The
    engine does not give the other suggestions' scores or posts: those are None.
    """
    if isinstance(result, Reply):
        return (
            Candidate(result.fact_id, result.post_id, result.score),
            *(Candidate(s.fact_id, None, None) for s in result.alternatives),
        )
    return tuple(
        Candidate(s.fact_id, None, result.score if i == 0 and result.score > 0 else None)
        for i, s in enumerate(result.suggestions)
    )
