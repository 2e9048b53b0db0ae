"""Who said it: the speaker a "what did X say" question names, and whether a text has
them next to a word of saying."""

from __future__ import annotations

import pytest

from bot.engine import Engine, Reply
from bot.engine.query import parse
from bot.engine.speaker import asked_speaker, names_speaker


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("what did esper tell moon", ["esper"]),
        ("how did the japanese embassy respond to the vigil", ["japanese", "embassy"]),
        ("what did kang kyung-wha say about japan", ["kang", "kyung", "wha"]),
    ],
)
def test_the_speaker_is_the_words_between_did_and_the_saying(
    real_engine: Engine, question: str, speaker: list[str]
) -> None:
    query = parse(question, real_engine._vocab, real_engine._synonyms)
    found = asked_speaker(query)
    assert found is not None
    assert sorted(w for c in found for w in c.label.split()) == sorted(speaker)


@pytest.mark.parametrize(
    "question", ["what did esper do in seoul", "who said gsomia was dead", "when did esper say it"]
)
def test_other_questions_name_no_speaker(real_engine: Engine, question: str) -> None:
    assert asked_speaker(parse(question, real_engine._vocab, real_engine._synonyms)) is None


def test_the_speaker_must_stand_next_to_a_word_of_saying(real_engine: Engine) -> None:
    query = parse("what did esper tell moon", real_engine._vocab, real_engine._synonyms)
    speaker = asked_speaker(query)
    assert speaker is not None
    vocab = real_engine._vocab
    assert names_speaker(speaker, "Esper told Moon he would try.", vocab)
    assert names_speaker(speaker, "according to Esper, it was over", vocab)
    assert not names_speaker(speaker, "Moon met Esper at Cheong Wa Dae for 50 minutes.", vocab)
    far = (
        "Esper flew to Seoul on a long trip that took the whole week and then, later, Moon said no."
    )
    assert not names_speaker(speaker, far, vocab)


def test_a_speaker_before_a_phrase_in_commas_said_it(real_engine: Engine) -> None:
    """ "Hwang Jang-yop, the most senior North Korean figure to defect to South Korea,
    said ...": the phrase between the name and "said" describes the speaker."""
    query = parse("what did hwang jang-yop say", real_engine._vocab, real_engine._synonyms)
    speaker = asked_speaker(query)
    assert speaker is not None
    vocab = real_engine._vocab
    text = (
        "Hwang Jang-yop, the most senior North Korean figure to defect to South Korea, said"
        " the regime makes full use of the tactic."
    )
    assert names_speaker(speaker, text, vocab)
    other = (
        "Hwang Jang-yop defected in 1997 after many years in the party and much more, and"
        " later, Kim said no."
    )
    assert not names_speaker(speaker, other, vocab)
    result = real_engine.answer("what did hwang jang-yop say")
    assert isinstance(result, Reply), result


def test_who_was_told_is_not_the_speaker(real_engine: Engine) -> None:
    """ "Esper told Moon": Esper speaks, Moon listens; "according to" and "said X" still
    name the speaker after the word."""
    vocab = real_engine._vocab
    moon = asked_speaker(parse("what did moon tell esper", vocab, real_engine._synonyms))
    esper = asked_speaker(parse("what did esper tell moon", vocab, real_engine._synonyms))
    assert moon is not None
    assert esper is not None
    told = "U.S. Defense Secretary Mark Esper told President Moon Jae-in he would try"
    assert names_speaker(esper, told, vocab)
    assert not names_speaker(moon, told, vocab)
    assert names_speaker(moon, "The talks must go on, said President Moon Jae-in.", vocab)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("what did moon tell esper", "Moon told Esper"),
        ("what did esper tell moon", "Esper told President Moon"),
    ],
)
def test_what_did_x_tell_y_is_what_x_said(real_engine: Engine, question: str, words: str) -> None:
    """The fact with the asked speaker speaking answers, though a fact where the other one
    speaks matches the words better."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert words in result.answer
