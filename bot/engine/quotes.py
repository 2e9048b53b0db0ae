"""Verbatim quotes: trimming on sentence or word boundaries, and text-fragment links.

A quote is never reworded: the only changes are whitespace runs collapsed to
one space, and cuts on sentence or word boundaries marked with "…".
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from urllib.parse import quote as _percent

from bot.engine.pages import PARAGRAPH_BREAK, PreparedPage
from bot.engine.sentences import Span, sentence_spans
from bot.engine.text import collapse_spaces

ELLIPSIS = "…"
QUOTE_LIMIT = 300
_CUT_STRIP = " ,;:-–—"
_FRAGMENT_WORDS = 4
_SHORT_FRAGMENT_CHARS = 60
_MAX_TERM_WORDS = 16
"""Longest start or end term tried against a page before the whole passage is used."""


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
    sentence = _cut_around(pieces[index], collapse_spaces(text[focus[0] : focus[1]]), limit)
    lo, hi = sentence_window([len(p) for p in pieces], index, limit)
    if lo == hi and len(pieces[index]) > limit:
        return sentence, sentence
    return sentence, " ".join(pieces[lo : hi + 1])


def _cut_around(sentence: str, focus: str, limit: int) -> str:
    """A sentence cut to `limit` so that it keeps `focus`: its start when the focus lies
    there, else its part from a word boundary before the focus, marked with "…" (a long
    sentence that ends "..., Cheong Wa Dae spokesperson Ko Min-jung said.")."""
    at = sentence.find(focus) if focus else -1
    room = limit - len(ELLIPSIS)
    if len(sentence) <= limit or at < 0 or at + len(focus) <= room:
        return cut_words(sentence, limit)
    start = min(at, max(0, len(sentence) - room))
    comma = sentence.find(", ", start, at)
    if comma >= 0:
        start = comma + 2  # a clause starts the cut ("…Moon explained ...")
    elif start > 0 and sentence[start - 1] != " ":
        space = sentence.find(" ", start, at + 1)
        start = space + 1 if space >= 0 else at
    return ELLIPSIS + cut_words(sentence[start:], room)


def sentence_window(lengths: Sequence[int], index: int, limit: int = QUOTE_LIMIT) -> Span:
    """(first, last) sentence of the quote around sentence `index`: its neighbours join,
    after then before, one at a time, while the quote (sentences joined by one space,
    `lengths` their collapsed lengths) stays within `limit`."""
    lo = hi = index
    size = lengths[index]
    if size > limit:
        return index, index
    while True:
        grown = False
        if hi + 1 < len(lengths) and size + 1 + lengths[hi + 1] <= limit:
            hi += 1
            size += 1 + lengths[hi]
            grown = True
        if lo > 0 and size + 1 + lengths[lo - 1] <= limit:
            lo -= 1
            size += 1 + lengths[lo]
            grown = True
        if not grown:
            return lo, hi


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


def _is_boundary(text: str, i: int) -> bool:
    """Whether a word boundary lies before text[i]: anywhere but between two letters or digits.

    Looser than a browser's word segmentation (which also keeps "Japan’s" whole),
    so it admits more matches: a term chosen to have no other such match has
    no other match in a browser either.
    """
    return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


def _find_bounded(text: str, needle: str) -> int:
    """First offset of `needle` in `text` with word boundaries at both ends, or -1."""
    i = text.find(needle)
    while i >= 0 and not (_is_boundary(text, i) and _is_boundary(text, i + len(needle))):
        i = text.find(needle, i + 1)
    return i


def _start_words(text: str, at: int, folded: str, ends: list[int], lo: int, hi: int) -> int | None:
    """Fewest words (lo..hi) of `folded` that match in `text` at a word start only at `at`.

    Unique, not just first: the page a link opens may order its posts otherwise
    (posts of the same day) than the page the link was checked against. One
    pass over the text: each other match grows the term until it no longer
    matches there, and longer terms match only where shorter ones do.
    """
    k = lo
    term = folded[: ends[k]]
    p = text.find(term)
    while p >= 0:
        if p != at and _is_boundary(text, p):
            while text.startswith(term, p):
                k += 1
                if k > hi:
                    return None
                term = folded[: ends[k]]
        p = text.find(term, p + 1)
    return k


def _end_words(
    text: str, after: int, at: int, folded: str, starts: list[int], lo: int, hi: int
) -> int | None:
    """Fewest last words (lo..hi) of `folded` whose first match in `text` from `after`
    (ending at a word boundary) is where they end the passage placed at `at`."""
    n = len(starts)
    for m in range(lo, hi + 1):
        term = folded[starts[n - m] :]
        q = text.find(term, after)
        while q >= 0 and not _is_boundary(text, q + len(term)):
            q = text.find(term, q + 1)
        if q == at + starts[n - m]:
            return m
    return None


def _page_directive(words: list[str], page: PreparedPage) -> str | None:
    """A short directive that highlights the words' first place on the page alone.

    None when the passage is not on the page. Terms are grown from
    _FRAGMENT_WORDS words up to _MAX_TERM_WORDS; a term never spans a paragraph
    break, since a browser does not match one across blocks.
    """
    folded_words = [w.casefold() for w in words]
    folded = " ".join(folded_words)
    at = _find_bounded(page.flat, folded)
    if at < 0:
        return None
    starts: list[int] = []
    ends = [0]  # ends[k]: where the first k words end in `folded`
    for word in folded_words:
        starts.append(ends[-1] + (1 if starts else 0))
        ends.append(starts[-1] + len(word))
    n = len(words)
    whole = "text=" + _encode(" ".join(words))
    span = page.text[at : at + len(folded)]
    first_break = span.find(PARAGRAPH_BREAK)
    if first_break < 0:
        if len(folded) <= _SHORT_FRAGMENT_CHARS or n <= 2 * _FRAGMENT_WORDS:
            return whole
        # Start and end leave a word out between them, or the exact passage is as short;
        # a start that leaves no room for a full-size end saves too little to be worth it.
        m_room = n - 1
        k_max = m_room - _FRAGMENT_WORDS
    else:
        k_max = span.count(" ", 0, first_break) + 1
        m_room = span.count(" ", span.rfind(PARAGRAPH_BREAK)) + 1
    k_hi = min(_MAX_TERM_WORDS, k_max)
    k = _start_words(page.text, at, folded, ends, min(_FRAGMENT_WORDS, k_hi), k_hi)
    while k is not None and k <= k_hi:
        m_hi = min(_MAX_TERM_WORDS, m_room - k if first_break < 0 else m_room)
        if m_hi < 1:
            break
        m_lo = min(_FRAGMENT_WORDS, m_hi)
        m = _end_words(page.text, at + ends[k], at, folded, starts, m_lo, m_hi)
        if m is not None:
            start, end = " ".join(words[:k]), " ".join(words[n - m :])
            return f"text={_encode(start)},{_encode(end)}"
        k += 1  # a later end search start leaves fewer earlier matches of the end
    return whole  # across paragraphs a browser finds no match: the link just opens the page


def text_directive(passage: str, page: str | PreparedPage | None = None) -> str:
    """A `text=` directive (URL Fragment Text Directives) that finds the passage.

    With `page`, the visible text at the link's url (prepare it once with
    PreparedPage.of for many calls), the start is grown until it is unique on
    the page and the end until the browser's match ends with the passage;
    if no short pair does, the whole passage is the directive. A passage that
    is not on the page, and any passage without `page`, get the first and last
    _FRAGMENT_WORDS words.
    """
    flat = collapse_spaces(passage.replace(ELLIPSIS, " "))
    parts = flat.split(" ")
    if page is not None and flat:
        prepared = page if isinstance(page, PreparedPage) else PreparedPage.of(page)
        # The cut marks at the ends go; an ellipsis inside may be the page's own "(……)".
        kept = collapse_spaces(passage).strip(ELLIPSIS + " ")
        for text in dict.fromkeys((kept, flat)):
            directive = _page_directive(text.split(" "), prepared) if text else None
            if directive is not None:
                return directive
    if len(flat) <= _SHORT_FRAGMENT_CHARS or len(parts) <= 2 * _FRAGMENT_WORDS:
        return "text=" + _encode(flat)
    start = " ".join(parts[:_FRAGMENT_WORDS])
    end = " ".join(parts[-_FRAGMENT_WORDS:])
    return f"text={_encode(start)},{_encode(end)}"


def fragment_url(url: str, passage: str, page: str | PreparedPage | None = None) -> str:
    """The post url with a `#:~:text=` fragment; an existing fragment is kept.

    `page` is the visible text at `url` (see text_directive), so that the link
    highlights this passage even where its first and last words recur.
    """
    if not collapse_spaces(passage.replace(ELLIPSIS, " ")):
        return url
    directive = text_directive(passage, page)
    base, sep, fragment = url.partition("#")
    if not sep:
        return f"{url}#:~:{directive}"
    if ":~:" in fragment:
        return f"{url}&{directive}"
    return f"{base}#{fragment}:~:{directive}"
