"""How much a question looks like a fact's wording, letter by letter: the gate's second
opinion beside the word scores of rank.py.

The ranking weighs whole words by rarity, so a misspelled or re-inflected word
("restoraton", "normalizing") counts for nothing there and a question with two
such words looks like a weak match. Character trigrams and rapidfuzz's token-set
ratio still see those words. They do not rank (the word scores rank better);
they tell the gate how far to trust the ranking (eval/fit_gate.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process


def surface(text: str) -> str:
    """Lowercase letters and digits, one space between words (rapidfuzz's processing)."""
    return " ".join(default_process(text).split())


def trigrams(text: str) -> frozenset[str]:
    """The character trigrams of a surface text, with a space at each end."""
    padded = f" {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass(frozen=True, slots=True)
class Wording:
    """A fact's wording, prepared once per fact: plain strings, searched for the
    question's trigrams (far cheaper to make, and to keep, than sets of trigrams)."""

    phrasings: tuple[str, ...]
    text: str
    """Its phrasings, each padded with a space, one a line (no trigram of a question
    spans two lines)."""
    answer: str
    """Its answer and quote, padded the same way."""


def wording(questions: Iterable[str], answer: str, quote: str) -> Wording:
    phrasings = tuple(s for q in questions if (s := surface(q)))
    text = "\n".join(f" {p} " for p in phrasings)
    return Wording(phrasings, text, f" {surface(f'{answer} {quote}')} ")


@dataclass(frozen=True, slots=True)
class Asked:
    """A question, prepared once per question."""

    text: str
    grams: tuple[str, ...]


def asked(question: str) -> Asked:
    text = surface(question)
    return Asked(text, tuple(trigrams(text)) if text else ())


def similarity(question: Asked, fact: Wording) -> float:
    """The best token-set ratio of the question to one of the fact's phrasings, 0 to 1."""
    if not question.text or not fact.phrasings:
        return 0.0
    best = process.extractOne(
        question.text, fact.phrasings, scorer=fuzz.token_set_ratio, processor=None
    )
    return best[1] / 100.0 if best is not None else 0.0


def similarity_to(question: Asked, text: str) -> float:
    """The token-set ratio of the question to one surface text, 0 to 1."""
    if not question.text or not text:
        return 0.0
    return fuzz.token_set_ratio(question.text, text, processor=None) / 100.0


def shared(question: Asked, text: str) -> float:
    """The share of the question's character trigrams found in `text`."""
    if not question.grams:
        return 0.0
    return sum(map(text.__contains__, question.grams)) / len(question.grams)
