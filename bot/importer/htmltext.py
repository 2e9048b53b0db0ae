"""A post's HTML to the knowledge format's plain text: a body and its quotes.

lxml parses the HTML; this module decides what of it is the post:

- paragraphs (and other blocks: headings, list items, captions) become
  paragraphs separated by a blank line; `<br>` becomes a line break;
- each outermost `<blockquote>` becomes one entry of `quotes`, with its
  `source` when the post names one: a `<cite>` or `<footer>` in the quote,
  a last line of the quote starting with a dash ("— Yonhap"), a line right
  after it that is only a link or a `<cite>`, or a link in the lead-in
  paragraph that ends with a colon ("... reports <a>Yonhap</a>:", photos in
  between allowed); the
  `cite` attribute or that link gives `source_url`;
- scripts, styles, forms, embeds, images, share or related-post widgets
  (by class or id, and share links by their address) and the "The post ...
  appeared first on ..." line some feeds append are dropped; captions
  (`<figcaption>`, `.wp-caption-text`) stay as paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from bot.importer.autop import BLOCK_TAGS, wrap_paragraphs
from bot.knowledge.models import Quote
from bot.knowledge.schema import url_problem

_DROPPED_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "form",
    "button", "input", "select", "textarea", "svg", "math", "img", "picture", "video",
    "audio", "source", "track", "canvas", "map", "head", "meta", "link", "title",
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_WIDGET = re.compile(
    r"(?:^|[-_])(?:share|shares|sharing|sharedaddy|sharethis|shareaholic|social|addtoany|a2a"
    r"|sociable|relatedposts|related-posts|post-flair)(?:[-_]|$)",
    re.IGNORECASE,
)
_SHARE_LINK = re.compile(
    r"facebook\.com/(?:sharer|share\.php)|(?:twitter|x)\.com/(?:intent|share)"
    r"|linkedin\.com/(?:shareArticle|sharing)|reddit\.com/submit|pinterest\.com/pin/create"
    r"|tumblr\.com/(?:share|widgets/share)|api\.whatsapp\.com/send|t\.me/share|^mailto:\?"
    r"|[?&]share=",
    re.IGNORECASE,
)
_GENERIC_LINK_TEXT = frozenset(
    {"here", "this", "link", "the link", "this link", "read more", "more", "source", "via"}
)
_DASH_LINE = re.compile(r"^[—–―~-]{1,2}\s*(\S.{0,79}?)(?:\s*\(@\w+\).*)?$")
"""A last line such as "— Reuters", or "— Reuters (@Reuters) May 2, 2023" under a tweet."""
_FEED_FOOTER = re.compile(r"^The post .+ appeared first on .+\.$", re.DOTALL)
"""The line some WordPress plugins append to every post in the feed."""
_DASHES = "—–―~- \t\n\u00a0"
_MAX_SOURCE = 80

_BR = "\x00"
"""Stands for a `<br>` until whitespace is collapsed (NUL cannot occur in parsed HTML)."""
_SPACE = re.compile(r"[^\S\x00]+")
_AROUND_BR = re.compile(r" ?\x00 ?")
_LINE_BREAKS = re.compile(r"\n+")
_NOT_TEXT = r"\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff\u00ad"
"""Controls (C1 too, once mapped), zero-width spaces, BOMs and soft hyphens."""
_CONTROL = re.compile(f"[\\x00{_NOT_TEXT}]")
_CONTROL_BUT_BR = re.compile(f"[{_NOT_TEXT}]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_C1_TO_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
"""C1 controls in text are almost always Windows-1252 punctuation read as latin-1
(or written as `&#147;`), as browsers assume: map them back."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """The author's own text (paragraphs split by a blank line) and the quoted excerpts."""

    body: str
    quotes: tuple[Quote, ...]


def _repair(text: str) -> str:
    """Windows-1252 punctuation back from C1 codes, then every other control out."""
    return _CONTROL.sub("", text.translate(_C1_TO_CP1252))


