"""The engine over the real knowledge/ folder (the GSOMIA archive)."""

from __future__ import annotations

import pytest

from bot.engine import Engine, NoAnswer, Reply, Tier
from tests.questions import likely_question


def test_restoration_question_gets_the_2023_fact(real_engine: Engine) -> None:
    """ "When did South Korea restore GSOMIA?" answers with the March 21, 2023 fact."""
    result = real_engine.answer("When did South Korea restore GSOMIA?")
    assert isinstance(result, Reply)
    assert result.kind == "fact"
    assert result.fact_id is not None
    assert "fully restored" in result.quote
    assert "2023" in result.answer


def test_misspelled_restoration_question(real_engine: Engine) -> None:
    """Typos in the name and the verb still reach the restoration fact."""
    result = real_engine.answer("gsomai got restord on what date?")
    assert isinstance(result, Reply)
    assert "2023" in result.answer


def test_newest_post_is_the_2023_restoration(real_engine: Engine) -> None:
    """The newest post of the archive is the March 2023 restoration post."""
    result = real_engine.answer("what's the newest post?")
    assert isinstance(result, Reply)
    assert result.kind == "latest"
    assert "Restore" in result.post_title


def test_unrelated_question_abstains(real_engine: Engine) -> None:
    """Questions the archive does not answer get a NoAnswer."""
    assert isinstance(real_engine.answer("who won the 2022 world cup"), NoAnswer)


def test_every_quote_fits_and_links(real_engine: Engine) -> None:
    """Every fact's reply quote is at most 300 characters and links with a text fragment."""
    for fact in real_engine.knowledge.facts:
        result = real_engine.answer(fact.questions[0])
        assert isinstance(result, Reply), fact.id  # a curated phrasing always answers
        assert len(result.quote) <= 300
        assert ":~:text=" in result.url


def test_every_curated_phrasing_gets_its_own_fact(real_engine: Engine) -> None:
    """Asking any fact's phrasing verbatim (as autocomplete and suggestion buttons do)
    answers with that fact."""
    wrong = []
    for fact in real_engine.knowledge.facts:
        for question in fact.questions:
            result = real_engine.answer(question)
            if not isinstance(result, Reply) or result.fact_id != fact.id:
                wrong.append((question, fact.id, getattr(result, "fact_id", None)))
    assert wrong == []


def test_every_suggestion_button_answers(real_engine: Engine) -> None:
    """A suggestion button ("did you mean", or a likely answer's other candidates), when
    clicked (asked verbatim), gets an answer."""
    probes = ["what did esper tell moon", "what did harris say", "why did korea end gsomia"]
    clicked = 0
    for probe in probes:
        result = real_engine.answer(probe)
        offered = result.suggestions if isinstance(result, NoAnswer) else result.alternatives
        for suggestion in offered:
            assert isinstance(real_engine.answer(suggestion.question), Reply), suggestion
            clicked += 1
    assert clicked >= len(probes)  # every probe offers something to click


def test_ranking_leads_with_the_fact_that_answers(real_engine: Engine) -> None:
    """ranked() (the evaluation view) puts the answered fact first, with the same score."""
    result = real_engine.answer("When did South Korea restore GSOMIA?")
    assert isinstance(result, Reply)
    ranked = real_engine.ranked("When did South Korea restore GSOMIA?", 3)
    assert len(ranked) == 3
    fact, score = ranked[0]
    assert real_engine.knowledge.facts[fact].id == result.fact_id
    assert round(score, 1) == result.score
    assert ranked[0][1] >= ranked[1][1] >= ranked[2][1]


def test_ranking_is_empty_for_unknown_words(real_engine: Engine) -> None:
    """A question of words the archive never uses ranks no fact."""
    assert real_engine.ranked("asdfgh qwerty zxcvb") == ()


def test_the_e2e_likely_question_is_answered_at_the_likely_tier(real_engine: Engine) -> None:
    """The Discord tests of the "Answering: ..." line and its buttons need a question the
    bundled archive answers at the likely tier, with other candidates to offer."""
    result = real_engine.answer(likely_question())
    assert isinstance(result, Reply), result
    assert result.tier is Tier.LIKELY
    assert result.understood_as
    assert result.alternatives


@pytest.mark.parametrize("word", ["bad", "worse", "kishida", "restored"])
def test_a_single_word_is_not_answered_but_suggested(real_engine: Engine, word: str) -> None:
    """A one-word message gets "I don't know" with suggestions, never a confident guess."""
    result = real_engine.answer(word)
    assert isinstance(result, NoAnswer)
    assert result.suggestions


def test_a_single_word_curated_phrasing_still_answers(real_engine: Engine) -> None:
    """The one-word gate leaves verbatim curated phrasings alone (buttons round-trip)."""
    fact = next(f for f in real_engine.knowledge.facts if "What is a gat?" in f.questions)
    result = real_engine.answer("What is a gat?")
    assert isinstance(result, Reply)
    assert result.fact_id == fact.id
