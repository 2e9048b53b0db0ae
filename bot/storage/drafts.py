"""Draft facts for the biggest groups of missed questions, in the knowledge format.

Each draft has the group's wordings as `questions` and the best candidate's post
as `post`; `answer` and `quote` hold the TODO(curator) marker, which `validate`
refuses, so a draft cannot be served until the curator has written them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

import yaml

from bot.knowledge.schema import DRAFT_MARKER, MAX_ANSWER
from bot.storage.curator import MissGroup, Period

MAX_PHRASINGS = 12
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_WORDS = 48
ANSWER_TODO = f"{DRAFT_MARKER}: the answer in one sentence, at most {MAX_ANSWER} characters"
QUOTE_TODO = f"{DRAFT_MARKER}: a passage copied verbatim from the post (its body or a quote)"
POST_TODO = f"{DRAFT_MARKER}: the id of the post that supports the answer"


def _slug(text: str) -> str:
    slug = _NOT_SLUG.sub("-", text.casefold()).strip("-")[:_SLUG_WORDS].rstrip("-")
    return slug or "question"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def draft_yaml(
    groups: Sequence[MissGroup],
    *,
    period: Period,
    fact_posts: Mapping[str, str] | None = None,
    taken_ids: Iterable[str] = (),
    generated: dt.datetime | None = None,
) -> str:
    """A YAML file of draft facts, one per group, biggest first.

    `fact_posts` maps fact ids to their posts (for candidates stored without a post);
    `taken_ids` are fact ids already in the knowledge, which drafts must not reuse.
    """
    moment = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Draft facts from `archive-bot misses` ({moment}), for questions the bot missed",
        f"# from {period.since.date().isoformat()} to {period.until.date().isoformat()}.",
        f"# For each draft: write `answer` and `quote` (every {DRAFT_MARKER} must go: `validate`",
        "# refuses them), check that `post` supports the answer, prune the questions, rename",
        "# the id if you like, then move the fact into the knowledge folder.",
        "",
    ]
    if not groups:
        lines.append("facts: []")
        return "\n".join(lines) + "\n"
    lines.append("facts:")
    taken = set(taken_ids)
    posts = fact_posts or {}
    for group in groups:
        best = group.best
        post = best.post_id if best is not None else None
        if post is None and best is not None and best.fact_id is not None:
            post = posts.get(best.fact_id)
        fact = {
            "id": _unique(f"draft-{_slug(group.title)}", taken),
            "questions": [text[:MAX_ANSWER] for text, _ in group.phrasings[:MAX_PHRASINGS]],
            "answer": ANSWER_TODO,
            "post": post or POST_TODO,
            "quote": QUOTE_TODO,
        }
        lines.append("")
        lines.append(f"  # {_about(group)}")
        dumped = yaml.safe_dump([fact], sort_keys=False, allow_unicode=True, width=100)
        lines.extend(f"  {line}" if line else line for line in dumped.splitlines())
    return "\n".join(lines) + "\n"


def _about(group: MissGroup) -> str:
    parts = [f"asked {group.count} time{'s' if group.count != 1 else ''}"]
    if group.unanswered:
        parts.append(f"{group.unanswered} unanswered")
    if group.thumbs_down:
        parts.append(f"{group.thumbs_down} not what they asked")
    best = group.best
    if best is not None:
        what = f"fact {best.fact_id}" if best.fact_id else f"post {best.post_id}"
        score = "" if best.score is None else f" (score {best.score:.1f})"
        parts.append(f"the bot's best candidate: {what}{score}")
    return "; ".join(parts)