def clean_text(text: str) -> str:
    """Repaired (see `_repair`), NFC, every whitespace run collapsed to one space."""
    return unicodedata.normalize("NFC", " ".join(_repair(text).split()))


def html_to_text(html: str, *, base_url: str | None = None, autop: bool = False) -> Extracted:
    """The body and quotes of a post's HTML.

    `base_url` resolves relative source links; `autop` reads the HTML as
    WordPress stores it (see `autop`).
    """
    html = _XML_DECLARATION.sub("", _repair(html))
    if not html.strip():
        return Extracted("", ())
    root = _parse(html)
    if autop:
        wrap_paragraphs(root)
    _drop_noise(root)
    quotes = [
        quote
        for blockquote in _outermost_blockquotes(root)
        if (quote := _take_quote(blockquote, base_url)) is not None
    ]
    return Extracted(_paragraphs(root), tuple(quotes))


def _parse(html: str) -> lxml_html.HtmlElement:
    """The `<body>` holding the post, whatever tags (`<html>`, `<head>`, stray ends) it has."""
    body = lxml_html.document_fromstring("<html><body>" + html).body
    assert body is not None  # the document starts with one
    if body.tail:  # text after a stray `</body>` is still the post's
        if len(body):
            body[-1].tail = (body[-1].tail or "") + body.tail
        else:
            body.text = (body.text or "") + body.tail
        body.tail = None
    return body


def _drop_noise(root: lxml_html.HtmlElement) -> None:
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *_DROPPED_TAGS, with_tail=False)
    widgets = [
        el
        for el in root.iter()
        if el is not root and (_is_widget(el) or (el.tag == "a" and _is_share_link(el)))
    ]
    footers = [p for p in root.iter("p") if _FEED_FOOTER.match(p.text_content().strip())]
    for el in (*widgets, *footers):
        if el.getparent() is not None:  # not inside a widget dropped already
            el.drop_tree()


def _is_widget(el: lxml_html.HtmlElement) -> bool:
    names = (el.get("class") or "").split()
    names.append(el.get("id") or "")
    return any(_WIDGET.search(name) for name in names if name)


def _is_share_link(el: lxml_html.HtmlElement) -> bool:
    return bool(_SHARE_LINK.search(el.get("href") or ""))


