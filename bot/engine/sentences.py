"""Paragraph and sentence boundaries in post texts, as character spans."""

from __future__ import annotations

import re

from bot.engine.text import word_set

_PARAGRAPH_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr prof sr jr st vs etc no nos gen gov sen rep lt col capt maj sgt adm cmdr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n
    e.g i.e inc co corp ltd dept est approx fig vol op
    """
)

Span = tuple[int, int]


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the blank-line separated paragraphs of a text, whitespace trimmed."""
    spans: list[Span] = []
    start = 0
    for match in _PARAGRAPH_RE.finditer(text):
        _append_trimmed(text, start, match.start(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    nxt = match.end()
    if nxt >= len(text):
        return True
    ch = text[nxt]
    if not (ch.isupper() or ch.isdigit() or ch in "\"“‘'([«"):
        return False
    if text[match.start()] != ".":
        return True
    before = _WORD_BEFORE_RE.search(text, max(0, match.start() - 12), match.start() + 1)
    if before is None:
        return True
    word = before.group(1).lower()
    if word in _ABBREVIATIONS:
        return False
    # An initial ("Kim J. Park") or a dotted acronym ("the U.S. Army").
    return not (len(word) == 1 or "." in word)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences of text[start:end], whitespace trimmed."""
    stop = len(text) if end is None else end
    spans: list[Span] = []
    for p_start, p_end in paragraph_spans(text[start:stop]):
        s = start + p_start
        e = start + p_end
        cur = s
        for match in _BOUNDARY_RE.finditer(text, s, e):
            if _is_boundary(text, match):
                cut = match.end()
                _append_trimmed(text, cur, cut, spans)
                cur = cut
        _append_trimmed(text, cur, e, spans)
    return spans


_CAPTION_RE = re.compile(
    r"\((?:L|R|C|left|right|center|centre|front|back)\)"
    r"|\((?:Yonhap|AP|AFP|Reuters|EPA|Newsis|News1|Getty Images|[A-Z][A-Za-z]+ Photo)\)\s*$"
)


def is_caption(sentence: str) -> bool:
    """A photo caption ("President Moon Jae-in (R) shakes hands with ... (Yonhap)"): the
    blogger's body holds them, but they say what a picture shows, not what he thinks."""
    return _CAPTION_RE.search(sentence) is not None


def caption_paragraphs(text: str) -> list[Span]:
    """The paragraphs of a text that are photo captions (a caption's credit, "(Yonhap)",
    ends its last sentence only: every sentence of the paragraph is the caption)."""
    return [span for span in paragraph_spans(text) if is_caption(text[span[0] : span[1]])]


def in_spans(span: Span, spans: list[Span]) -> bool:
    """Whether a span lies inside one of the spans."""
    return any(lo <= span[0] and span[1] <= hi for lo, hi in spans)
