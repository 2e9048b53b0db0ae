"""WordPress's paragraph rule (`wpautop`), applied to a parsed tree.

WordPress stores a post without `<p>` tags: a blank line separates
paragraphs and a single line break is a `<br>`; it adds the tags only when
it shows the page. An export holds that stored form, so before its HTML is
read the same way as a feed's, the text and inline elements between block
elements are wrapped in `<p>` here, inside the post and inside its
blockquotes, divs and list items.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
        "thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption", "pre",
        "address", "hr", "blockquote", "center", "details", "summary", "body",
    }
)  # fmt: skip
"""Elements that start a new paragraph when read as text."""
_CONTAINERS = frozenset(
    {"body", "div", "blockquote", "section", "article", "aside", "li", "figure"}
)
"""Blocks whose own text WordPress splits into paragraphs too."""
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def wrap_paragraphs(container: lxml_html.HtmlElement) -> None:
    """Wrap the loose text and inline elements of `container` (and its containers) in `<p>`."""
    items: list[str | lxml_html.HtmlElement] = [container.text or ""]
    for child in container:
        items.append(child)
        items.append(child.tail or "")
        child.tail = None
    container.text = None
    for child in list(container):
        container.remove(child)

    paragraph: lxml_html.HtmlElement | None = None
    for item in items:
        if isinstance(item, str):
            for i, piece in enumerate(_BLANK_LINE.split(item)):
                if i > 0:
                    paragraph = None
                if piece.strip():
                    paragraph = paragraph if paragraph is not None else _new_paragraph(container)
                    _add_text(paragraph, piece)
                elif piece and paragraph is not None:
                    _add_text(paragraph, " ")  # the space between two inline elements
        elif item.tag in BLOCK_TAGS:
            paragraph = None
            container.append(item)
            if item.tag in _CONTAINERS:
                wrap_paragraphs(item)
        else:
            paragraph = paragraph if paragraph is not None else _new_paragraph(container)
            paragraph.append(item)


def _new_paragraph(container: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    paragraph: lxml_html.HtmlElement = container.makeelement("p", {})
    container.append(paragraph)
    return paragraph


def _add_text(paragraph: lxml_html.HtmlElement, text: str) -> None:
    """Append text to the paragraph, single line breaks as `<br>`."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i > 0:
            br: lxml_html.HtmlElement = paragraph.makeelement("br", {})
            paragraph.append(br)
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "") + line
        else:
            paragraph.text = (paragraph.text or "") + line
