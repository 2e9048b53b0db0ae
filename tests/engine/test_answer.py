"""Answering: facts first, grounded passages, honest abstention, latest posts, dates."""

from __future__ import annotations

import dataclasses

import pytest

from bot.engine import Engine, NoAnswer, Reply, Tier
from bot.knowledge.models import Knowledge


def reply(engine: Engine, question: str) -> Reply:
    result = engine.answer(question)
    assert isinstance(result, Reply), result
    return result


def test_fact_question_is_answered_with_its_fact(engine: Engine) -> None:
    """A curated phrasing returns its fact with a verbatim quote and a deep link."""
    result = reply(engine, "When was GSOMIA restored?")
    assert result.kind == "fact"
    assert result.fact_id == "gsomia-restored"
    assert result.tier is Tier.CONFIDENT
    assert "fully restored" in result.quote
    assert result.quote_source == "Yonhap"
    assert result.url.startswith("https://example.org/restored/#:~:text=")
    assert result.post_id == "restored"


def test_reworded_fact_question_is_answered(engine: Engine) -> None:
    """A paraphrase with a curated synonym still finds the fact."""
    result = reply(engine, "when did south korea revive the intelligence-sharing pact")
    assert result.fact_id == "gsomia-restored"


def test_typos_are_repaired(engine: Engine) -> None:
    """Misspelled names and terms are matched to the archive's words."""
    result = reply(engine, "gsomai got restord on what date?")
    assert result.fact_id == "gsomia-restored"


def test_misspelled_name_is_repaired(engine: Engine) -> None:
    """A one-letter slip in a name ("Espr") still finds the fact."""
    result = reply(engine, "what did espr tell moon about gsomia")
    assert result.fact_id == "esper-persuade"


def test_off_topic_question_gets_no_answer(engine: Engine) -> None:
    """A question about something the archive never mentions abstains."""
    result = engine.answer("What is the capital of Australia?")
    assert isinstance(result, NoAnswer)
    assert result.reason == "no-match"


def test_near_topic_question_gets_no_answer(engine: Engine) -> None:
    """A question on the archive's topic about an unknown person abstains."""
    result = engine.answer("What did Biden say about GSOMIA?")
    assert isinstance(result, NoAnswer)


def test_no_answer_suggests_related_phrasings(engine: Engine) -> None:
    """An abstention offers at most three phrasings of related facts."""
    result = engine.answer("What is the GSOMIA budget?")
    assert isinstance(result, NoAnswer)
    assert 1 <= len(result.suggestions) <= 3
    assert all(s.fact_id for s in result.suggestions)


def test_passage_answers_with_a_sentence(knowledge: Knowledge) -> None:
    """Without facts, a well-matched sentence of a post is the answer."""
    bare = Engine.build(dataclasses.replace(knowledge, facts=()))
    result = reply(bare, "When did Kim Il-sung first use the term Gat-Geun Tactic?")
    assert result.kind == "passage"
    assert result.fact_id is None
    assert "1969" in result.answer
    assert result.answer in result.quote
    assert result.tier in (Tier.CONFIDENT, Tier.LIKELY)


@pytest.mark.parametrize(
    "question", ["what's the newest post?", "latest article", "show me the last thing posted"]
)
def test_latest_intent_returns_the_newest_post(engine: Engine, question: str) -> None:
    """Latest-post questions name the newest post and quote its opening."""
    result = reply(engine, question)
    assert result.kind == "latest"
    assert result.post_id == "restored"
    assert "March 21, 2023" in result.answer
    assert result.quote.startswith("It is official now")


def test_latest_post_about_a_topic(engine: Engine) -> None:
    """ "most recent post about X" picks the newest post that mentions X."""
    result = reply(engine, "most recent post about the gat-geun tactic")
    assert result.kind == "latest"
    assert result.post_id == "gat-geun"


def test_month_year_question_picks_a_fact_of_that_month(engine: Engine) -> None:
    """ "what happened in November 2019?" answers with the earliest fact of that month."""
    result = reply(engine, "what happened in November 2019?")
    assert result.fact_id == "esper-persuade"


def test_exact_date_question_picks_that_day(engine: Engine) -> None:
    """A day-precise question answers with the fact dated that day."""
    result = reply(engine, "what happened on nov 22 2019")
    assert result.fact_id == "expiry-suspended"


def test_latest_api_filters_tags_case_insensitively(engine: Engine) -> None:
    """latest() is newest first, and a tag matches whatever its case."""
    assert [p.id for p in engine.latest(2)] == ["restored", "gat-geun"]
    assert [p.id for p in engine.latest(5, tag="esper")] == ["esper"]
    assert engine.latest(0) == ()


def test_complete_suggests_matching_phrasings(engine: Engine) -> None:
    """Autocomplete returns phrasings that fit the partial text, each <= 100 chars."""
    choices = engine.complete("when was gsomia res")
    assert choices[0] == "When was GSOMIA restored?"
    assert all(len(c) <= 100 for c in choices)
    assert len(set(choices)) == len(choices)


def test_complete_with_empty_text_lists_newest_facts(engine: Engine) -> None:
    """An empty partial gives the phrasings of the newest facts first."""
    choices = engine.complete("", limit=2)
    assert choices == ("When was GSOMIA restored?", "When was GSOMIA signed?")
