"""YAML syntax errors: the right line and field, a hint a curator can act on, and every
error of the file in one pass."""

from __future__ import annotations

from .conftest import Loader, Writer
from .helpers import VALID, only_error, variant

SECOND_FACT = """\
  - id: second-fact
    questions: [Is it back?, Was it restored?, Did it come back?]
    answer: It is back.
    post: gsomia-restored
    quote: South Korea on Tuesday fully restored
"""
TWO_FACTS = VALID + SECOND_FACT
"""The valid file with a second fact (facts[1], lines 26-30)."""


def test_tab_before_a_key_names_that_key(write: Writer, load: Loader) -> None:
    """A tab indenting `title` is blamed on posts[0].title, not on the `id` above it."""
    write("a.yaml", variant("    title: South", "\ttitle: South"))
    error = only_error(load())
    assert (error.line, error.field) == (6, "posts[0].title")
    assert "tab" in error.message
    assert "spaces" in error.message


def test_tab_in_the_second_fact_names_that_fact(write: Writer, load: Loader) -> None:
    """A tab-indented `answer` in the second fact is facts[1].answer."""
    write("a.yaml", variant("    answer: It is back.", "\tanswer: It is back.", TWO_FACTS))
    error = only_error(load())
    assert (error.line, error.field) == (28, "facts[1].answer")
    assert "tab" in error.message


def test_colon_in_a_plain_value_hints_at_quotes(write: Writer, load: Loader) -> None:
    """`answer: Note: ...` names the answer and shows the value in quotes."""
    write("a.yaml", variant("answer: South Korea fully", "answer: Note: South Korea fully"))
    error = only_error(load())
    assert (error.line, error.field) == (22, "facts[0].answer")
    assert "': '" in error.message
    assert 'answer: "Note: South Korea' in error.message


def test_under_indented_key_of_the_last_fact_names_that_fact(write: Writer, load: Loader) -> None:
    """A key indented one space short in the second (last) fact is facts[1].date, not facts[2]."""
    write("a.yaml", TWO_FACTS + "   date: 2023-03-21\n")
    error = only_error(load())
    assert (error.line, error.field) == (31, "facts[1].date")
    assert "indent" in error.message
    assert "'quote'" in error.message


def test_under_indented_key_of_the_only_post_names_that_post(write: Writer, load: Loader) -> None:
    """A key indented one space short in the only post is posts[0].date, not posts[1]."""
    write("a.yaml", variant("    date: 2023-03-21\n    url", "   date: 2023-03-21\n    url"))
    error = only_error(load())
    assert (error.line, error.field) == (7, "posts[0].date")
    assert "indent" in error.message


def test_over_indented_key_is_an_indentation_error(write: Writer, load: Loader) -> None:
    """A key indented one space too far is named, with an indentation hint (not a quote hint)."""
    write("a.yaml", variant("    date: 2023-03-21\n    url", "     date: 2023-03-21\n    url"))
    error = only_error(load())
    assert (error.line, error.field) == (7, "posts[0].date")
    assert "indent" in error.message
    assert "quotes" not in error.message


def test_unclosed_quote_is_reported_where_it_opens(write: Writer, load: Loader) -> None:
    """A value whose quote is never closed is reported on its own line, not at the file's end."""
    write("a.yaml", variant("answer: It is back.", 'answer: "It is back.', TWO_FACTS))
    error = only_error(load())
    assert (error.line, error.field) == (28, "facts[1].answer")
    assert "closing quote" in error.message


def test_unclosed_list_names_the_list(write: Writer, load: Loader) -> None:
    """A flow list without its `]` names the list field, not a fourth item."""
    write("a.yaml", variant("Did it come back?]", "Did it come back?", TWO_FACTS))
    error = only_error(load())
    assert (error.line, error.field) == (27, "facts[1].questions")
    assert "]" in error.message


def test_missing_colon_hints_at_key_value(write: Writer, load: Loader) -> None:
    """A line without `: ` in a mapping says a key needs `: ` after it."""
    write("a.yaml", TWO_FACTS + "    date 2023-03-21\n")
    error = only_error(load())
    assert error.line == 31
    assert error.field.startswith("facts[1]")
    assert "':'" in error.message


def test_every_syntax_error_of_a_file_is_reported(write: Writer, load: Loader) -> None:
    """A tab on one line and a colon in a value further down are both reported in one load."""
    text = variant("    title: South", "\ttitle: South")
    text = variant("answer: South Korea fully", "answer: Note: South Korea fully", text)
    write("a.yaml", text)
    errors = load().errors
    assert [(e.line, e.field) for e in errors] == [(6, "posts[0].title"), (22, "facts[0].answer")]


def test_field_errors_after_a_syntax_error_are_reported(write: Writer, load: Loader) -> None:
    """A syntax error does not hide a wrong date elsewhere in the same file."""
    text = variant("    title: South", "\ttitle: South")
    text = variant("    date: 2023-03-21\n    url", "    date: 2023-02-30\n    url", text)
    write("a.yaml", text)
    errors = load().errors
    assert [(e.line, e.field) for e in errors] == [(6, "posts[0].title"), (7, "posts[0].date")]
    assert "not a real calendar date" in errors[1].message


def test_a_syntax_error_does_not_hide_the_files_posts(write: Writer, load: Loader) -> None:
    """A fact in another file citing a post of a file with a syntax error gets no false
    "no post with id" error: only the syntax error is reported."""
    write("a.yaml", variant("    title: South", "\ttitle: South", VALID[: VALID.index("facts:")]))
    write("b.yaml", VALID[VALID.index("facts:") :])
    errors = load().errors
    assert [(e.path, e.field) for e in errors] == [("a.yaml", "posts[0].title")]


def test_list_item_without_a_space_after_its_dash(write: Writer, load: Loader) -> None:
    """`-id: x` starts a new item missing its space: named as that item, with the hint."""
    write("a.yaml", TWO_FACTS + "  -id: third\n")
    errors = load().errors
    assert (errors[0].line, errors[0].field) == (31, "facts[2].id")
    assert "space after its '-'" in errors[0].message


def test_no_error_is_made_up_past_an_error_it_cannot_mend(write: Writer, load: Loader) -> None:
    """A stray `{` before `questions:` is reported alone: reading stops there rather than
    guess, so no false "missing questions" or bad-id error follows."""
    write("a.yaml", variant("    questions:\n", " {   questions:\n"))
    (error,) = load().errors
    assert (error.line, error.message.startswith("YAML syntax error")) == (18, True)


def test_warnings_after_a_syntax_error_are_reported_too(write: Writer, load: Loader) -> None:
    """Past a tab the file is read on: a fact with two questions still gets its warning."""
    text = variant("      - Did Seoul and Tokyo restore GSOMIA?\n", "")
    write("a.yaml", variant("    title: South", "\ttitle: South", text))
    result = load()
    assert [e.field for e in result.errors] == ["posts[0].title"]
    assert [w.field for w in result.warnings] == ["facts[0].questions"]
