"""Read an RSS or Atom feed with feedparser into raw items.

The document has already been checked by `xmlsafe` (well-formed, no
entities) and re-encoded as UTF-8 by `encoding`; feedparser gets it as a
stream, so it never opens a file or a URL itself. Its HTML sanitizer and
link rewriting are off: `htmltext` decides what of the HTML is text.
"""

from __future__ import annotations

import html
import io
import xml.sax
from collections.abc import Mapping
from typing import Any

import feedparser

from bot.importer import dates
from bot.importer.errors import ImportFailure
from bot.importer.htmltext import clean_text, inline_text
from bot.importer.records import Channel, RawItem
from bot.knowledge.schema import url_problem

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(data: bytes) -> tuple[Channel, list[RawItem]]:
    """The feed's channel and its entries, in feed order."""
    parsed: Any = feedparser.parse(
        io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False
    )
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXException):
        raise ImportFailure(f"the feed is not well-formed: {problem}")
    feed: Mapping[str, Any] = parsed.get("feed", {})
    channel = Channel(
        title=_text(feed.get("title")),
        link=_text(feed.get("link")),
        description=_text(feed.get("subtitle")),
    )
    return channel, [_item(i, entry) for i, entry in enumerate(parsed.get("entries", []), 1)]


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return clean_text(value) or None


def _item(position: int, entry: dict[str, Any]) -> RawItem:
    date_text = _first_text(entry, "published", "updated", "created")
    date = dates.parse_date(date_text)
    if date is None:
        # dict.get: feedparser's own get() maps a missing `updated_parsed` with a warning
        parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        date = dates.from_struct(parsed)
    return RawItem(
        position=position,
        title=_title(entry),
        link=_permalink(entry),
        date=date,
        date_text=date_text,
        slug=None,
        tags=tuple(
            tag
            for item in entry.get("tags") or ()
            if (tag := _text(item.get("label") or item.get("term")))
        ),
        html=_content(entry),
    )


def _first_text(entry: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _title(entry: Mapping[str, Any]) -> str | None:
    title = entry.get("title")
    if not isinstance(title, str):
        return None
    detail = entry.get("title_detail") or {}
    if detail.get("type") in _HTML_TYPES:
        return inline_text(title) or None
    return clean_text(title) or None


def _permalink(entry: Mapping[str, Any]) -> str | None:
    """The entry's alternate link; else its id when that is a web address (RSS permalink guid)."""
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    guid = entry.get("id")
    if isinstance(guid, str) and url_problem(guid.strip()) is None:
        return guid.strip()
    return None


def _content(entry: Mapping[str, Any]) -> str:
    """The fullest HTML of the entry: its content (`content:encoded`), else its summary."""
    contents = [c for c in entry.get("content") or () if isinstance(c.get("value"), str)]
    contents.sort(key=lambda c: c.get("type") not in _HTML_TYPES)
    if contents:
        return _as_html(contents[0]["value"], contents[0].get("type"))
    summary = entry.get("summary")
    if isinstance(summary, str):
        return _as_html(summary, (entry.get("summary_detail") or {}).get("type"))
    return ""


def _as_html(value: str, kind: object) -> str:
    if kind in _HTML_TYPES:
        return value
    paragraphs = (p.strip() for p in value.split("\n\n"))
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)
