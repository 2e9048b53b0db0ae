"""Letter likeness, the gate's second opinion: misspelled and re-inflected words still
count, and a question unlike a fact's wording scores low."""

from __future__ import annotations

from bot.engine.likeness import asked, shared, similarity, surface, trigrams, wording

FACT = wording(
    ["When was GSOMIA restored?", "Did Seoul restore the pact?"],
    "South Korea fully restored GSOMIA on March 21, 2023.",
    "fully restored its military intelligence-sharing pact",
)


def test_surface_keeps_letters_and_digits_one_space_apart() -> None:
    assert surface("  When was GSOMIA   restored?!") == "when was gsomia restored"
    assert trigrams("ab") == frozenset({" ab", "ab "})


def test_a_misspelled_question_still_looks_like_its_phrasing() -> None:
    """ "gsomai restord" shares no word with the fact but most of its letters."""
    typo = asked("when was gsomai restord")
    other = asked("who won the world cup in qatar")
    assert shared(typo, FACT.text) > 0.6 > shared(other, FACT.text)
    assert similarity(typo, FACT) > similarity(other, FACT)


def test_the_exact_phrasing_is_a_perfect_match_and_the_answer_is_searched_apart() -> None:
    question = asked("When was GSOMIA restored?")
    assert similarity(question, FACT) == 1.0
    assert shared(question, FACT.text) == 1.0
    quoted = asked("military intelligence sharing")
    assert shared(quoted, FACT.text) < 0.5 < shared(quoted, FACT.answer) == 1.0


def test_an_empty_question_is_like_nothing() -> None:
    empty = asked("?!")
    assert similarity(empty, FACT) == 0.0
    assert shared(empty, FACT.text) == 0.0
