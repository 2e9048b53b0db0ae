"""Render engine results as Discord embeds and message text, always within limits.

Every function here returns text that fits Discord's limits whatever the input
size, with mentions neutralized; the cogs send what they get without checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import discord

from bot.datefmt import long_date
from bot.discord import limits
from bot.discord.limits import neutralize_mentions, truncate
from bot.engine.types import NoAnswer, Reply, SearchHit, Suggestion, Tier
from bot.knowledge.models import Knowledge, Post
from bot.reloads import ReloadReport

SUGGEST_PREFIX = "archive:suggest:"
"""custom_id prefix of suggestion buttons; then `v<version>:` (the knowledge that made
the button, since 2026-12) and the question to ask."""
FEEDBACK_PREFIX = "archive:fb:"
"""custom_id prefix of the feedback buttons: then the code, the question id, the fact."""
WAIT_REACTION = "⏳"
"""Added to a mention the bot heard but will not answer yet (flood control)."""
VERSION_TAG = 8
"""Characters of the knowledge version a button carries."""
MAX_SUGGESTIONS = 3
MAX_QUOTE = 1800
"""Longer quotes are cut: the link leads to the rest."""

_COLORS = {
    Tier.CONFIDENT: discord.Colour.green(),
    Tier.LIKELY: discord.Colour.gold(),
}
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Direction embeddings, overrides and isolates: echoed, they would flip the bot's own text."""
_LINK = re.compile(r"<(https?://[^\s<>]+)>|(https?://[^\s<>]+)", re.IGNORECASE)
"""A web link, bare or already in `<...>`; Discord previews bare links only."""
_OPEN_LINK = re.compile(r"<https?://[^\s<>]*$", re.IGNORECASE)
"""A `<link` whose closing `>` was cut off: it would be previewed again."""


def clean(text: str, limit: int) -> str:
    """Knowledge text for display: mentions neutralized, cut to `limit`."""
    return truncate(neutralize_mentions(text.strip()), limit)


def without_previews(text: str) -> str:
    """Every web link wrapped in `<...>`, so Discord shows no preview of the site."""
    return _LINK.sub(lambda m: f"<{m.group(1) or m.group(2)}>", text)


def echo(text: str, limit: int) -> str:
    """User text shown back to users: markdown, mentions and link previews off, one line, cut."""
    flat = " ".join(_BIDI_CONTROLS.sub("", text).split())
    safe = without_previews(neutralize_mentions(flat))
    escaped = discord.utils.escape_markdown(safe, as_needed=False)  # keeps <links> whole
    cut = truncate(escaped, limit)
    unclosed = _OPEN_LINK.search(cut) if cut != escaped else None
    if unclosed:
        cut = cut[: unclosed.start()].rstrip() + limits.ELLIPSIS
    return cut


def block_quote(text: str) -> str:
    """Every line prefixed with `> ` (blank lines kept as `>`)."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines() or [""])


def safe_url(url: str) -> str | None:
    """The URL if Discord will take it; a long text fragment is dropped first."""
    if len(url) <= limits.EMBED_URL:
        return url
    base = url.split("#", 1)[0]
    return base if len(base) <= limits.EMBED_URL else None


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Shrink description, then field values, then the footer until the total fits."""
    overflow = len(embed) - limits.EMBED_TOTAL
    if overflow > 0 and embed.description:
        keep = max(0, len(embed.description) - overflow)
        embed.description = truncate(embed.description, keep) or None
        overflow = len(embed) - limits.EMBED_TOTAL
    for index in reversed(range(len(embed.fields))):
        if overflow <= 0:
            break
        field = embed.fields[index]
        value = field.value or ""
        keep = max(1, len(value) - overflow)
        embed.set_field_at(
            index, name=field.name or "\u200b", value=truncate(value, keep), inline=field.inline
        )
        overflow = len(embed) - limits.EMBED_TOTAL
    if overflow > 0 and embed.footer.text:
        embed.set_footer(
            text=truncate(embed.footer.text, max(0, len(embed.footer.text) - overflow))
        )
        overflow = len(embed) - limits.EMBED_TOTAL
    if overflow > 0 and embed.title:
        embed.title = truncate(embed.title, max(1, len(embed.title) - overflow))
    return embed


def fit_content(text: str) -> str:
    """Message content cut to Discord's 2,000 characters."""
    return truncate(text, limits.MESSAGE_CONTENT)


