"""Typo repair: unknown words are matched to close archive words, short ones never."""

from __future__ import annotations

import pytest

from bot.engine.vocab import Vocab


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    """A vocabulary learned from a few archive-like sentences."""
    v = Vocab()
    v.index_ids("Prime Minister Fumio Kishida met Mark Esper; GSOMIA was restored.")
    v.index_ids("GSOMIA restored again and again; the moon was bright.")
    v.finish()
    return v


@pytest.mark.parametrize(
    ("typo", "word"),
    [("kishda", "kishida"), ("gsomai", "gsomia"), ("esperr", "esper"), ("restord", "restored")],
)
def test_close_misspellings_are_repaired(vocab: Vocab, typo: str, word: str) -> None:
    """A dropped, doubled or swapped letter maps to the archive's word."""
    assert vocab.repair(typo) == vocab.lookup(word, False)


def test_short_words_are_never_repaired(vocab: Vocab) -> None:
    """Three letters are too few to guess from ("mon" is not "moon")."""
    assert vocab.repair("mon") is None


def test_distant_words_are_not_repaired(vocab: Vocab) -> None:
    """A word two edits away from anything short stays unknown."""
    assert vocab.repair("biden") is None


def test_known_words_keep_their_own_term(vocab: Vocab) -> None:
    """Archive words are found directly, whatever their inflection."""
    assert vocab.lookup("restoring", False) == vocab.lookup("restored", False)
