"""Who is X: the title the posts give a person, found however the member spells the name."""

from __future__ import annotations

import pytest

from bot.engine import Engine, Reply
from bot.engine.people import titles


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Presidential NSO second deputy chief Kim Hyon-chong Yonhap",
            "Presidential NSO second deputy chief Kim Hyon-chong",
        ),
        (
            "said National Security Office chief Kim Hyon-chong.",
            "National Security Office chief Kim Hyon-chong",
        ),
        ("as U.S. Defense Secretary Kim Hyon-chong said", "U.S. Defense Secretary Kim Hyon-chong"),
        ("a deputy Kim Hyon-chong said", None),
    ],
)
def test_titles_keep_the_rank_words_before_a_lowercase_role(text: str, title: str | None) -> None:
    found = titles("kim hyon chong", [("t", text)])
    assert [m.title for m in found] == ([title] if title else [])


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("who is mark espr", "The archive refers to U.S. Defense Secretary Mark Esper."),
        ("whos kishda", "The archive refers to Japanese Prime Minister Fumio Kishida."),
        (
            "who is kim hyon chong",
            "The archive refers to Presidential NSO second deputy chief Kim Hyon-chong.",
        ),
    ],
)
def test_who_is_a_misspelled_name(real_engine: Engine, question: str, answer: str) -> None:
    """A name typed with a typo is the name as the posts spell it; the title is whole."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.answer == answer
    name = answer.removesuffix(".").split()[-1]
    assert name in result.quote  # the verbatim passage that gives the title