def reply_embed(reply: Reply, *, version: str) -> discord.Embed:
    """The answer card: answer, quoted passage with its source, linked post, confidence."""
    answer = clean(reply.answer, 1000)
    if reply.understood_as:
        answer = f"Answering: *{echo(reply.understood_as, 200)}*\n{answer}"
    source = (
        f"— {clean(reply.quote_source, 200)}, quoted in the post"
        if reply.quote_source
        else ("— from the post")
    )
    room = min(MAX_QUOTE, limits.EMBED_DESCRIPTION - len(answer) - len(source) - 4)
    # Each quoted line costs two characters for "> "; budget for the worst case.
    lines = max(1, reply.quote.count("\n") + 1)
    quote = block_quote(clean(reply.quote, max(1, room - 2 * lines)))
    description = f"{answer}\n\n{quote}\n{source}" if reply.quote else answer
    embed = discord.Embed(
        title=clean(reply.post_title, limits.EMBED_TITLE),
        url=safe_url(reply.url),
        description=truncate(description, limits.EMBED_DESCRIPTION),
        colour=_COLORS.get(reply.tier),
    )
    embed.add_field(name="Published", value=long_date(reply.post_date), inline=True)
    link = f"[Read the post]({reply.url})"
    if len(link) <= limits.FIELD_VALUE:
        embed.add_field(name="Source", value=link, inline=True)
    # A likely answer says how sure the gate is; a confident one does not, since the
    # clear-lead rule can make an answer confident above a modest gate probability
    # ("Confident · confidence 45%" reads as a contradiction).
    tier = (
        f"Likely · confidence {reply.confidence:.0%}"
        if reply.tier is Tier.LIKELY
        else reply.tier.value.capitalize()
    )
    footer = f"{tier} · knowledge {version or 'unversioned'}"
    embed.set_footer(text=truncate(footer, limits.FOOTER_TEXT))
    return fit_embed(embed)


def no_answer_content(result: NoAnswer) -> str:
    """The "I don't know" text; the suggestion buttons carry the alternatives."""
    if result.reason == "empty":
        text = "Ask me a question about the archive"
        if result.suggestions:
            text += f", for example: “{echo(result.suggestions[0].question, 200)}”"
        return fit_content(text + ".")
    if result.note:
        text = clean(result.note, 1500)
    else:
        text = f"I don't know the answer to “{echo(result.question, 300)}” from the archive."
    if result.suggestions:
        text += " Maybe one of these?"
    elif result.related:
        # <url> keeps Discord from unfurling a preview of every post
        lines = []
        for hit in result.related:
            title = discord.utils.escape_markdown(clean(hit.post_title, 150))
            url = safe_url(hit.url)
            link = f"[{title}](<{url}>)" if url else title
            lines.append(f"• {link} ({long_date(hit.post_date)})")
        text += "\nPosts that may help:\n" + "\n".join(lines)
    return fit_content(text)


def suggestion_buttons(result: NoAnswer | Reply, version: str = "") -> list[tuple[str, str]]:
    """(label, custom_id) for up to three suggestions (a NoAnswer's, or a likely Reply's
    other candidates), each within Discord limits; the id names the knowledge `version`."""
    suggestions: Sequence[Suggestion] = (
        result.suggestions if isinstance(result, NoAnswer) else result.alternatives
    )
    buttons: list[tuple[str, str]] = []
    seen: set[str] = set()
    prefix = SUGGEST_PREFIX + (f"v{version[:VERSION_TAG]}:" if version else "")
    room = limits.CUSTOM_ID - len(prefix)
    for suggestion in suggestions:
        question = " ".join(suggestion.question.split())
        if not question:
            continue
        custom_id = prefix + truncate(question, room, ellipsis="")
        if custom_id in seen:
            continue
        seen.add(custom_id)
        buttons.append((truncate(question, limits.BUTTON_LABEL), custom_id))
        if len(buttons) == MAX_SUGGESTIONS:
            break
    return buttons


def repeat_content(link: str) -> str:
    """The pointer sent instead of answering the same question twice."""
    return fit_content(f"That was answered here a moment ago: {link}")


def cooldown_content(retry_after: float, *, then_react: bool = False) -> str:
    """The polite "slow down" text; a mention's says that later ones get a reaction."""
    seconds = max(1, round(retry_after))
    text = f"That is a lot of questions at once: I can take the next one in {seconds} s."
    return f"{text} Until then I mark new ones with {WAIT_REACTION}." if then_react else text


GONE_NOTE = "The archive has changed since this button was made, and that answer is gone."


def help_content(guide_text: str) -> str:
    """The guide, within one message."""
    return fit_content(guide_text)


def post_embed(post: Post, *, budget: int = limits.EMBED_TOTAL) -> discord.Embed:
    """One post: linked title, date, summary (or the start of its text), tags."""
    summary = post.summary or post.body or (post.quotes[0].text if post.quotes else "")
    embed = discord.Embed(
        title=clean(post.title, limits.EMBED_TITLE),
        url=safe_url(post.url),
        description=clean(summary, min(limits.EMBED_DESCRIPTION, max(1, budget - 600))) or None,
    )
    footer = long_date(post.date)
    if post.tags:
        footer += " · " + ", ".join(post.tags)
    embed.set_footer(text=clean(footer, 300))
    embed = fit_embed(embed)
    while len(embed) > budget and embed.description:
        embed.description = truncate(
            embed.description, len(embed.description) - (len(embed) - budget)
        )
        embed.description = embed.description or None
    return embed


