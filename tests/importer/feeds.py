"""Small feeds written inline, for the tests that need one exact document."""

from __future__ import annotations

from xml.sax.saxutils import escape

SITE = "https://blog.example.org"


def item(
    number: int = 1,
    *,
    title: str | None = "A post",
    date: str | None = "Tue, 21 Mar 2023 10:00:00 +0900",
    link: str | None = None,
    html: str = "<p>Some text of the post.</p>",
    categories: tuple[str, ...] = (),
) -> str:
    """One RSS `<item>`; pass None to leave a field out."""
    link = link if link is not None else f"{SITE}/2023/03/21/post-{number}/"
    parts = ["<item>"]
    if title is not None:
        parts.append(f"<title>{escape(title)}</title>")
    if link:
        parts.append(f"<link>{escape(link)}</link>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    parts.extend(f"<category><![CDATA[{c}]]></category>" for c in categories)
    parts.append(f"<content:encoded><![CDATA[{html}]]></content:encoded>")
    parts.append("</item>")
    return "".join(parts)


def rss(*items: str, encoding: str = "UTF-8", prolog: str = "") -> str:
    """An RSS 2.0 document around `items` (text; encode it as the test needs)."""
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>{prolog}'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Test blog</title><link>{SITE}/</link>"
        "<description>A blog for tests</description>"
        f"{''.join(items)}</channel></rss>"
    )
