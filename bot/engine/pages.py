"""The visible text of the page at a post's url, and its searchable form.

Several posts can share one url (a tag page lists many posts), so a text
fragment link must be checked against all of them, not just its own post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.models import Knowledge

_BLANK_LINE_RE = re.compile(r"\n\s*\n")
PARAGRAPH_BREAK = "\n"
"""How a paragraph break appears in PreparedPage.text; every other space run is one space."""


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """A page's text as text-fragment matching sees it: casefolded, whitespace collapsed.

    A directive term never matches across a block boundary, so `text` keeps
    paragraph breaks (blank lines in the page) as PARAGRAPH_BREAK; `flat` is
    the same with them as spaces, to locate passages that span paragraphs.
    Both have the same length, so offsets agree.
    """

    text: str
    flat: str

    @classmethod
    def of(cls, page: str) -> PreparedPage:
        """Prepare a page's visible text (linear in its length)."""
        paragraphs = (" ".join(p.split()) for p in _BLANK_LINE_RE.split(page))
        text = PARAGRAPH_BREAK.join(p for p in paragraphs if p).casefold()
        return cls(text, text.replace(PARAGRAPH_BREAK, " "))


class PageTexts:
    """The page text at each url of a Knowledge, built on first use and cached.

    A page holds every post with that url in knowledge order (newest first, as
    on a tag page): each post's title, then its texts, as paragraphs. Caches
    are plain dicts (one assignment per entry is atomic): a race between
    threads only computes a page twice.
    """

    def __init__(self, knowledge: Knowledge) -> None:
        self._knowledge = knowledge
        self._posts_by_url: dict[str, tuple[int, ...]] | None = None
        self._texts: dict[str, str] = {}
        self._prepared: dict[str, PreparedPage] = {}

    def _post_indexes(self, url: str) -> tuple[int, ...]:
        by_url = self._posts_by_url
        if by_url is None:
            grouped: dict[str, list[int]] = {}
            for i, post in enumerate(self._knowledge.posts):
                grouped.setdefault(post.url, []).append(i)
            by_url = {u: tuple(ids) for u, ids in grouped.items()}
            self._posts_by_url = by_url
        return by_url.get(url, ())

    def _build(self, url: str) -> str:
        posts = self._knowledge.posts
        parts: list[str] = []
        for i in self._post_indexes(url):
            post = posts[i]
            parts.append(post.title)
            parts.extend(text for text, _source in post.texts())
        return "\n\n".join(parts)

    def for_url(self, url: str) -> str:
        """The page text at `url` ("" when no post has that url)."""
        text = self._texts.get(url)
        if text is None:
            text = self._texts[url] = self._build(url)
        return text

    def prepared(self, url: str) -> PreparedPage:
        """The page at `url` prepared for `fragment_url(..., page=...)` (cached apart)."""
        page = self._prepared.get(url)
        if page is None:
            text = self._texts.get(url)
            page = self._prepared[url] = PreparedPage.of(self._build(url) if text is None else text)
        return page
