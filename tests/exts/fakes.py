"""Stand-ins shared by the Discord unit tests: ids, model factories and a fake engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.engine.types import NoAnswer, Reply, SearchHit, Suggestion, Tier
from bot.knowledge.models import Archive, Fact, Knowledge, Post, Quote

GUILD_ID = 111111111111111111
CHANNEL_ID = 222222222222222222
ANSWER_CHANNEL_ID = 333333333333333333
BOT_ID = 444444444444444444
USER_ID = 555555555555555555
SLASH_COMMANDS = frozenset(
    {"ask", "search", "help", "latest", "about", "reload", "misses", "stats", "forget-me"}
)
"""Every slash command the bot publishes."""
ADMIN_ROLE_ID = 666666666666666666


def make_post(post_id: str = "gsomia-restored", **fields: Any) -> Post:
    values: dict[str, Any] = {
        "title": "South Korea and Japan Officially Restore Intelligence Sharing Pact",
        "date": dt.date(2023, 3, 21),
        "url": "https://example.org/2023/03/gsomia-restored/",
        "tags": ("GSOMIA", "Japan"),
        "summary": "The pact is back.",
        "body": "It is official now that the GSOMIA has now been restored.",
        "quotes": (Quote("South Korea on Tuesday fully restored the pact.", "Yonhap"),),
    }
    values.update(fields)
    return Post(id=post_id, **values)


def make_knowledge(version: str = "v1", posts: int = 2, facts: int = 2) -> Knowledge:
    all_posts = [
        make_post(f"post-{i}", date=dt.date(2019, 1, 1) + dt.timedelta(days=i), tags=(f"tag{i}",))
        for i in range(posts)
    ]
    all_facts = [
        Fact(
            id=f"fact-{i}",
            questions=(f"Question number {i}?",),
            answer=f"Answer {i}.",
            post="post-0",
            quote="It is official now",
        )
        for i in range(facts)
    ]
    return Knowledge.create(
        Archive("ROK Drop", "https://example.org/tag/gsomia/", "GSOMIA posts"),
        all_posts,
        all_facts,
        version=version,
    )


def make_reply(**fields: Any) -> Reply:
    values: dict[str, Any] = {
        "question": "When was GSOMIA restored?",
        "answer": "South Korea fully restored GSOMIA with Japan on March 21, 2023.",
        "quote": "South Korea on Tuesday fully restored its military intelligence-sharing pact.",
        "quote_source": "Yonhap",
        "post_id": "gsomia-restored",
        "post_title": "South Korea and Japan Officially Restore Intelligence Sharing Pact",
        "post_date": dt.date(2023, 3, 21),
        "url": "https://example.org/2023/03/gsomia-restored/#:~:text=fully%20restored",
        "fact_id": "gsomia-fully-restored",
        "score": 92.0,
        "tier": Tier.CONFIDENT,
        "confidence": 0.97,
        "kind": "fact",
    }
    values.update(fields)
    return Reply(**values)


def make_no_answer(question: str = "What is the airspeed of a swallow?", n: int = 3) -> NoAnswer:
    suggestions = tuple(Suggestion(f"Suggested question {i}?", f"fact-{i}") for i in range(n))
    return NoAnswer(question, suggestions, 12.0, "low-confidence")


class FakeEngine:
    """Stand-in for bot.engine.Engine: returns what the test configures."""

    def __init__(self, knowledge: Knowledge, result: Reply | NoAnswer | None = None) -> None:
        self.knowledge = knowledge
        self.result: Reply | NoAnswer = result or make_reply()
        self.phrasings: tuple[str, ...] = ("When was GSOMIA restored?",)
        self.questions: list[str] = []
        self.hits: tuple[SearchHit, ...] = ()

    def answer(self, question: str) -> Reply | NoAnswer:
        self.questions.append(question)
        return self.result

    def latest(self, count: int = 1, tag: str | None = None) -> tuple[Post, ...]:
        posts = [p for p in self.knowledge.posts if tag is None or tag in p.tags]
        return tuple(posts[:count])

    def complete(self, partial: str, limit: int = 25) -> tuple[str, ...]:
        return self.phrasings[:limit]

    def search(self, text: str, limit: int = 25) -> tuple[SearchHit, ...]:
        self.questions.append(text)
        return self.hits[:limit]
