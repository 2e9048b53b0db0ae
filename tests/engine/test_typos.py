"""Typo repair: unknown words are matched to close archive words, short ones never."""

from __future__ import annotations

import pytest

from bot.engine import Engine, Reply
from bot.engine.query import fused_name
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


@pytest.mark.parametrize(
    ("fused", "spaced"),
    [("what is the gatgeun tactic", "what is the gat-geun tactic")],
)
def test_a_name_typed_without_its_hyphen(real_engine: Engine, fused: str, spaced: str) -> None:
    """ "gatgeun" is the posts' "Gat-Geun": the same answer as with the hyphen (it was
    "I don't know", the word unknown)."""
    plain = real_engine.answer(spaced)
    result = real_engine.answer(fused)
    assert isinstance(plain, Reply)
    assert isinstance(result, Reply)
    assert result.fact_id == plain.fact_id


def test_only_a_name_is_split(real_engine: Engine) -> None:
    """A word runs two words of a name together only when the first is one the posts
    always capitalise ("Jang" of "Jang-yop"); two everyday words are no name
    ("headwear" is not "head" and "wear")."""
    vocab = real_engine._vocab
    assert fused_name(vocab, "jangyop") == (vocab.lookup("jang", False), vocab.lookup("yop", False))
    assert fused_name(vocab, "headwear") is None
    assert fused_name(vocab, "qwertyuiop") is None
