"""One way to make a Reply about a post: the post's id, title and date come with it."""

from __future__ import annotations

from bot.engine.types import Reply, ReplyKind, Suggestion, Tier
from bot.knowledge.models import Post


def post_reply(
    question: str,
    post: Post,
    *,
    answer: str,
    quote: str,
    source: str | None,
    url: str,
    kind: ReplyKind,
    tier: Tier,
    confidence: float,
    score: float = 100.0,
    fact_id: str | None = None,
    understood_as: str | None = None,
    alternatives: tuple[Suggestion, ...] = (),
) -> Reply:
    """A Reply drawn from one post."""
    return Reply(
        question=question,
        answer=answer,
        quote=quote,
        quote_source=source,
        post_id=post.id,
        post_title=post.title,
        post_date=post.date,
        url=url,
        fact_id=fact_id,
        score=score,
        tier=tier,
        confidence=confidence,
        kind=kind,
        understood_as=understood_as,
        alternatives=alternatives,
    )
