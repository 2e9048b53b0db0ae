"""Any text is a safe question: nothing raises, work stays bounded."""

from __future__ import annotations

import pytest

from bot.engine import Engine, NoAnswer, Reply


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", "?", "🤔", "\x00\x1b\x07\u200b"])
def test_empty_questions_get_reason_empty(engine: Engine, question: str) -> None:
    """Blank, punctuation-only, emoji-only or control-only text is "empty"."""
    result = engine.answer(question)
    assert isinstance(result, NoAnswer)
    assert result.reason == "empty"


def test_stopwords_only_question_abstains(engine: Engine) -> None:
    """A question made only of function words abstains without suggestions."""
    result = engine.answer("what is the of and to it?")
    assert isinstance(result, NoAnswer)


def test_a_very_long_question_is_cut_and_answered_from_its_start(engine: Engine) -> None:
    """A 10,000-character message is cut to the longest question any door takes, and what
    it asks first still leads: the answer, or the first suggestion."""
    question = "When was GSOMIA restored? " + "blah " * 2000
    result = engine.answer(question)
    assert result.question == question
    first = result.fact_id if isinstance(result, Reply) else result.suggestions[0].fact_id
    assert first == "gsomia-restored"


def test_many_distinct_words_do_not_raise(engine: Engine) -> None:
    """Thousands of distinct made-up words are bounded to a few dozen terms."""
    question = " ".join(f"zq{i}xw" for i in range(3000))
    assert isinstance(engine.answer(question), NoAnswer)


@pytest.mark.parametrize(
    "question",
    [
        "GSOMIA 🇰🇷🇯🇵 restored?",
        "((((((((((.*+?[",
        "\\d+ $1 %s {0} <@everyone>",
        "ｗｈｅｎ ｗａｓ ＧＳＯＭＩＡ ｒｅｓｔｏｒｅｄ",
        "\ud800 lone surrogate",
    ],
)
def test_odd_text_is_just_text(engine: Engine, question: str) -> None:
    """Regex syntax, emoji, full-width letters and lone surrogates are just text: an answer
    or an "I don't know" for that very question (answer() raises on an engine error)."""
    result = engine.answer(question)
    assert isinstance(result, Reply | NoAnswer)
    assert result.question == question


def test_full_width_letters_are_normalized(engine: Engine) -> None:
    """NFKC folding makes full-width letters match the archive."""
    result = engine.answer("ｗｈｅｎ ｗａｓ ＧＳＯＭＩＡ ｒｅｓｔｏｒｅｄ")
    assert getattr(result, "fact_id", None) == "gsomia-restored"


def test_complete_never_raises(engine: Engine) -> None:
    """Autocomplete accepts any partial text and caps the number of choices."""
    assert engine.complete("zzqqxx") == ()
    assert len(engine.complete("🤔", limit=2)) <= 2
    assert len(engine.complete("g", limit=3)) <= 3
    assert engine.complete("gsomia", limit=0) == ()


def test_mentions_in_a_question_do_not_change_the_answer(engine: Engine) -> None:
    """`@everyone`, `@here` and `<@123>` around a question are ignored: same fact, same score."""
    plain = engine.answer("When was GSOMIA restored?")
    noisy = engine.answer("@everyone <@123456789> When was GSOMIA restored? <@&42> @here")
    assert getattr(plain, "fact_id", None) == "gsomia-restored"
    assert getattr(noisy, "fact_id", None) == "gsomia-restored"
    assert noisy.score == plain.score


def test_invisible_characters_inside_words_leave_the_words_whole(real_engine: Engine) -> None:
    """A zero-width space, soft hyphen or direction mark pasted inside a word is not a
    word break: "wh<ZWSP>at is gso<SHY>mia" is "what is gsomia"."""
    plain = real_engine.answer("what is gsomia")
    assert isinstance(plain, Reply)
    for question in ("wh\u200bat is gso\u200bmia", "what is gso\u00admia", "\u202bwhat is gsomia"):
        result = real_engine.answer(question)
        assert isinstance(result, Reply), question
        assert result.fact_id == plain.fact_id
