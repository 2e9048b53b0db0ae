"""Behaviours of the answer path that a mutation run found untested (docs/testing.md):
the date of a question choosing among facts, how many suggestions a user sees and which
phrasing they show, the replies to a date that only the facts' text mentions, the tiers
at their bars, what the gate is fed, and when a post sentence answers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.engine import Engine, NoAnswer, Reply, Tier
from bot.engine.decision import decide, probability
from bot.engine.features import FEATURES, features
from bot.engine.query import Query
from bot.engine.tuning import DEFAULT_TUNING, Tuning
from bot.knowledge.models import Archive, Fact, Knowledge, Post
from tests.engine.candidates import flat_gate as _flat_gate
from tests.engine.candidates import make_candidate as _cand
from tests.engine.talks_sample import AGREE, make_talks

HAT = "what did the ministers agree about the hat at the talks"
"""Matches the four talks facts equally well (and the gat fact a little): no one sure fact."""
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
    """The same words without a date give no answer: the talks facts tie."""
    result = _no_answer(talks.answer(HAT))
    assert {s.question for s in result.suggestions} == {AGREE}


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


def test_a_fact_of_another_year_is_not_given_as_sure(talks: Engine) -> None:
    """The only fact on "the pact" is from 2023: asked without a date it is the confident
    answer; asked about November 2019 it is still what the user sees first, but not sure."""
    assert _reply(talks.answer(PACT)).tier is Tier.CONFIDENT
    result = talks.answer(f"{PACT} in november 2019")
    shown = result.fact_id if isinstance(result, Reply) else result.suggestions[0].fact_id
    assert shown == "talks-2023"
    assert not (isinstance(result, Reply) and result.tier is Tier.CONFIDENT)


def test_a_year_alone_is_not_held_against_a_day(talks: Engine) -> None:
    """ "on november 21" (any year): the fact dated 2016 alone may be that day, the one of
    November 15 may not; so the 2016 and the undated facts are offered first."""
    result = _no_answer(talks.answer(f"{HAT} on november 21"))
    assert {s.fact_id for s in result.suggestions[:2]} == {"talks-2016", "talks-any-year"}


def test_the_shown_score_moves_by_the_period_points(talks: Engine) -> None:
    """The score a user sees (CLI, JSON) is 8 points up for a fact dated in the asked
    month and 15 points down for one dated in another (Tuning.period_bonus/_penalty)."""
    inside = _reply(talks.answer(f"{HAT} in march 2023"))
    undated = _no_answer(talks.answer(HAT))
    assert inside.score - undated.score == pytest.approx(8.0, abs=0.11)
    answered = _reply(talks.answer(PACT))
    outside = talks.answer(f"{PACT} in november 2019")
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
    """A likely answer offers three other fitting facts as buttons, never itself."""
    result = _reply(talks.answer(f"{HAT} in march 2023"))
    others = [s.fact_id for s in result.alternatives]
    assert len(others) == 3
    assert "talks-2023" not in others


def test_a_fact_scoring_nothing_last_does_not_stop_a_sure_answer(talks: Engine) -> None:
    """Without the period bonus the gat fact (January 2020) scores 0 at the end of the
    ranking: the undated talks fact is still the confident answer."""
    engine = talks.with_tuning(dataclasses.replace(DEFAULT_TUNING, period_bonus=0.0))
    result = _reply(engine.answer("what did the ministers agree at the talks in january 2020"))
    assert result.fact_id == "talks-any-year"
    assert result.tier is Tier.CONFIDENT


def test_a_fact_that_scores_nothing_is_not_suggested(talks: Engine) -> None:
    """Without the period bonus, a fact merely dated in the period scores 0: no button
    (under a gate that doubts everything, so that the buttons are shown)."""
    engine = talks.with_tuning(Tuning(gate=_flat_gate(-10.0), lead_score=101.0, period_bonus=0.0))
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
    """The button of a fact with several phrasings shows the one the question is nearest
    (under a gate that doubts everything, so that the buttons are shown)."""
    doubting = engine.with_tuning(Tuning(gate=_flat_gate(-10.0), lead_score=101.0))
    first = _no_answer(doubting.answer(question)).suggestions[0]
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


def test_a_long_phrasing_is_cut_at_a_word_within_100_characters() -> None:
    """Buttons carry at most 100 characters: a long phrasing is cut after its last whole
    word that fits, with an ellipsis."""
    cut_short = (
        "What did the ministers say about the long talks between Seoul and Tokyo over the "
        "pact and the claims last week?"
    )
    cut_long = (
        "What did the ministers say about the long talks between Seoul and Tokyo over the "
        "pact and its claim last week?"
    )
    post = Post(
        id="long",
        title="Long talks",
        date=dt.date(2020, 1, 1),
        url="https://example.org/long/",
        tags=(),
        body="The ministers talked for a long time.",
    )
    facts = (
        Fact(id="claims", questions=(cut_short,), answer="Nothing.", post="long", quote="talked"),
        Fact(id="claim", questions=(cut_long,), answer="Little.", post="long", quote="long time"),
    )
    engine = Engine.build(Knowledge.create(Archive("Long", "https://example.org/"), [post], facts))
    doubting = engine.with_tuning(Tuning(gate=_flat_gate(-10.0), lead_score=101.0))
    result = _no_answer(doubting.answer("what did the ministers say about the long talks"))
    shown = {s.fact_id: s.question for s in result.suggestions}
    assert shown == {
        "claims": "What did the ministers say about the long talks between Seoul and Tokyo over "
        "the pact and the…",
        "claim": "What did the ministers say about the long talks between Seoul and Tokyo over "
        "the pact and its claim…",
    }
    assert all(len(text) <= 100 for text in shown.values())


# ---- the tiers, at their bars and beside the gate


@pytest.fixture(scope="module")
def query(knowledge: Knowledge) -> Query:
    """A parsed question of two known concepts (the decision needs at least two)."""
    parsed, _ranked = Engine.build(knowledge).considered("what did esper tell moon about gsomia")
    return parsed


BAR = probability(_flat_gate(2.0), (0.0,) * len(FEATURES))
"""The probability of the flat gate of bias 2, used as a bar itself."""


@pytest.mark.parametrize(
    ("bars", "tier"),
    [({"confident": BAR}, Tier.CONFIDENT), ({"confident": 0.99, "likely": BAR}, Tier.LIKELY)],
)
def test_a_probability_at_the_bar_gets_that_tier(
    query: Query, bars: dict[str, float], tier: Tier
) -> None:
    """The bars are "at or above": a probability equal to one gets its tier."""
    tuning = Tuning(gate=_flat_gate(2.0), lead_score=101.0, **bars)  # type: ignore[arg-type]
    assert decide(query, [_cand(0, 80), _cand(1, 70, post="q")], tuning).tier is tier


def test_a_partial_answer_at_the_bar_is_offered(query: Query) -> None:
    """A fact lacking the detail, at exactly the partial bar, is offered as partial."""
    tuning = Tuning(gate=_flat_gate(2.0), partial=BAR)
    verdict = decide(query, [_cand(0, 80, provides=False)], tuning)
    assert verdict.pick is not None
    assert verdict.tier is Tier.UNSURE


def test_the_lead_rule_holds_at_its_bars(query: Query) -> None:
    """Score 92, recall 0.99 and a lead of 8 exactly make a confident answer under a gate
    that doubts it; a lead one point short does not."""
    doubt = Tuning(gate=_flat_gate(-10.0))
    at_bars = [_cand(0, 92.0, recall=0.99), _cand(1, 84.0, post="q")]
    assert decide(query, at_bars, doubt).tier is Tier.CONFIDENT
    short = [_cand(0, 92.0, recall=0.99), _cand(1, 85.0, post="q")]
    assert decide(query, short, doubt).tier is Tier.UNSURE


def test_the_lead_rule_needs_the_whole_question_covered(query: Query) -> None:
    """A high, far-ahead fact that covers only part of the question is not confident."""
    doubt = Tuning(gate=_flat_gate(-10.0))
    ranked = [_cand(0, 96.0, recall=0.9), _cand(1, 50.0, post="q")]
    assert decide(query, ranked, doubt).tier is Tier.UNSURE


def test_a_verbatim_phrasing_shows_full_confidence(engine: Engine) -> None:
    """A curated phrasing asked word for word, under a gate that doubts everything (and no
    lead rule), is confident and shown with confidence 100%."""
    doubting = engine.with_tuning(Tuning(gate=_flat_gate(-10.0), lead_score=101.0))
    result = _reply(doubting.answer("When was GSOMIA signed?"))
    assert result.fact_id == "gsomia-signed"
    assert result.tier is Tier.CONFIDENT
    assert result.confidence == 1.0


def test_a_paraphrase_the_gate_is_sure_of_is_confident(engine: Engine) -> None:
    """Not a curated phrasing ("the pact", not "GSOMIA"), under the lead rule's score: the
    gate alone makes it sure."""
    result = _reply(engine.answer("what did esper tell moon about the pact"))
    assert result.fact_id == "esper-persuade"
    assert result.score < DEFAULT_TUNING.lead_score
    assert result.tier is Tier.CONFIDENT
    assert result.understood_as is None


def test_a_what_happened_reply_is_likely_with_a_partial_confidence(engine: Engine) -> None:
    """ "what happened in <month>" is decided by no ranking: likely, shown under 100%."""
    result = _reply(engine.answer("what happened in November 2019?"))
    assert result.tier is Tier.LIKELY
    assert 0.0 < result.confidence < 1.0


# ---- what the gate is fed


def test_margin_other_is_the_lead_over_a_runner_up_of_another_post(query: Query) -> None:
    """When the runner-up is no sibling, the lead over non-siblings is the lead over it."""
    ranked = [_cand(0, 95, post="x"), _cand(1, 80, post="y"), _cand(2, 60, post="z")]
    values = dict(zip(FEATURES, features(query, ranked), strict=True))
    assert values["margin_other"] == pytest.approx(0.15)


def test_sibling_share_counts_the_next_five_candidates(query: Query) -> None:
    """Two siblings among the five after the first make a share of 0.4; alone, it is 1."""
    posts = ["x", "x", "y", "z", "x", "w", "x"]
    ranked = [_cand(i, 90 - i, post=post, answer=f"a{i}") for i, post in enumerate(posts)]
    values = dict(zip(FEATURES, features(query, ranked), strict=True))
    assert values["siblings"] == pytest.approx(0.4)
    alone = dict(zip(FEATURES, features(query, ranked[:1]), strict=True))
    assert alone["siblings"] == 1.0


# ---- passages: when a post sentence answers instead of a fact


def test_a_sentence_no_fact_covers_answers_without_fact_candidates(knowledge: Knowledge) -> None:
    """Without facts, words found only in a post ("face saving") get that post's sentence.
    (With the sample's facts the passage gate declines it: a fallback after facts is held
    to a higher bar.)"""
    bare = Engine.build(dataclasses.replace(knowledge, facts=()))
    result = _reply(bare.answer("what is the face saving way"))
    assert result.kind == "passage"
    assert result.post_id == "suspended"
    assert result.tier is Tier.CONFIDENT


def test_a_sentence_covering_part_of_the_question_is_no_answer(engine: Engine) -> None:
    """ "the pact with tokyo": the restored post's sentence says only part: I don't know."""
    result = _no_answer(engine.answer("what about the pact with tokyo"))
    assert result.reason == "low-confidence"


def test_a_near_miss_fact_is_suggested_rather_than_a_sentence(engine: Engine) -> None:
    """ "was it restored": a fact nearly fits; its button is offered, no post sentence."""
    result = _no_answer(engine.answer("was it restored"))
    assert result.suggestions[0].fact_id == "gsomia-restored"


def test_the_bloggers_sentence_answers_his_view_as_likely(real_engine: Engine) -> None:
    """A view question his words half match gets his own sentence, saying how it read it."""
    result = _reply(
        real_engine.answer("what is the blogger's opinion on working with tokyo given north korea")
    )
    assert result.kind == "passage"
    assert result.post_id == "gsomia-normalization-process-begins"
    assert "North Korea" in result.answer
    assert result.tier is Tier.LIKELY
    assert result.understood_as is not None
    assert result.understood_as.startswith("What the blog says about")


def test_a_view_his_words_hardly_match_is_answered_from_the_facts(real_engine: Engine) -> None:
    """When none of his sentences fits, the view question goes on to the facts (here under
    a gate sure of its first fact, so that the route, not the gate, is what is tested)."""
    sure = real_engine.with_tuning(dataclasses.replace(DEFAULT_TUNING, gate=_flat_gate(4.0)))
    result = _reply(sure.answer("what does rok drop think of the 50 minute meeting"))
    assert result.kind == "fact"
    assert result.fact_id == "moon-esper-50-minute-meeting"
