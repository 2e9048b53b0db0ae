"""A question that names a period gets the fact dated in it, even when every fact matches."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine, NoAnswer, Reply
from bot.engine.dates import Period, find_period
from tests.engine.talks_sample import AGREE, make_talks


@pytest.fixture(scope="module")
def talks() -> Engine:
    return Engine.build(make_talks())


@pytest.mark.parametrize(
    ("when", "fact_id"),
    [
        ("in March 2023", "talks-2023"),
        ("in 2016", "talks-2016"),
        ("in November 2019", "talks-2019"),
    ],
)
def test_a_full_match_dated_in_the_asked_period_beats_an_undated_one(
    talks: Engine, when: str, fact_id: str
) -> None:
    """Every talks fact matches the words fully (score 100, where the period bonus is
    capped away); the one dated in the asked period is the answer, not the undated one."""
    result = talks.answer(f"{AGREE.removesuffix('?')} {when}?")
    assert isinstance(result, Reply), result
    assert result.fact_id == fact_id


def test_a_fact_that_only_shares_the_date_is_not_suggested(talks: Engine) -> None:
    """A fact dated in the asked period but matching none of the question's words is no
    candidate: the date alone would turn unrelated facts into "did you mean" buttons."""
    result = talks.answer("What hat with a wide brim was worn in March 2023?")
    assert isinstance(result, NoAnswer)
    assert "talks-2023" not in {s.fact_id for s in result.suggestions}


@pytest.mark.parametrize(
    ("question", "month"),
    [("gsomia news from feb 2020?", 2), ("any gsomia news from nov 10th 2019", 11)],
)
def test_the_archives_own_subject_with_a_date_is_the_date_alone(
    real_engine: Engine, question: str, month: int
) -> None:
    """On the GSOMIA tag page "gsomia news from feb 2020" names no topic but the date:
    it gets what happened then, like "what happened in feb 2020"."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    fact = next(f for f in real_engine.knowledge.facts if f.id == result.fact_id)
    assert fact.date is not None
    assert int(fact.date[5:7]) == month


def test_words_that_narrow_a_period_name_no_topic(real_engine: Engine) -> None:
    """ "the summer of 2019" is 2019 ("summer" is no topic), and a topic with a date is a
    question, not a bare topic: "nagoya, late nov 2019" gets the Nagoya fact."""
    summer = real_engine.answer("what happened in the summer of 2019")
    assert isinstance(summer, Reply), summer
    fact = next(f for f in real_engine.knowledge.facts if f.id == summer.fact_id)
    assert fact.date is not None
    assert fact.date.startswith("2019")
    nagoya = real_engine.answer("nagoya, late nov 2019 — what was happening there")
    assert isinstance(nagoya, Reply), nagoya
    assert "Nagoya" in nagoya.answer
    assert isinstance(real_engine.answer("nagoya"), NoAnswer)


def test_a_question_word_makes_a_topic_a_question(real_engine: Engine) -> None:
    """ "scm" is a topic ("I don't know" with suggestions); "when was the scm" asks."""
    when = real_engine.answer("when was the scm")
    assert isinstance(when, Reply), when
    assert "Nov. 15" in when.answer or "November 15" in when.answer
    assert isinstance(real_engine.answer("scm"), NoAnswer)


@pytest.mark.parametrize(
    ("words", "today", "period"),
    [
        ("posts from last year", dt.date(2026, 12, 3), Period(2025)),
        ("anything this year", dt.date(2026, 12, 3), Period(2026)),
        ("news last month", dt.date(2026, 1, 15), Period(2025, 12)),
        ("news this month", dt.date(2026, 1, 15), Period(2026, 1)),
        ("what happened in march 2023 or last year", dt.date(2026, 1, 15), Period(2023, 3)),
    ],
)
def test_this_and_last_year_or_month_count_from_today(
    words: str, today: dt.date, period: Period
) -> None:
    """A relative year or month is the one before (or of) the day asked; a date the
    question names wins."""
    found, _used = find_period(words, words.split(), today)
    assert found == period


def test_posts_from_last_year_are_counted_for_that_year(real_engine: Engine) -> None:
    """ "posts from last year" once listed the five posts that say "year"."""
    year = dt.date.today().year
    result = real_engine.answer("posts from last year")
    assert isinstance(result, NoAnswer), result
    assert result.note == f"The archive holds no posts from {year - 1}."


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("anything from 2021", "The archive holds no posts from 2021."),
        ("what happened in november 2021", "The archive holds no posts from November 2021."),
    ],
)
def test_a_date_no_post_is_from_says_so(real_engine: Engine, question: str, note: str) -> None:
    """ "I don't know" to "anything from 2021" now says why: nothing is from then."""
    result = real_engine.answer(question)
    assert isinstance(result, NoAnswer), result
    assert result.note == note
