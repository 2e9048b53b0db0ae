"""JSON rendering of engine results: the contract outside tools read.

Every object has at least `matched, answer, quote, url, post_id, fact_id, score`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.engine.types import NoAnswer, Reply, SearchHit
from bot.knowledge.models import Post


def result_to_dict(result: Reply | NoAnswer) -> dict[str, Any]:
    """A flat, stable mapping for one question's result."""
    if isinstance(result, NoAnswer):
        return {
            "question": result.question,
            "matched": False,
            "answer": None,
            "quote": None,
            "quote_source": None,
            "url": None,
            "post_id": None,
            "post_title": None,
            "post_date": None,
            "fact_id": None,
            "score": round(result.score, 2),
            "confidence": None,
            "tier": "unsure",
            "kind": None,
            "reason": result.reason,
            "note": result.note,
            "understood_as": None,
            "suggestions": [s.question for s in result.suggestions],
            "related": [
                {"post_id": h.post_id, "post_title": h.post_title, "url": h.url}
                for h in result.related
            ],
        }
    return {
        "question": result.question,
        "matched": True,
        "answer": result.answer,
        "quote": result.quote,
        "quote_source": result.quote_source,
        "url": result.url,
        "post_id": result.post_id,
        "post_title": result.post_title,
        "post_date": result.post_date.isoformat(),
        "fact_id": result.fact_id,
        "score": round(result.score, 2),
        "confidence": result.confidence,
        "tier": result.tier.value,
        "kind": result.kind,
        "reason": None,
        "note": None,
        "understood_as": result.understood_as,
        "suggestions": [s.question for s in result.alternatives],
    }


def post_to_dict(post: Post) -> dict[str, Any]:
    return {
        "post_id": post.id,
        "title": post.title,
        "date": post.date.isoformat(),
        "url": post.url,
        "summary": post.summary,
        "tags": list(post.tags),
    }


def dumps(value: Any) -> str:
    """One line of JSON, non-ASCII escaped so any terminal or pipe can carry it."""
    return json.dumps(value, ensure_ascii=True, separators=(", ", ": "))


def dumps_posts(posts: Iterable[Post]) -> str:
    return dumps([post_to_dict(p) for p in posts])


def hit_to_dict(hit: SearchHit) -> dict[str, Any]:
    return {
        "post_id": hit.post_id,
        "post_title": hit.post_title,
        "post_date": hit.post_date.isoformat(),
        "passage": hit.passage,
        "url": hit.url,
        "score": hit.score,
    }


def dumps_hits(query: str, hits: Iterable[SearchHit]) -> str:
    return dumps({"query": query, "results": [hit_to_dict(h) for h in hits]})
