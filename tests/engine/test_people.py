"""Who is X: the title the posts give a person, found however the member spells the name."""

from __future__ import annotations

import pytest

from bot.engine import Engine, Reply
from bot.engine.people import holders, role_words, titles
from bot.engine.quotes import ELLIPSIS
from bot.engine.text import collapse_spaces


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
        ("who is kang kyungwha", "The archive refers to Foreign Minister Kang Kyung-wha."),
        (
            "who is hwang jangyop",
            "The archive describes Hwang Jang-yop as the most senior North Korean figure"
            " to defect to South Korea.",
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


@pytest.mark.parametrize(
    "text",
    [
        "a ceremony at Kim Il Political University.\n\nHwang Jang-yop, the defector, said",
        "at Kim Il Political University Hwang Jang-yop said",
    ],
)
def test_capitalised_words_without_a_role_are_no_title(text: str) -> None:
    """The end of the paragraph before, or a place name, is no title of the person."""
    assert [m for m in titles("hwang jang-yop", [("t", text)]) if not m.described] == []


@pytest.mark.parametrize(
    ("name", "text", "described"),
    [
        (
            "hwang jang-yop",
            "Hwang Jang-yop, the most senior North Korean figure to defect to South Korea, said",
            "the most senior North Korean figure to defect to South Korea",
        ),
        (
            "chung eui-yong",
            "Chung Eui-yong, chief of the National Security Office (NSO), reiterated",
            "chief of the National Security Office",
        ),
        ("moon", "Moon, who met Esper, said", None),
    ],
)
def test_a_description_beside_the_name(name: str, text: str, described: str | None) -> None:
    found = titles(name, [("t", text)])
    assert [m.title for m in found if m.described] == ([described] if described else [])


def test_who_is_answered_from_a_description_without_facts(bare_engine: Engine) -> None:
    """No title before the name: the description beside it answers, verbatim."""
    result = bare_engine.answer("who is hwang jang-yop")
    assert isinstance(result, Reply), result
    assert result.answer == (
        "The archive describes Hwang Jang-yop as the most senior North Korean figure to "
        "defect to South Korea."
    )
    assert result.quote.startswith("Hwang Jang-yop, the most senior North Korean figure")


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("who is harris", "The archive refers to U.S. Ambassador Harry Harris."),
        ("who is yoon", "The archive refers to President Yoon Suk Yeol."),
        ("who is kang", "The archive refers to Foreign Minister Kang Kyung-wha."),
    ],
)
def test_who_is_a_surname_gets_the_fullest_title(
    real_engine: Engine, question: str, answer: str
) -> None:
    """ "Ambassador Harris" is said most often; the fuller title that holds it, with the
    rest of the name, says more."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.answer == answer


def test_a_credit_after_a_whole_name_is_no_part_of_it() -> None:
    found = titles("kim hyon-chong", [("t", "NSO second deputy chief Kim Hyon-chong Yonhap")])
    assert [m.title for m in found] == ["NSO second deputy chief Kim Hyon-chong"]


def test_holders_of_an_office() -> None:
    """Whoever the texts give an office, the most mentioned first; "Ambassador Harris" is
    "U.S. Ambassador Harry Harris"; a sentence's end is no part of a title; "us" is
    written "U.S."; a name is no office."""
    texts = [
        (1, "Ambassador Harris said so. U.S. Ambassador Harry Harris gives a tour."),
        (2, "They met in Tokyo. President Moon Jae-in and President Yoon Suk Yeol spoke."),
        (3, "Ambassador Harris said it again. President Moon Jae-in left."),
    ]
    ambassador = role_words("the us ambassador")
    assert ambassador == ["us", "ambassador"]
    assert [m.title for m in holders(ambassador, texts)] == ["U.S. Ambassador Harry Harris"]
    assert [m.title for m in holders(["ambassador"], texts)] == ["U.S. Ambassador Harry Harris"]
    presidents = [m.title for m in holders(["president"], texts)]
    assert presidents == ["President Moon Jae-in", "President Yoon Suk Yeol"]
    assert role_words("harry harris") is None
    assert holders(["foreign", "minister"], texts) == []


@pytest.mark.parametrize(
    ("question", "answer", "name"),
    [
        ("who is the foreign minister", "Foreign Minister Kang Kyung-wha", "Kang Kyung-wha"),
        ("who is the us defense secretary", "U.S. Defense Secretary Mark Esper", "Mark Esper"),
        ("who's the spokesperson", "Cheong Wa Dae spokesperson Ko Min-jung", "Ko Min-jung"),
        ("who is the president", "President Moon Jae-in and President Yoon", "Moon Jae-in"),
    ],
)
def test_who_holds_an_office(real_engine: Engine, question: str, answer: str, name: str) -> None:
    """ "Who is the foreign minister?" names whoever the posts give that title, quoting
    the post where they do (every one was "I don't know"). The spokesperson is named at
    the end of a sentence over 300 characters: the quote is its end, marked "…"."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert answer in result.answer
    assert name in result.quote
    post = next(p for p in real_engine.knowledge.posts if p.id == result.post_id)
    page = collapse_spaces(" ".join(text for text, _source in post.texts()))
    assert collapse_spaces(result.quote.strip(ELLIPSIS)) in page


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("hwang jang yop who", "The archive describes Hwang Jang-yop as the most senior"),
        ("esper who?", "U.S. Defense Secretary Mark Esper"),
        ("the foreign minister who", "Foreign Minister Kang Kyung-wha"),
    ],
)
def test_who_at_the_end(real_engine: Engine, question: str, answer: str) -> None:
    """ "hwang jang yop who" asks "who is hwang jang yop" (it was "the archive does not
    say who it was": his own name in the question is no answer to "who")."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert answer in result.answer


@pytest.mark.parametrize(
    ("question", "name"),
    [("who was the president in 2019", "Moon Jae-in"), ("who was the president in 2023", "Yoon")],
)
def test_who_held_an_office_then(real_engine: Engine, question: str, name: str) -> None:
    """ "Who was the president in 2019?" names the president the posts of 2019 name most
    (a 2023 post recalls President Moon as well; both were "I don't know" or off)."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert name in result.answer
    assert " and " not in result.answer