def latest_embeds(posts: Sequence[Post]) -> list[discord.Embed]:
    """Up to ten posts, sharing the 6,000-character message total."""
    shown = list(posts)[: limits.EMBEDS_PER_MESSAGE]
    if not shown:
        return []
    budget = limits.EMBED_TOTAL // len(shown)
    return [post_embed(post, budget=budget) for post in shown]


def no_posts_content(tag: str | None) -> str:
    if tag:
        return fit_content(f"No posts tagged “{echo(tag, 100)}”.")
    return "The archive has no posts yet."


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def about_embed(
    knowledge: Knowledge, *, uptime: dt.timedelta, loaded_at: dt.datetime
) -> discord.Embed:
    """What this bot knows: archive name, counts, covered dates, version, uptime."""
    archive = knowledge.archive
    embed = discord.Embed(
        title=clean(archive.name, limits.EMBED_TITLE),
        url=safe_url(archive.url),
        description=clean(archive.description, 1000) if archive.description else None,
    )
    embed.add_field(name="Posts", value=f"{len(knowledge.posts):,}", inline=True)
    embed.add_field(name="Facts", value=f"{len(knowledge.facts):,}", inline=True)
    dates = knowledge.date_range
    covered = f"{long_date(dates[0])} – {long_date(dates[1])}" if dates else "no posts"
    embed.add_field(name="Covers", value=covered, inline=False)
    embed.add_field(
        name="Knowledge version", value=clean(knowledge.version or "unversioned", 100), inline=True
    )
    embed.add_field(name="Loaded", value=discord.utils.format_dt(loaded_at, style="R"), inline=True)
    embed.add_field(name="Uptime", value=_span(uptime), inline=True)
    embed.set_footer(text="Answers quote the archive and link to the post.")
    return fit_embed(embed)


def _fence(text: str) -> str:
    return text.replace("```", "`\u200b``")


def reload_content(report: ReloadReport) -> str:
    """The admin's reload summary: what changed, or every error (cut to fit)."""
    if not report.ok:
        head = (
            f"Reload failed: still serving knowledge `{report.version or 'unversioned'}` "
            f"({report.posts:,} posts, {report.facts:,} facts).\n"
            f"{len(report.errors)} error(s):\n```\n"
        )
        tail = "\n```"
        room = limits.MESSAGE_CONTENT - len(head) - len(tail)
        body = limits.join_within([_fence(neutralize_mentions(e)) for e in report.errors], room)
        return fit_content(head + body + tail)
    if not report.changed:
        text = (
            f"Reloaded in {report.duration:.2f} s: nothing changed "
            f"(knowledge `{report.version or 'unversioned'}`, {report.posts:,} posts, "
            f"{report.facts:,} facts)."
        )
    else:
        text = (
            f"Reloaded in {report.duration:.2f} s: knowledge `{report.previous_version}` → "
            f"`{report.version}`.\n"
            f"Posts: {report.posts:,} (+{report.posts_added} −{report.posts_removed}, "
            f"{report.posts_changed} changed)\n"
            f"Facts: {report.facts:,} (+{report.facts_added} −{report.facts_removed}, "
            f"{report.facts_changed} changed)"
        )
    if report.warnings:
        head = f"{text}\n{len(report.warnings)} warning(s):\n```\n"
        room = limits.MESSAGE_CONTENT - len(head) - 4
        body = limits.join_within([_fence(neutralize_mentions(w)) for w in report.warnings], room)
        text = head + body + "\n```"
    return fit_content(text)


SEARCH_PAGE = 5
"""Search results on one page."""


def search_embed(query: str, hits: Sequence[SearchHit], page: int) -> discord.Embed:
    """One page of search results: each post's title and date, its best passage and link."""
    pages = max(1, -(-len(hits) // SEARCH_PAGE))
    embed = discord.Embed(
        title=clean(f"Search: {query}", limits.EMBED_TITLE),
        description=None if hits else "Nothing in the archive matches that.",
        colour=discord.Colour.blurple(),
    )
    first = page * SEARCH_PAGE
    for number, hit in enumerate(hits[first : first + SEARCH_PAGE], first + 1):
        url = safe_url(hit.url)
        link = f"\n[Read the post]({url})" if url else ""
        room = limits.FIELD_VALUE - len(link) - 2
        passage = clean(hit.passage, room) if room > 40 else ""
        embed.add_field(
            name=clean(f"{number}. {hit.post_title} ({long_date(hit.post_date)})", 256),
            value=(f"“{passage}”{link}" if passage else link.strip()) or "–",
            inline=False,
        )
    if hits:
        embed.set_footer(text=f"Page {page + 1} of {pages} · {len(hits)} post(s)")
    return fit_embed(embed)
