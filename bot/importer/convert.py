"""Raw items to posts of the knowledge format, or the reason an item is skipped.

Ids are slugs that stay the same from one import to the next, so a
re-import finds its own files: the source's slug (WordPress `post_name`),
else the last part of the permalink's path, else `post-N` for numeric
permalinks (`?p=123`, `/archives/123`), else the title, else a hash of the
permalink (a title with no Latin letters). Two posts with the
same slug are told apart by their date, then by a number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qs, unquote, urlsplit

from bot.importer.htmltext import html_to_text
from bot.importer.records import ImportedPost, RawItem, Skipped
from bot.knowledge.schema import url_problem

MAX_SLUG = 200
"""WordPress's own limit for a slug; with `.yaml`, a file name stays under 255 bytes."""
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php|aspx?)$", re.IGNORECASE)
_DAY_IN_PATH = re.compile(r"/([0-9]{4})/([0-9]{2})/([0-9]{2})/")
_UNCATEGORIZED = "uncategorized"


def slugify(text: str) -> str:
    """Lowercase ASCII letters, digits and single dashes; may be empty."""
    ascii_text = unicodedata.normalize("NFKD", unquote(text)).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    return slug


def _slug_from_link(link: str) -> str:
    parts = urlsplit(link)
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        last = _PAGE_SUFFIX.sub("", segments[-1])
        slug = slugify(last)
        if slug.isdigit():
            return f"post-{slug}"
        if slug:
            return slug
    numbers = parse_qs(parts.query).get("p") or parse_qs(parts.query).get("page_id")
    if numbers and numbers[0].isdigit():
        return f"post-{numbers[0]}"
    return ""


def base_id(item: RawItem, link: str, title: str) -> str:
    """The post's id before duplicates are told apart."""
    if item.slug and (slug := slugify(item.slug)):
        return f"post-{slug}" if slug.isdigit() else slug
    if slug := _slug_from_link(link) or slugify(title):
        return slug
    return "post-" + hashlib.blake2b(link.encode(), digest_size=4).hexdigest()


def convert(item: RawItem) -> ImportedPost | Skipped:
    """The post, with an id that may still clash with another (see `unique_ids`)."""
    missing = [
        what
        for what, value in (("title", item.title), ("date", item.date), ("link", item.link))
        if not value
    ]
    if missing:
        reason = "no " + " and no ".join(missing)
        if item.date is None and item.date_text:
            reason += f" (unreadable date '{item.date_text}')"
        return Skipped(item.label(), reason)
    assert item.title
    assert item.link
    assert item.date
    if (why := url_problem(item.link)) is not None:
        return Skipped(item.label(), f"its link is unusable: {why}")
    extracted = html_to_text(item.html, base_url=item.link, autop=item.autop)
    date = _local_date(item.date, item.link)
    summary = html_to_text(item.excerpt_html, autop=item.autop).body if item.excerpt_html else ""
    return ImportedPost(
        id=base_id(item, item.link, item.title),
        title=item.title,
        date=date,
        url=item.link,
        tags=_unique(item.tags),
        summary=summary or None,
        body=extracted.body or None,
        quotes=extracted.quotes,
    )


def _local_date(date: dt.date, link: str) -> dt.date:
    """The day in a `/YYYY/MM/DD/` permalink when it is the date's day or the next or previous.

    Feeds made by WordPress give the time in UTC, so a post published in the
    evening in Seoul or the morning in New York is a day off; its permalink
    carries the day the blog shows.
    """
    match = _DAY_IN_PATH.search(urlsplit(link).path)
    if match is None:
        return date
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return date
    return day if abs((day - date).days) <= 1 else date


def _unique(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags once each (ignoring case), without WordPress's default 'Uncategorized'."""
    seen: set[str] = {_UNCATEGORIZED}
    out: list[str] = []
    for tag in tags:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def unique_ids(posts: list[ImportedPost]) -> list[ImportedPost]:
    """The posts with ids made unique: a clash adds the date, then a number.

    The oldest post (then the first by URL) keeps the plain id, whatever the
    order of the source, so a feed whose window moves keeps its ids.
    """
    taken: set[str] = set()
    renamed: dict[int, str] = {}
    for index in sorted(range(len(posts)), key=lambda i: (posts[i].date, posts[i].url)):
        post = posts[index]
        candidate = post.id
        if candidate in taken:
            candidate = f"{post.id}-{post.date:%Y%m%d}"
            number = 2
            while candidate in taken:
                candidate = f"{post.id}-{post.date:%Y%m%d}-{number}"
                number += 1
            renamed[index] = candidate
        taken.add(candidate)
    return [
        dataclasses.replace(post, id=renamed[i]) if i in renamed else post
        for i, post in enumerate(posts)
    ]
