"""Behaviours of the answer path that a mutation run found untested (docs/testing.md):
the date of a question choosing among facts, how many suggestions a user sees and which
phrasing they show, and the replies to a date that only the facts' text mentions."""

from __future__ import annotations

import dataclasses

import pytest

from bot.engine import Engine, NoAnswer, Reply, Tier
from bot.engine.tuning import DEFAULT_TUNING
from tests.engine.talks_sample import make_talks

HAT = "what did the ministers agree about the hat at the talks"
"""Matches the three talks facts equally well (and the gat fact a little): no one sure fact."""
PACT = "what did the ministers agree about the pact"
"""Only the 2023 talks fact says "pact": answered with it when no date is asked."""


@pytest.fixture(scope="module")
def talks() -> Engine:
    """An engine over the talks archive (three facts that only their dates tell apart)."""
    return Engine.build(make_talks())


def _reply(result: Reply | NoAnswer) -> Reply:
    assert isinstance(result, Reply), result
    return result


def _no_answer(result: Reply | NoAnswer) -> NoAnswer:
    assert isinstance(result, NoAnswer), result
    return result


# ---- the question's period picks the fact


@pytest.mark.parametrize(
    ("period", "fact_id"), [("in march 2023", "talks-2023"), ("in november 2019", "talks-2019")]
)
def test_the_date_asked_picks_the_fact_of_that_month(
    talks: Engine, period: str, fact_id: str
) -> None:
    """Of facts that fit the words equally, the one dated in the asked month answers."""
    result = _reply(talks.answer(f"{HAT} {period}"))
    assert result.fact_id == fact_id
    assert result.tier is Tier.LIKELY


def test_without_a_date_the_equal_facts_stay_unsure(talks: Engine) -> None:
    """The same words without a date give no answer: the three facts tie."""
    result = _no_answer(talks.answer(HAT))
    assert {s.fact_id for s in result.suggestions} == {"talks-2019", "talks-any-year", "talks-2023"}


def test_a_date_no_fact_fits_prefers_the_undated_fact(talks: Engine) -> None:
    """Asked about January 2020, the undated fact answers, not one dated another time."""
    result = _reply(talks.answer("what did the ministers agree at the talks in january 2020"))
    assert result.fact_id == "talks-any-year"
    assert result.tier is Tier.CONFIDENT


def test_a_day_no_fact_fits_prefers_the_undated_fact(talks: Engine) -> None:
    """A day in the month of a dated fact, but not its day, counts as another date."""
    result = _reply(talks.answer("what did the ministers agree at the talks on november 21 2019"))
    assert result.fact_id == "talks-any-year"


def test_a_month_of_the_same_year_is_another_date(talks: Engine) -> None:
    """August 2019 is not November 2019: the undated fact answers."""
    result = _reply(talks.answer("what did the ministers agree at the talks in august 2019"))
    assert result.fact_id == "talks-any-year"
    assert result.tier is Tier.CONFIDENT


def test_a_fact_of_another_year_is_only_suggested(talks: Engine) -> None:
    """The only fact on "the pact" is from 2023: a question about November 2019 is not
    answered with it, but its button is offered first."""
    assert _reply(talks.answer(PACT)).fact_id == "talks-2023"
    result = _no_answer(talks.answer(f"{PACT} in november 2019"))
    assert result.suggestions[0].fact_id == "talks-2023"


def test_the_shown_score_moves_by_the_period_points(talks: Engine) -> None:
    """The score a user sees (CLI, JSON) is 8 points up for a fact dated in the asked
    month and 15 points down for one dated in another (Tuning.period_bonus/_penalty)."""
    inside = _reply(talks.answer(f"{HAT} in march 2023"))
    undated = _no_answer(talks.answer(HAT))
    assert inside.score - undated.score == pytest.approx(8.0, abs=0.11)
    answered = _reply(talks.answer(PACT))
    outside = _no_answer(talks.answer(f"{PACT} in november 2019"))
    assert answered.score - outside.score == pytest.approx(15.0, abs=0.11)


def test_the_period_bonus_never_lifts_a_score_over_100(talks: Engine) -> None:
    """A full match dated in the asked month still shows at most 100."""
    result = _reply(talks.answer("what did the ministers agree at the talks in march 2023"))
    assert result.score <= 100.0


def test_a_month_without_a_year_fits_a_fact_of_that_month(talks: Engine) -> None:
    """ "in november" (any year) picks the fact dated November 2019."""
    result = _reply(talks.answer(f"{HAT} in november"))
    assert result.fact_id == "talks-2019"


# ---- suggestions


def test_an_unsure_reply_offers_three_suggestions(talks: Engine) -> None:
    """Four facts fit a little: the user sees three buttons, the best three."""
    result = _no_answer(talks.answer(HAT))
    assert len(result.suggestions) == 3
    assert "what-is-a-gat" not in {s.fact_id for s in result.suggestions}


def test_a_likely_reply_offers_the_other_candidates(talks: Engine) -> None:
    """A likely answer offers the other fitting facts as buttons, never itself."""
    result = _reply(talks.answer(f"{HAT} in march 2023"))
    assert [s.fact_id for s in result.alternatives] == [
        "talks-any-year",
        "talks-2019",
        "what-is-a-gat",
    ]


def test_a_fact_that_scores_nothing_is_not_suggested(talks: Engine) -> None:
    """Without the period bonus, a fact merely dated in the period scores 0: no button."""
    engine = talks.with_tuning(dataclasses.replace(DEFAULT_TUNING, period_bonus=0.0))
    result = _no_answer(engine.answer("what about the treaty in january 2020"))
    assert [s.fact_id for s in result.suggestions] == ["treaty-1965"]


@pytest.mark.parametrize(
    ("question", "fact_id", "shown"),
    [
        (
            "when did south korea suspend the budget",
            "expiry-suspended",
            "When did South Korea suspend its GSOMIA withdrawal?",
        ),
        ("how old is the pact with japan", "gsomia-signed", "how old is the gsomia pact"),
    ],
)
def test_a_suggestion_shows_the_phrasing_closest_to_the_question(
    engine: Engine, question: str, fact_id: str, shown: str
) -> None:
    """The button of a fact with several phrasings shows the one the question is nearest."""
    first = _no_answer(engine.answer(question)).suggestions[0]
    assert (first.fact_id, first.question) == (fact_id, shown)


# ---- a date that no fact is dated in, but some fact's text mentions


def test_a_year_only_a_fact_mentions_is_answered_with_that_fact(talks: Engine) -> None:
    """ "what happened in 1965?": no fact is dated 1965, one says "1965": a likely answer."""
    result = _reply(talks.answer("what happened in 1965?"))
    assert result.fact_id == "treaty-1965"
    assert result.tier is Tier.LIKELY
    assert result.understood_as == "What did the old treaty settle?"


def test_a_month_and_year_no_fact_mentions_together_is_not_answered(talks: Engine) -> None:
    """November 1965: one fact says November, another 1965; neither is the answer."""
    result = _no_answer(talks.answer("what happened in november 1965"))
    assert result.reason == "low-confidence"
    assert {s.fact_id for s in result.suggestions} == {"talks-2019", "treaty-1965"}


def test_a_year_nothing_mentions_gets_no_suggestions(talks: Engine) -> None:
    """A year the archive never mentions: "I don't know", with no buttons."""
    result = _no_answer(talks.answer("what happened in 1910"))
    assert result.reason == "no-match"
    assert result.suggestions == ()