def _outermost_blockquotes(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [
        el
        for el in root.iter("blockquote")
        if not any(parent.tag == "blockquote" for parent in el.iterancestors())
    ]


def _link(href: str | None, base_url: str | None) -> str | None:
    """An absolute http(s) address, resolved against the post's, or None."""
    if not href or not (href := href.strip()):
        return None
    if base_url:
        href = urljoin(base_url, href)
    return href if url_problem(href) is None else None


def _short(text: str) -> str | None:
    text = clean_text(text).strip(_DASHES)
    return text if 0 < len(text) <= _MAX_SOURCE else None


def _take_quote(blockquote: lxml_html.HtmlElement, base_url: str | None) -> Quote | None:
    """The quote of one blockquote; the blockquote and its attribution leave the tree."""
    source_url = _link(blockquote.get("cite"), base_url)
    source: str | None = None
    for el in _attribution_elements(blockquote):
        source = source or _short(el.text_content())
        if el.tag != "cite":
            for link in el.iter("a"):
                source_url = source_url or _link(link.get("href"), base_url)
        el.drop_tree()

    after = _attribution_after(blockquote)
    if after is not None:
        name, href = after
        source = source or name
        source_url = source_url or _link(href, base_url)

    paragraphs = _paragraphs(blockquote).split("\n\n")
    if source is None and len(paragraphs) > 1 and (dash := _DASH_LINE.match(paragraphs[-1])):
        source = _short(dash.group(1))
        paragraphs.pop()

    lead = _lead_in_link(blockquote)
    if lead is not None:
        name, href = lead
        if source is None and name.casefold() not in _GENERIC_LINK_TEXT:
            source = _short(name)
        source_url = source_url or _link(href, base_url)

    blockquote.drop_tree()
    text = "\n\n".join(p for p in paragraphs if p)
    return Quote(text, source, source_url) if text else None


def _attribution_elements(blockquote: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """`<cite>` and `<footer>` children, and paragraphs holding only a `<cite>`."""
    found: list[lxml_html.HtmlElement] = []
    for child in blockquote:
        in_footer = child.tag in ("cite", "footer")
        if in_footer or (child.tag == "p" and _only_child(child, ("cite",)) is not None):
            found.append(child)
    return found


def _only_child(el: lxml_html.HtmlElement, tags: tuple[str, ...]) -> lxml_html.HtmlElement | None:
    """The element's single child when it is one of `tags` and no other text surrounds it."""
    children = list(el)
    if len(children) != 1 or children[0].tag not in tags:
        return None
    child = children[0]
    outside = (el.text or "") + (child.tail or "")
    return child if not outside.strip(_DASHES) else None


def _attribution_after(blockquote: lxml_html.HtmlElement) -> tuple[str, str | None] | None:
    """A paragraph right after the quote holding only a link or a `<cite>`: the source.

    The paragraph is removed from the tree (it is not the author's text).
    """
    if (blockquote.tail or "").strip():
        return None
    after = blockquote.getnext()
    if after is None or after.tag != "p":
        return None
    only = _only_child(after, ("a", "cite"))
    if only is None or (only.tag == "a" and only.get("href") is None):
        return None
    name = _short(only.text_content())
    if name is None or name.casefold() in _GENERIC_LINK_TEXT:
        return None
    href = only.get("href") if only.tag == "a" else None
    after.drop_tree()
    return name, href


def _lead_in_link(blockquote: lxml_html.HtmlElement) -> tuple[str, str] | None:
    """The one link of the paragraph introducing the quote ("... <a>Yonhap</a> reports:")."""
    before = blockquote.getprevious()
    while before is not None and _is_caption(before) and not (before.tail or "").strip():
        before = before.getprevious()  # a photo between the lead-in and the quote
    if before is None or (before.tail or "").strip() or before.tag not in ("p", "div"):
        return None
    if not before.text_content().rstrip().endswith(":"):
        return None
    links = [a for a in before.iter("a") if a.get("href")]
    if len(links) != 1:
        return None
    return clean_text(links[0].text_content()), links[0].get("href") or ""


def _is_caption(el: lxml_html.HtmlElement) -> bool:
    return el.tag == "figure" or "wp-caption" in (el.get("class") or "")


def _paragraphs(root: lxml_html.HtmlElement) -> str:
    """The text under `root`, one paragraph per block, paragraphs split by a blank line."""
    blocks: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        raw = "".join(parts)
        parts.clear()
        text = _CONTROL_BUT_BR.sub("", raw.translate(_C1_TO_CP1252))  # before `&#133;` is a space
        text = _AROUND_BR.sub("\n", _SPACE.sub(" ", text)).strip(" \n")
        text = _LINE_BREAKS.sub("\n", text)
        if text:
            blocks.append(unicodedata.normalize("NFC", text))

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == "br":
                parts.append(_BR)
                continue
            if tag in BLOCK_TAGS:
                flush()
            if el.text:
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
            elif tag in _CELL_TAGS:
                parts.append(" ")
            if el is not root and el.tail:
                parts.append(el.tail)
    flush()
    return "\n\n".join(blocks)


def inline_text(html: str) -> str:
    """One line of text from a bit of HTML (a title): tags out, entities resolved."""
    if "<" not in html and "&" not in html:
        return clean_text(html)
    extracted = html_to_text(html)
    texts = [extracted.body, *(q.text for q in extracted.quotes)]
    return clean_text(" ".join(t for t in texts if t))
