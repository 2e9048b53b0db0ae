"""WordPress shortcodes in exported content: captions kept, media and widgets dropped.

An export stores a post as its author saved it, with shortcodes that
WordPress expands only when it shows the page. Captions matter (their text
is the author's); galleries, embeds and forms carry no text of the post.
"""

from __future__ import annotations

import re

_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_MEDIA_NAMES = "embed|video|audio|playlist|gallery|contact-form|contact-field"
_ENCLOSING_MEDIA = re.compile(rf"\[({_MEDIA_NAMES})\b[^\]]*\].*?\[/\1\]", re.DOTALL | re.IGNORECASE)
_LONE_MEDIA = re.compile(rf"\[/?(?:{_MEDIA_NAMES})\b[^\]]*\]", re.IGNORECASE)


def expand_shortcodes(content: str) -> str:
    """`[caption]` becomes a `<figure>` (its text stays); media shortcodes disappear."""
    if "[" not in content:
        return content
    content = _CAPTION.sub(_figure, content)
    content = _ENCLOSING_MEDIA.sub("", content)
    return _LONE_MEDIA.sub("", content)


def _figure(match: re.Match[str]) -> str:
    inner = match.group(3)
    attribute = _CAPTION_ATTRIBUTE.search(match.group(2))
    caption = f"<figcaption>{attribute.group(2)}</figcaption>" if attribute else ""
    return f"<figure>{inner}{caption}</figure>"
