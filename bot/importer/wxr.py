"""Read a WordPress export (WXR) into raw items.

A WXR file is RSS 2.0 with WordPress's own elements (`wp:post_type`,
`wp:status`, `wp:post_name`, `wp:post_date`, `content:encoded`,
`excerpt:encoded`, `<category domain=...>`). Only published, public posts
are imported; pages, attachments, menu items, drafts and password-protected
posts are counted as not imported. The namespace's version (1.0 to 1.2) is
not assumed.
"""

from __future__ import annotations

from collections import Counter
from xml.etree.ElementTree import Element

from bot.importer import dates
from bot.importer.htmltext import clean_text, inline_text
from bot.importer.records import Channel, RawItem
from bot.importer.shortcodes import expand_shortcodes

WP_PREFIX = "http://wordpress.org/export/"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_TAG_DOMAINS = ("category", "post_tag")


def _name(tag: str) -> str:
    """`wp:post_name`-style names for the namespaces WXR uses, whatever their version."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if namespace.startswith(WP_PREFIX):
        return f"excerpt:{local}" if namespace.rstrip("/").endswith("excerpt") else f"wp:{local}"
    if namespace == _CONTENT_NS:
        return f"content:{local}"
    return tag


def is_wxr(root: Element) -> bool:
    """An RSS document whose channel has a `wp:wxr_version`."""
    channel = root.find("channel")
    return (
        root.tag == "rss"
        and channel is not None
        and any(_name(child.tag) == "wp:wxr_version" for child in channel)
    )


def read_wxr(root: Element) -> tuple[Channel, list[RawItem], Counter[str]]:
    """The site, its published posts in file order, and counts of what was left out."""
    channel = root.find("channel")
    assert channel is not None  # is_wxr() held
    fields = _fields(channel)
    site = Channel(
        title=_clean(fields.get("title")),
        link=_clean(fields.get("link")),
        description=_clean(fields.get("description")),
    )
    items: list[RawItem] = []
    left_out: Counter[str] = Counter()
    for position, node in enumerate(channel.findall("item"), 1):
        values = _fields(node)
        kind = values.get("wp:post_type") or "post"
        status = values.get("wp:status") or "publish"
        if kind != "post":
            left_out[kind] += 1
        elif status != "publish":
            left_out[f"{status} post"] += 1
        elif values.get("wp:post_password"):
            left_out["password-protected post"] += 1
        else:
            items.append(_item(position, node, values))
    return site, items, left_out


def _fields(node: Element) -> dict[str, str]:
    """The first text of each child element, by its `prefix:name`."""
    out: dict[str, str] = {}
    for child in node:
        out.setdefault(_name(child.tag), child.text or "")
    return out


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return clean_text(value) or None


def _item(position: int, node: Element, values: dict[str, str]) -> RawItem:
    date_text = values.get("wp:post_date") or values.get("pubDate")
    date = dates.parse_date(values.get("wp:post_date")) or dates.parse_date(values.get("pubDate"))
    return RawItem(
        position=position,
        title=inline_text(values.get("title") or "") or None,
        link=_clean(values.get("link")),
        date=date,
        date_text=date_text,
        slug=_clean(values.get("wp:post_name")),
        tags=_tags(node),
        html=expand_shortcodes(values.get("content:encoded") or ""),
        excerpt_html=expand_shortcodes(values.get("excerpt:encoded") or ""),
        autop=True,
    )


def _tags(node: Element) -> tuple[str, ...]:
    """Categories, then tags, as the export lists them."""
    found: list[str] = []
    for domain in _TAG_DOMAINS:
        for category in node.findall("category"):
            if category.get("domain") != domain:
                continue
            name = inline_text(category.text or "")
            if name:
                found.append(name)
    return tuple(found)
