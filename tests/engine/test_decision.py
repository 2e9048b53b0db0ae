"""The decision step alone: tiers, partial answers and the rules beside the gate."""

from __future__ import annotations

import dataclasses

import pytest

from bot.engine import Engine, NoAnswer, Reply, Tier
from bot.engine.decision import decide, decide_passage, probability
from bot.engine.detail import Detail, provides
from bot.engine.features import FEATURES, features, siblings
from bot.engine.passages import PASSAGE_FEATURES, Passage, Ranking
from bot.engine.tuning import DEFAULT_TUNING, GateWeights, Tuning
from tests.engine.candidates import flat_gate as _flat_gate
from tests.engine.candidates import make_candidate as _cand


def test_siblings_are_same_post_date_or_answer() -> None:
    """Facts of one post, one date or one answer are siblings; others are not."""
    a = _cand(0, 90, post="x", date="2019-11-22")
    assert siblings(a, _cand(1, 80, post="x"))
    assert siblings(a, _cand(1, 80, post="y", date="2019-11-22"))
    assert siblings(a, _cand(1, 80, post="y", answer="Answer 0!"))
    assert not siblings(a, _cand(1, 80, post="y", date="2020-01-01"))


def test_margin_other_skips_siblings(real_engine: Engine) -> None:
    """The lead over the best non-sibling ignores the sibling runner-up."""
    query, _ = real_engine.considered("when did south korea restore gsomia")
    ranked = [_cand(0, 95, post="x"), _cand(1, 94, post="x"), _cand(2, 60, post="y")]
    values = dict(zip(FEATURES, features(query, ranked), strict=True))
    assert values["margin"] == pytest.approx(0.01)
    assert values["margin_other"] == pytest.approx(0.35)


@pytest.mark.parametrize(
    ("bias", "tier"), [(4.0, Tier.CONFIDENT), (0.0, Tier.UNSURE), (2.0, Tier.LIKELY)]
)
def test_tier_follows_the_probability(real_engine: Engine, bias: float, tier: Tier) -> None:
    """At or above `confident` the answer stands alone; between, it is likely; under, unsure."""
    query, _ = real_engine.considered("what did esper tell moon about gsomia")
    tuning = Tuning(gate=_flat_gate(bias), confident=0.95, likely=0.8, lead_score=101.0)
    verdict = decide(query, [_cand(0, 80), _cand(1, 70, post="q")], tuning)
    assert verdict.tier is tier
    assert verdict.probability == pytest.approx(probability(tuning.gate, (0.0,) * len(FEATURES)))


def test_verbatim_phrasing_is_confident_whatever_the_gate(real_engine: Engine) -> None:
    """A curated phrasing asked word for word gets its fact even under a gate saying no."""
    query, _ = real_engine.considered("what did esper tell moon about gsomia")
    tuning = Tuning(gate=_flat_gate(-10.0))
    pick = _cand(3, 50)
    verdict = decide(query, [_cand(0, 80), pick], tuning, verbatim=pick)
    assert verdict.tier is Tier.CONFIDENT
    assert verdict.pick is pick


def test_missing_detail_makes_a_partial_answer(real_engine: Engine) -> None:
    """A fact that lacks the day asked for is no answer, but the verdict says what it lacks."""
    query, _ = real_engine.considered("on what exact day was gsomia signed")
    tuning = Tuning(gate=_flat_gate(4.0))
    verdict = decide(query, [_cand(0, 95, provides=False)], tuning)
    assert verdict.tier is Tier.UNSURE
    assert verdict.missing is Detail.DAY
    assert verdict.pick is not None


