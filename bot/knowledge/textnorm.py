"""Text normalisation shared by the integrity checks and the warnings."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata

_SPACE = re.compile(r"\s+")
"""Every Unicode whitespace run, including no-break spaces and line breaks."""
_PUNCT = str.maketrans(dict.fromkeys(string.punctuation, " "))


def normalize_quote(text: str) -> str:
    """NFC, then every whitespace run collapsed to one space; case and punctuation kept."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def loose_key(text: str) -> str:
    """A case- and (ASCII) punctuation-blind key for duplicate warnings."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT).split())


def loose_hash(text: str) -> int:
    """A stable 64-bit hash of `loose_key(text)`, small enough to cache for every question."""
    digest = hashlib.blake2b(loose_key(text).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


def contains_quote(quote: str, text: str) -> bool:
    """Whether the normalized `quote` occurs in `text` after normalizing it too.

    Fast path: in NFC text, a match of the (normalized) quote in the raw text
    is also a match after whitespace collapsing, so most checks skip the
    normalization.
    """
    if quote in text and unicodedata.is_normalized("NFC", text):
        return True
    return quote in normalize_quote(text)


_SHOWN_WORDS = 4
_SHOWN_BEFORE = 40


def _longest_prefix(quote: str, text: str) -> int:
    """The length of the longest prefix of `quote` found in `text` (binary search: a prefix
    of a found prefix is found too)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def _words(text: str, start: int) -> str:
    """A few words of `text` from `start`, with `…` if it goes on."""
    words = text[start:].split(" ")
    shown = " ".join(words[:_SHOWN_WORDS])
    return shown + ("…" if len(words) > _SHOWN_WORDS else "")


def quote_mismatch(quote: str, texts: list[tuple[str, str]]) -> str:
    """Where a normalized quote stops matching the closest of a post's normalized texts.

    `texts` holds (label, text) pairs such as ("its body", ...). The result
    names the text the quote follows longest, the character where it stops,
    and the words of each from there.
    """
    best, label, text, at = -1, "", "", 0
    for name, candidate in texts:
        length = _longest_prefix(quote, candidate)
        if length > best:
            best, label, text = length, name, candidate
            at = candidate.find(quote[:length])
    if best <= 0:
        return "no text of the post shares its first words"
    ended = at + best >= len(text)
    # The first differing word starts at the word boundary at or before the mismatch (or
    # after the space that follows the text's last word, when the quote goes on past it).
    at_end = ended and quote[best : best + 1] == " "
    start = best + 1 if at_end else quote.rfind(" ", 0, best) + 1
    if start == 0:
        return (
            f'no text of the post starts like the quote ("{_words(quote, 0)}"); copy the first '
            "words exactly"
        )
    before = quote[:start].rstrip()
    if len(before) > _SHOWN_BEFORE:
        before = "…" + before[-_SHOWN_BEFORE:].split(" ", 1)[-1]
    ours = _words(quote, start)
    theirs = _words(text, at + start)
    message = f'it follows {label} for {start} characters ("{before}"), then '
    if ended:
        return message + f'the quote goes on with "{ours}" where {label} ends'
    message += f'the quote has "{ours}" where the post has "{theirs}"'
    if text[at + start : at + len(quote)].casefold() == quote[start:].casefold():
        message += " (upper/lower case differs)"
    return message


def text_labels(sources: list[str | None], has_body: bool) -> list[str]:
    """How a message names each text of a post: its body, then its quotes (and their sources)."""
    labels = ["its body"] if has_body else []
    for number, source in enumerate(sources, start=1):
        labels.append(f"its quote {number} ({source})" if source else f"its quote {number}")
    return labels


def quote_message(quote: str, post_id: str, texts: list[tuple[str, str]]) -> str:
    """The error for a normalized quote found in none of the post's (label, normalized text)."""
    message = f"the quote is not verbatim in post '{post_id}' (its body or one of its quotes)"
    if texts:
        message += ": " + quote_mismatch(quote, texts)
    folded = quote.casefold()
    if any(folded in text.casefold() for _, text in texts):
        return message + "; it differs in upper/lower case: copy it exactly"
    return message + "; copy the words exactly (only whitespace may differ)"
