"""Discord's size limits and the helpers that keep our text inside them.

No discord import: the numbers come from Discord's API documentation and are
checked again by the renderer tests, which build real `discord.Embed`s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
"""Sum of every title, description, field, footer and author text in one message."""
EMBEDS_PER_MESSAGE = 10
EMBED_URL = 2048
"""Not documented by Discord; longer URLs are rejected in practice."""

CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
BUTTON_LABEL = 80
CUSTOM_ID = 100
BUTTONS_PER_ROW = 5

INTERACTION_ACK_SECONDS = 3.0
"""An interaction must get its first response within this time."""

ELLIPSIS = "…"

_ZWSP = "\u200b"
_MENTION = re.compile(r"@(everyone|here|[!&]?\d{15,21})")


def truncate(text: str, limit: int, *, ellipsis: str = ELLIPSIS) -> str:
    """Cut `text` to at most `limit` characters, on a word boundary when one is near.

    The result always fits: when cut, it ends with `ellipsis`.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return text[:limit]
    room = limit - len(ellipsis)
    cut = text[:room]
    space = cut.rfind(" ")
    if space >= room * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + ellipsis


def neutralize_mentions(text: str) -> str:
    """Break @everyone, @here, user and role mentions with a zero-width space.

    `allowed_mentions` already stops pings; this also keeps echoed text from
    rendering as a highlighted mention.
    """
    return _MENTION.sub(lambda m: f"@{_ZWSP}{m.group(1)}", text)


def join_within(
    lines: Sequence[str],
    limit: int,
    *,
    more: str = "... and {n} more",
    separator: str = "\n",
) -> str:
    """Join as many whole lines as fit in `limit`, then say how many were left out.

    Each line is itself truncated to fit, so one huge line cannot hide the rest.
    """
    out: list[str] = []
    used = 0
    total = len(lines)
    for index, raw in enumerate(lines):
        rest = total - index - 1
        # Keep room for the "... and N more" note in case the next line does not fit.
        reserve = len(separator) + len(more.format(n=rest)) if rest else 0
        gap = len(separator) if out else 0
        room = limit - used - gap - reserve
        if room < min(len(raw), 20):
            note = more.format(n=total - index)
            out.append(note if out else truncate(note, limit))
            break
        line = truncate(raw, room)
        out.append(line)
        used += gap + len(line)
    return separator.join(out)