def test_clear_lead_rule(real_engine: Engine) -> None:
    """A full-recall fact far ahead of every non-sibling is confident under a doubtful gate."""
    query, _ = real_engine.considered("what did esper tell moon about gsomia")
    tuning = Tuning(gate=_flat_gate(-10.0))
    ranked = [_cand(0, 95), _cand(1, 94), _cand(2, 80, post="q")]
    assert decide(query, ranked, tuning).tier is Tier.CONFIDENT
    weaker = [_cand(0, 95), _cand(2, 90, post="q")]
    assert decide(query, weaker, tuning).tier is Tier.UNSURE
    named = [_cand(0, 95, missing_names=1), _cand(2, 60, post="q")]
    assert decide(query, named, tuning).tier is Tier.UNSURE


def test_which_thing_the_fact_never_names_is_unsure(real_engine: Engine) -> None:
    """ "which university ..." is not answered by a fact that never names a university."""
    query, _ = real_engine.considered("which university did hwang jang-yop run")
    gate = Tuning(gate=_flat_gate(9))
    ranked = [_cand(0, 99, covers_head=False), _cand(1, 10, post="q")]
    assert decide(query, ranked, gate).tier is Tier.UNSURE
    ranked = [_cand(0, 99), _cand(1, 10, post="q")]
    assert decide(query, ranked, gate).tier is Tier.CONFIDENT


def test_which_word_the_archive_never_uses_is_not_covered(real_engine: Engine) -> None:
    """A "which X" word the archive never uses cannot be covered by any fact."""
    _query, ranked = real_engine.considered("which zorbluniversity did hwang jang-yop run")
    assert ranked
    assert not ranked[0].covers_head


def _partial_note(engine: Engine, question: str) -> NoAnswer:
    """The reply to a question the best fact is on topic for but lacks the detail of."""
    result = engine.answer(question)
    assert isinstance(result, NoAnswer), result
    assert result.reason == "partial"
    assert result.note is not None
    return result


def _answer(engine: Engine, question: str) -> Reply:
    result = engine.answer(question)
    assert isinstance(result, Reply), result
    return result


def test_partial_answer_says_what_the_archive_does_say(real_engine: Engine) -> None:
    """ "Who signed it for Japan?" is not answered with the year it was signed."""
    result = _partial_note(real_engine, "who signed gsomia for japan")
    assert result.note is not None
    assert "does not say who" in result.note
    assert "2016" in result.note
    assert result.suggestions[0].fact_id == "gsomia-signed-2016"


def test_what_someone_said_needs_their_words(real_engine: Engine) -> None:
    """ "What did the US State Department say ..." is not answered with a fact in which
    the foreign ministry speaks (though "department" and "ministry" are synonyms here);
    for "what did Harris say" what Harris told the paper comes first, and gives what was
    said (the gate judges it as any first fact: near the likely bar, for the siblings of
    its post)."""
    question = "what did the us state department say when gsomia was fully restored"
    note = _partial_note(real_engine, question).note or ""
    assert note.startswith("The archive does not say what was said; it says:")
    _query, ranked = real_engine.considered("what did harris say about gsomia")
    assert "Harris told" in ranked[0].answer
    assert ranked[0].provides


def test_a_where_question_needs_a_place(real_engine: Engine) -> None:
    """ "Where was it signed?" is not answered with the year it was signed ("in 2016" is
    no place); a fact that names one ("at Cheong Wa Dae in Seoul") answers."""
    note = _partial_note(real_engine, "where was gsomia signed").note or ""
    assert note.startswith("The archive does not say where; it says: GSOMIA was signed")
    assert "Cheong Wa Dae" in _answer(real_engine, "where did moon meet esper").answer
    venue = "The explainer is by Dr. Tara O, published by the East Asia Research Center."
    assert provides(Detail.PLACE, venue, None, "where was it published")
    assert not provides(Detail.PLACE, venue, None, "where did she get her doctorate")


def test_who_needs_someone_not_an_event() -> None:
    """ "Independence Day" or "the Gat-Geun Tactic" is no answer to "who"; a person or a
    body named in the answer is."""
    holiday = "Controversy resurfaced ahead of the March 1 Independence Day."
    assert not provides(Detail.PERSON, holiday, None, "who won the election")
    assert not provides(Detail.PERSON, "He described the Gat-Geun Tactic.", None, "who")
    assert provides(Detail.PERSON, "The Blue House said so on Sunday.", None, "who said it")
    assert provides(Detail.PERSON, "Kang Kyung-wha said it.", None, "who said it")
    ministry = "On March 17, 2023, the defense ministry sent a letter to the foreign ministry."
    assert provides(Detail.PERSON, ministry, None, "who asked the foreign ministry")


