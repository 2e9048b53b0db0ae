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
