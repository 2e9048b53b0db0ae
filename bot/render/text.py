"""Plain-text rendering of engine results, for the CLI and the chat console."""

from __future__ import annotations

from collections.abc import Iterable

from bot.datefmt import long_date
from bot.engine.types import NoAnswer, Reply, SearchHit
from bot.knowledge.models import Post

DONT_KNOW = "I don't know: the archive does not seem to answer that."


def render_result(result: Reply | NoAnswer) -> str:
    """The answer as a person reads it in a terminal."""
    if isinstance(result, NoAnswer):
        return render_no_answer(result)
    return render_reply(result)


def render_reply(reply: Reply) -> str:
    source = f"{reply.quote_source}, quoted in the post" if reply.quote_source else "from the post"
    lines: list[str] = []
    if reply.understood_as:
        lines += [f"Answering: {reply.understood_as}", ""]
    lines.append(reply.answer)
    if reply.quote:
        lines += ["", f"  “{reply.quote}”", f"    — {source}"]
    lines += [
        "",
        f"{reply.post_title} ({long_date(reply.post_date)})",
        reply.url,
        f"[{reply.tier.value}: confidence {reply.confidence:.2f}, score {reply.score:.0f}]",
    ]
    if reply.alternatives:
        lines.append("Or did you mean:")
        lines.extend(f"  {n}. {s.question}" for n, s in enumerate(reply.alternatives, 1))
    return "\n".join(lines)


def render_no_answer(result: NoAnswer) -> str:
    if result.reason == "empty":
        return "Ask me a question about the archive."
    lines = [result.note] if result.note else [DONT_KNOW]
    if result.suggestions:
        lines.append("Did you mean:")
        lines.extend(f"  {n}. {s.question}" for n, s in enumerate(result.suggestions, 1))
    if result.related:
        lines.append("Posts that may help:")
        lines.extend(
            f"  {hit.post_title} ({long_date(hit.post_date)})\n    {hit.url}"
            for hit in result.related
        )
    return "\n".join(lines)


def render_posts(posts: Iterable[Post]) -> str:
    """A list of posts: title, date, summary and link, newest first."""
    blocks = []
    for post in posts:
        lines = [f"{post.title} ({long_date(post.date)})"]
        if post.summary:
            lines.append(f"  {post.summary}")
        lines.append(f"  {post.url}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "No posts found."


def render_hits(hits: Iterable[SearchHit], *, start: int = 1) -> str:
    """Search results: number, title and date, the passage, the link."""
    blocks = [
        f"{n}. {hit.post_title} ({long_date(hit.post_date)})\n   “{hit.passage}”\n   {hit.url}"
        for n, hit in enumerate(hits, start)
    ]
    return "\n\n".join(blocks) if blocks else "Nothing in the archive matches that."