def test_who_is_answered_by_a_ministry(real_engine: Engine) -> None:
    """ "Who asked the foreign ministry to normalize the pact?": the defense ministry did,
    and the reply says so; it is no "the archive does not say who it was"."""
    result = real_engine.answer("who asked the foreign ministry to normalize the pact")
    assert isinstance(result, Reply)
    assert "the defense ministry sent a letter to the foreign ministry" in result.answer


def test_likely_reply_says_how_it_understood(real_engine: Engine) -> None:
    """A likely answer carries the question it answers and the other candidates."""
    gate = _flat_gate(1.0)  # p = 0.73: likely under the stored thresholds
    engine = real_engine.with_tuning(dataclasses.replace(DEFAULT_TUNING, gate=gate, lead_score=101))
    result = engine.answer("what did esper say to moon in the meeting")
    assert isinstance(result, Reply)
    assert result.tier is Tier.LIKELY
    assert result.understood_as is not None
    assert result.understood_as.endswith("?")
    assert result.alternatives
    assert all(s.fact_id != result.fact_id for s in result.alternatives)


def test_engine_errors_are_not_swallowed(
    real_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine error propagates: it must never look like "I don't know"."""

    def broken(*_args: object) -> None:
        raise RuntimeError("index broken")

    engine = real_engine.with_tuning(DEFAULT_TUNING)
    monkeypatch.setattr(engine, "_rank_facts", broken)
    with pytest.raises(RuntimeError, match="index broken"):
        engine.answer("when did south korea restore gsomia")


def test_unsure_reply_offers_the_configured_number_of_suggestions(real_engine: Engine) -> None:
    """An "I don't know" offers Tuning.suggestions buttons (3 by default: one Discord row)."""
    question = "what is up with japan and korea relations please"
    for count in (3, 1):
        tuned = real_engine.with_tuning(Tuning(gate=_flat_gate(-10.0), suggestions=count))
        result = tuned.answer(question)
        assert isinstance(result, NoAnswer)
        assert len(result.suggestions) == count


def _ranking(*, view: bool = False, count: int = 2) -> Ranking:
    passages = [
        Passage(
            post=i,
            text=0,
            sentence=(0, 10),
            quote=(0, 10),
            score=90.0 - 10 * i,
            sentence_recall=0.9,
            quote_recall=0.9,
            post_recall=0.9,
            precision=0.3,
            in_period=False,
        )
        for i in range(count)
    ]
    return Ranking(
        passages, unknown=0.0, concepts=3, detail=False, period=False, view=view, fallback=False
    )


def _flat_passage_gate(bias: float) -> GateWeights:
    n = len(PASSAGE_FEATURES)
    return GateWeights(PASSAGE_FEATURES, (0.0,) * n, bias, (0.0,) * n, (1.0,) * n)


@pytest.mark.parametrize(
    ("bias", "tier"), [(4.0, Tier.CONFIDENT), (1.5, Tier.LIKELY), (0.0, Tier.UNSURE)]
)
def test_passage_tier_follows_the_passage_gate(bias: float, tier: Tier) -> None:
    """A passage is confident over `passage_confident`, likely over `passage_likely`, else
    no answer."""
    tuning = dataclasses.replace(
        DEFAULT_TUNING, passage_gate=_flat_passage_gate(bias), passage_likely=0.75
    )
    verdict = decide_passage(_ranking(), tuning)
    assert verdict.tier is tier
    assert (verdict.pick is None) is (tier is Tier.UNSURE)


def test_no_passage_is_unsure() -> None:
    """With no candidate sentence there is nothing to answer with."""
    tuning = dataclasses.replace(DEFAULT_TUNING, passage_gate=_flat_passage_gate(9.0))
    assert decide_passage(_ranking(count=0), tuning).tier is Tier.UNSURE


def test_view_passage_has_its_own_bar() -> None:
    """The blogger's own sentence is weighed against `view_likely`, not `passage_likely`."""
    tuning = dataclasses.replace(
        DEFAULT_TUNING,
        passage_gate=_flat_passage_gate(1.0),  # p = 0.73
        passage_likely=0.8,
        view_likely=0.7,
    )
    assert decide_passage(_ranking(view=True), tuning).tier is Tier.LIKELY
    assert decide_passage(_ranking(view=False), tuning).tier is Tier.UNSURE


def test_when_else_is_not_answered_with_the_occasion_it_names(real_engine: Engine) -> None:
    """ "after 1972, when else did he talk about it" asks past 1972: the 1972 fact is the
    one the question excludes; without "else" it is the answer."""
    other = real_engine.answer(
        "after 1972, when else did kim il-sung talk about the gat geun tactic"
    )
    assert not (isinstance(other, Reply) and "1972" in other.answer)
    same = _answer(real_engine, "when did kim il-sung talk about the gat geun tactic in 1972")
    assert "1972" in same.answer


def test_who_is_a_group_asks_what_it_is(real_engine: Engine) -> None:
    """ "Who is the Seoul Gyeore Hana group?" names the group and asks what it is: the
    fact about its vigil answers, as for "what is ..."; it is no "the archive does not say
    who it was" (the group's own name is no answer to a "who did ..." question)."""
    result = _answer(real_engine, "who is the seoul gyeore hana group")
    assert "members of the Seoul Gyeore Hana group held a candlelight vigil" in result.answer
    assert result.fact_id == "seoul-gyeore-hana-candlelight-vigil"


@pytest.mark.parametrize(
    "question",
    [
        "who was korea's defense minister when normalizing gsomia began",
        "who was the korean defense minister who started the normalization",
    ],
)
def test_who_held_an_office_needs_the_office(real_engine: Engine, question: str) -> None:
    """ "Who was the defense minister ..." asks for whoever held the office: the fact that
    the defense *ministry* started the normalization does not say, so it is not given
    as the answer (it was, confidently, for both)."""
    _query, ranked = real_engine.considered(question)
    assert real_engine.knowledge.facts[ranked[0].fact].id == "defense-ministry-starts-normalization"
    assert not ranked[0].covers_head
    assert isinstance(real_engine.answer(question), NoAnswer)


def test_who_holds_an_office_the_fact_names(real_engine: Engine) -> None:
    """The office the fact names ("the Cheong Wa Dae spokesperson") is answered."""
    result = _answer(real_engine, "who was the cheong wa dae spokesperson")
    assert "Ko Min-jung" in result.answer


def test_a_group_named_for_its_city_answers_who() -> None:
    """ "Members of the Seoul Gyeore Hana group" answer "who held the vigil": a name that
    starts with a place is no place when more of it follows (only a name made of place
    words alone, "South Korea", is no one)."""
    vigil = "On Nov. 21, 2019, members of the Seoul Gyeore Hana group held a candlelight vigil."
    assert provides(Detail.PERSON, vigil, None, "who held the vigil")
    assert not provides(Detail.PERSON, "It was signed by South Korea.", None, "who signed it")


def test_of_one_events_facts_the_one_asked_that_way_goes_first(real_engine: Engine) -> None:
    """ "Who protested gsomia": three facts on the Nov. 21 vigil score within two points;
    the one whose phrasing asks "who" goes first (the first was what the protesters
    demanded)."""
    _query, ranked = real_engine.considered("who protested gsomia")
    facts = real_engine.knowledge.facts
    assert facts[ranked[0].fact].id == "seoul-gyeore-hana-candlelight-vigil"
    assert facts[ranked[1].fact].id == "vigil-disregard-outside-pressure"
