"""Verbatim quotes: trimming on sentence or word boundaries, and text-fragment links.

A quote is never reworded: the only changes are whitespace runs collapsed to
one space, and cuts on sentence or word boundaries marked with "…".
"""

from __future__ import annotations

import string
from urllib.parse import quote as _percent

from bot.engine.sentences import Span, sentence_spans
from bot.engine.text import collapse_spaces

ELLIPSIS = "…"
QUOTE_LIMIT = 300
_CUT_STRIP = " ,;:-–—"
_FRAGMENT_WORDS = 4
_SHORT_FRAGMENT_CHARS = 60


def cut_words(text: str, limit: int) -> str:
    """Cut at the last word boundary that fits `limit`, adding "…" (unchanged if it fits)."""
    if len(text) <= limit:
        return text
    room = max(1, limit - len(ELLIPSIS))
    head = text[: room + 1]
    space = head.rfind(" ")
    head = head[:space] if space > 0 else text[:room]
    return head.rstrip(_CUT_STRIP) + ELLIPSIS


def trim_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Whole leading sentences of a text that fit `limit`; else its start cut on a word."""
    flat = collapse_spaces(text)
    if len(flat) <= limit:
        return flat
    spans = sentence_spans(flat)
    end = 0
    for _start, s_end in spans:
        if s_end > limit:
            break
        end = s_end
    if end > 0:
        return flat[:end]
    return cut_words(flat, limit)


def passage_around(text: str, focus: Span, limit: int = QUOTE_LIMIT) -> tuple[str, str]:
    """The sentence at `focus` and the quote around it: whole neighbouring sentences that fit.

    Returns (sentence, quote), both with whitespace collapsed and at most `limit`
    characters; a sentence longer than that is cut on a word boundary.
    """
    spans = sentence_spans(text)
    index = next((i for i, (s, e) in enumerate(spans) if s <= focus[0] < e), None)
    if index is None:
        piece = collapse_spaces(text[focus[0] : focus[1]])
        cut = cut_words(piece, limit)
        return cut, cut
    pieces = [collapse_spaces(text[s:e]) for s, e in spans]
    sentence = cut_words(pieces[index], limit)
    if len(pieces[index]) > limit:
        return sentence, sentence
    lo = hi = index
    size = len(pieces[index])
    while True:
        grown = False
        if hi + 1 < len(pieces) and size + 1 + len(pieces[hi + 1]) <= limit:
            hi += 1
            size += 1 + len(pieces[hi])
            grown = True
        if lo > 0 and size + 1 + len(pieces[lo - 1]) <= limit:
            lo -= 1
            size += 1 + len(pieces[lo])
            grown = True
        if not grown:
            break
    return sentence, " ".join(pieces[lo : hi + 1])


def find_in_texts(needle: str, texts: tuple[tuple[str, str | None], ...]) -> int | None:
    """Index of the first text containing `needle`, comparing with collapsed whitespace."""
    flat = collapse_spaces(needle)
    if not flat:
        return None
    for i, (text, _source) in enumerate(texts):
        # Found as is, it is found collapsed too (flat has no runs of spaces to collapse).
        if flat in text or flat in collapse_spaces(text):
            return i
    return None


_UNRESERVED = frozenset(string.ascii_letters + string.digits + "_.~")
_ASCII_ENCODED = {i: (chr(i) if chr(i) in _UNRESERVED else f"%{i:02X}") for i in range(128)}
"""What _percent(safe="") makes of each ASCII character, with "-" encoded too."""


def _encode(text: str) -> str:
    # Unreserved characters stay; "-" is a directive delimiter, so it is encoded too.
    if text.isascii():  # the common case, without a Python call per byte
        return text.translate(_ASCII_ENCODED)
    return _percent(text, safe="").replace("-", "%2D")


def text_directive(passage: str) -> str:
    """A `text=` directive (URL Fragment Text Directives) that finds the passage."""
    flat = collapse_spaces(passage.replace(ELLIPSIS, " "))
    parts = flat.split(" ")
    if len(flat) <= _SHORT_FRAGMENT_CHARS or len(parts) <= 2 * _FRAGMENT_WORDS:
        return "text=" + _encode(flat)
    start = " ".join(parts[:_FRAGMENT_WORDS])
    end = " ".join(parts[-_FRAGMENT_WORDS:])
    return f"text={_encode(start)},{_encode(end)}"


def fragment_url(url: str, passage: str) -> str:
    """The post url with a `#:~:text=` fragment; an existing fragment is kept."""
    if not collapse_spaces(passage.replace(ELLIPSIS, " ")):
        return url
    directive = text_directive(passage)
    base, sep, fragment = url.partition("#")
    if not sep:
        return f"{url}#:~:{directive}"
    if ":~:" in fragment:
        return f"{url}&{directive}"
    return f"{base}#{fragment}:~:{directive}"
