"""Warnings for things that load but are likely mistakes: a bare number where text is meant,
too few questions, an event dated after the post that reports it. Warnings never fail."""

from __future__ import annotations

import pytest

from .conftest import Loader, Writer
from .helpers import QUESTIONS, VALID, variant

ARCHIVE_AND_POSTS = VALID[: VALID.index("facts:")]
FACTS = VALID[VALID.index("facts:") :]
TITLE = "title: South Korea and Japan Officially Restore Intelligence Sharing Pact"
ANSWER = "answer: South Korea fully restored GSOMIA with Japan on March 21, 2023."


def warnings_of(load: Loader) -> list[str]:
    result = load()
    assert result.ok, [str(p) for p in result.errors]
    return [str(w) for w in result.warnings]


def test_the_valid_example_has_no_warnings(write: Writer, load: Loader) -> None:
    """The example file (three questions, event on the post's day) loads without warnings."""
    write("a.yaml", VALID)
    assert warnings_of(load) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (QUESTIONS, "    questions: 5\n", "a.yaml:18: facts[0].questions: warning: "),
        (TITLE, "title: 12", "a.yaml:6: posts[0].title: warning: "),
        (ANSWER, "answer: 1.5", "a.yaml:22: facts[0].answer: warning: "),
        (ANSWER, "answer: ~", "a.yaml:22: facts[0].answer: warning: "),
    ],
)
def test_a_bare_number_where_text_is_meant_is_warned_about(
    write: Writer, load: Loader, old: str, new: str, expected: str
) -> None:
    """`questions: 5` or `title: 12` loads as text (the format reads every scalar as text) but
    is named with its file, line and field, and the way to keep it."""
    write("a.yaml", variant(old, new))
    found = [w for w in warnings_of(load) if w.startswith(expected) and "not text" in w]
    assert len(found) == 1, warnings_of(load)
    assert "put it in quotes" in found[0]


def test_a_quoted_number_is_taken_as_meant(write: Writer, load: Loader) -> None:
    """`title: "1984"` is a title on purpose: no warning."""
    write("a.yaml", variant(TITLE, 'title: "1984"'))
    assert warnings_of(load) == []


def test_a_list_where_text_is_required_is_an_error(write: Writer, load: Loader) -> None:
    """`answer: [a]` is an error naming file, line and field."""
    write("a.yaml", variant(ANSWER, "answer: [a]"))
    (error,) = load().errors
    assert str(error) == "a.yaml:22: facts[0].answer: expected text, got a list"


def test_fewer_than_three_questions_is_warned_about(write: Writer, load: Loader) -> None:
    """A fact with two questions loads, with a warning at its questions."""
    write("a.yaml", variant("      - Did Seoul and Tokyo restore GSOMIA?\n", ""))
    assert warnings_of(load) == [
        "a.yaml:18: facts[0].questions: warning: only 2 questions; write at least 3 ways "
        "a reader would ask, so that more questions find this fact"
    ]


def test_a_single_question_as_text_is_warned_about(write: Writer, load: Loader) -> None:
    """`questions: When was it?` (one question as plain text) is one question: a warning."""
    write("a.yaml", variant(QUESTIONS, "    questions: When was GSOMIA restored?\n"))
    (warning,) = warnings_of(load)
    assert warning.startswith("a.yaml:18: facts[0].questions: warning: only 1 question;")


def test_an_event_after_its_posts_date_is_warned_about(write: Writer, load: Loader) -> None:
    """A fact dated after the post that reports it loads, with a warning at the fact's date."""
    write("a.yaml", variant("    date: 2023-03-21\n", "    date: 2023-04-02\n", FACTS))
    write("posts.yaml", ARCHIVE_AND_POSTS)
    assert warnings_of(load) == [
        "a.yaml:10: facts[0].date: warning: the event date 2023-04-02 is after the date of its "
        "post 'gsomia-restored' (2023-03-21); fine for an event the post announces, "
        "otherwise check the date"
    ]


def test_an_event_after_its_posts_date_in_the_same_file(write: Writer, load: Loader) -> None:
    """The same warning when the post is in the fact's own file."""
    assert VALID.endswith("    date: 2023-03-21\n")
    write("a.yaml", VALID.removesuffix("    date: 2023-03-21\n") + "    date: 2024\n")
    (warning,) = warnings_of(load)
    assert warning.startswith("a.yaml:25: facts[0].date: warning: the event date 2024 is after")


@pytest.mark.parametrize("date", ["2023-03-21", "2023-03", "2023", "2019-11-10"])
def test_an_event_on_or_before_its_post_is_not_warned_about(
    write: Writer, load: Loader, date: str
) -> None:
    """An event dated the post's day, or a month or year that holds it, or earlier: no warning."""
    write("a.yaml", variant("    date: 2023-03-21\n", f"    date: {date}\n", FACTS))
    write("posts.yaml", ARCHIVE_AND_POSTS)
    assert warnings_of(load) == []
