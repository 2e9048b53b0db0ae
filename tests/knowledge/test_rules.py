"""Every rule of the knowledge format, each broken once, located by file, line and field."""

from __future__ import annotations

import pytest

from .conftest import Loader, Writer
from .helpers import QUESTIONS, QUOTE, VALID, only_error, variant


def test_valid_example_loads(write: Writer, load: Loader) -> None:
    """The contract's example loads into one post and one fact with all fields."""
    write("a.yaml", VALID)
    result = load()
    assert result.ok, [str(p) for p in result.errors]
    knowledge = result.knowledge
    assert knowledge is not None
    post, fact = knowledge.posts[0], knowledge.facts[0]
    assert (post.id, post.date.isoformat(), post.tags, post.file, post.line) == (
        "gsomia-restored",
        "2023-03-21",
        ("GSOMIA", "Japan"),
        "a.yaml",
        5,
    )
    assert post.quotes[0].source == "Yonhap"
    assert post.quotes[0].text.endswith("the foreign ministry said.")
    assert (fact.id, fact.post, fact.date, fact.line) == (
        "gsomia-fully-restored",
        "gsomia-restored",
        "2023-03-21",
        17,
    )
    assert knowledge.archive.url == "https://example.org/tag/gsomia/"
    assert knowledge.posts_by_id["gsomia-restored"] is post


@pytest.mark.parametrize(
    ("line_text", "line", "field"),
    [
        (
            "    title: South Korea and Japan Officially Restore Intelligence Sharing Pact\n",
            5,
            "posts[0].title",
        ),
        ("    date: 2023-03-21\n    url", 5, "posts[0].date"),
        ("    url: https://example.org/2023/03/gsomia-restored/\n", 5, "posts[0].url"),
        (
            "    answer: South Korea fully restored GSOMIA with Japan on March 21, 2023.\n",
            17,
            "facts[0].answer",
        ),
        ("    post: gsomia-restored\n", 17, "facts[0].post"),
        (
            QUOTE + "\n",
            17,
            "facts[0].quote",
        ),
    ],
)
def test_missing_required_field(
    write: Writer, load: Loader, line_text: str, line: int, field: str
) -> None:
    """A missing required field is reported at the line of the entry lacking it."""
    replacement = "    url" if line_text.endswith("url") else ""
    write("a.yaml", variant(line_text, replacement))
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", line, field)
    assert "missing required field" in error.message


def test_missing_questions(write: Writer, load: Loader) -> None:
    """A fact without questions is an error at the fact's line."""
    write(
        "a.yaml",
        variant(
            QUESTIONS,
            "",
        ),
    )
    error = only_error(load())
    assert (error.line, error.field) == (17, "facts[0].questions")


def test_missing_archive_name(write: Writer, load: Loader) -> None:
    """An archive without a name is an error at the archive's line."""
    write("a.yaml", variant("  name: Test archive\n", ""))
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 2, "archive.name")


def test_empty_title(write: Writer, load: Loader) -> None:
    """An empty string in a required field is an error at its line."""
    write(
        "a.yaml",
        variant(
            "title: South Korea and Japan Officially Restore Intelligence Sharing Pact",
            'title: "  "',
        ),
    )
    error = only_error(load())
    assert (error.line, error.field) == (6, "posts[0].title")
    assert "may not be empty" in error.message


def test_empty_questions_list(write: Writer, load: Loader) -> None:
    """An empty list in a required list field is an error."""
    write(
        "a.yaml",
        variant(
            QUESTIONS,
            "    questions: []\n",
        ),
    )
    error = only_error(load())
    assert (error.line, error.field) == (18, "facts[0].questions")
    assert "may not be empty" in error.message


def test_empty_question_item(write: Writer, load: Loader) -> None:
    """An empty item inside questions is an error naming its index."""
    write("a.yaml", variant("      - When was GSOMIA restored?\n", "      - ''\n"))
    error = only_error(load())
    assert (error.line, error.field) == (19, "facts[0].questions[0]")


def test_title_must_be_text(write: Writer, load: Loader) -> None:
    """A list where text is expected is an error naming both kinds."""
    write(
        "a.yaml",
        variant(
            "title: South Korea and Japan Officially Restore Intelligence Sharing Pact",
            "title: [a, b]",
        ),
    )
    error = only_error(load())
    assert (error.line, error.field) == (6, "posts[0].title")
    assert "expected text, got a list" in error.message


@pytest.mark.parametrize(
    "bad", ["GSOMIA-Restored", "-gsomia", "gsomia_restored", "gsomia restored"]
)
def test_bad_post_slug(write: Writer, load: Loader, bad: str) -> None:
    """A post id that is not a lowercase slug is an error at the id's line."""
    text = variant("  - id: gsomia-restored\n", f"  - id: '{bad}'\n").replace(
        "post: gsomia-restored", f"post: '{bad}'"
    )
    write("a.yaml", text)
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 5, "posts[0].id")
    assert "not a valid id" in error.message


def test_bad_fact_slug(write: Writer, load: Loader) -> None:
    """Fact ids follow the same slug pattern."""
    write("a.yaml", variant("  - id: gsomia-fully-restored", "  - id: Fully.Restored"))
    error = only_error(load())
    assert (error.line, error.field) == (17, "facts[0].id")


def test_impossible_post_date(write: Writer, load: Loader) -> None:
    """2023-02-30 is an error, not a crash."""
    write("a.yaml", variant("    date: 2023-03-21\n    url", "    date: 2023-02-30\n    url"))
    error = only_error(load())
    assert (error.line, error.field) == (7, "posts[0].date")
    assert "not a real calendar date" in error.message


@pytest.mark.parametrize(
    "bad", ["2023-3-21", "21.03.2023", "2023-03", "March 21, 2023", "２０２３-03-21"]
)
def test_post_date_format(write: Writer, load: Loader, bad: str) -> None:
    """A post date must be written YYYY-MM-DD."""
    write("a.yaml", variant("    date: 2023-03-21\n    url", f"    date: '{bad}'\n    url"))
    error = only_error(load())
    assert (error.line, error.field) == (7, "posts[0].date")
    assert "YYYY-MM-DD" in error.message


@pytest.mark.parametrize("good", ["2023-03-21", "2023-03", "2023"])
def test_fact_date_precisions(write: Writer, load: Loader, good: str) -> None:
    """A fact date may be a day, a month or a year."""
    write(
        "a.yaml",
        variant("    date: 2023-03-21\n", f"    date: {good}\n", VALID[VALID.index("facts:") :])
        + VALID[: VALID.index("facts:")],
    )
    result = load()
    assert result.ok, [str(p) for p in result.errors]
    assert result.knowledge is not None
    assert result.knowledge.facts[0].date == good


@pytest.mark.parametrize("bad", ["2023-13", "2023-02-29", "0000", "23-03"])
def test_bad_fact_date(write: Writer, load: Loader, bad: str) -> None:
    """A fact date that is no real month, day or year is an error."""
    facts = variant(
        "    date: 2023-03-21\n", f"    date: '{bad}'\n", VALID[VALID.index("facts:") :]
    )
    write("a.yaml", VALID[: VALID.index("facts:")] + facts)
    error = only_error(load())
    assert (error.line, error.field) == (25, "facts[0].date")


@pytest.mark.parametrize(
    "bad",
    [
        "example.org/x",
        "ftp://example.org/x",
        "https:///path",
        "/relative",
        "https://exa mple.org/",
        "javascript:alert(1)",
    ],
)
def test_bad_post_url(write: Writer, load: Loader, bad: str) -> None:
    """A post url must be an absolute http(s) URL with a host."""
    write(
        "a.yaml",
        variant("    url: https://example.org/2023/03/gsomia-restored/", f"    url: '{bad}'"),
    )
    error = only_error(load())
    assert (error.line, error.field) == (8, "posts[0].url")


def test_bad_source_url(write: Writer, load: Loader) -> None:
    """A quote's source_url is checked like any URL, with its dotted path."""
    write(
        "a.yaml",
        variant(
            "      - source: Yonhap\n",
            "      - source: Yonhap\n        source_url: www.yna.co.kr\n",
        ),
    )
    error = only_error(load())
    assert (error.line, error.field) == (13, "posts[0].quotes[0].source_url")


def test_missing_quote_text(write: Writer, load: Loader) -> None:
    """A post quote without text is an error at the quote's line."""
    write(
        "a.yaml",
        variant("      - source: Yonhap\n", "      - source: Reuters\n      - source: Yonhap\n"),
    )
    error = only_error(load())
    assert (error.line, error.field) == (12, "posts[0].quotes[0].text")


def test_answer_of_300_characters_is_allowed(write: Writer, load: Loader) -> None:
    """An answer of exactly 300 code points (emoji count as one) is fine."""
    answer = "가" * 299 + "🎉"
    write(
        "a.yaml",
        variant(
            "    answer: South Korea fully restored GSOMIA with Japan on March 21, 2023.",
            f"    answer: {answer}",
        ),
    )
    assert load().ok


def test_answer_of_301_characters_is_an_error(write: Writer, load: Loader) -> None:
    """An answer of 301 characters is an error at its line."""
    write(
        "a.yaml",
        variant(
            "    answer: South Korea fully restored GSOMIA with Japan on March 21, 2023.",
            "    answer: " + "a" * 301,
        ),
    )
    error = only_error(load())
    assert (error.line, error.field) == (22, "facts[0].answer")
    assert "301" in error.message
    assert "300" in error.message


def test_unknown_field_typo(write: Writer, load: Loader) -> None:
    """A misspelt field is an error with a suggestion, not silently ignored."""
    write("a.yaml", variant("    tags: [GSOMIA, Japan]", "    tgas: [GSOMIA, Japan]"))
    error = only_error(load())
    assert (error.line, error.field) == (9, "posts[0].tgas")
    assert "unknown field 'tgas'" in error.message
    assert "did you mean 'tags'" in error.message


def test_unknown_quote_field(write: Writer, load: Loader) -> None:
    """Unknown fields inside a post's quote are errors too."""
    write("a.yaml", variant("      - source: Yonhap", "      - sourse: Yonhap"))
    error = only_error(load())
    assert (error.line, error.field) == (12, "posts[0].quotes[0].sourse")


def test_unknown_top_level_key(write: Writer, load: Loader) -> None:
    """A top-level key other than archive/posts/facts/synonyms is an error."""
    write("a.yaml", VALID + "fatcs: []\n")
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 26, "fatcs")
    assert "unknown top-level key 'fatcs'" in error.message
    assert "did you mean 'facts'" in error.message


def test_merge_key_is_explained(write: Writer, load: Loader) -> None:
    """A YAML merge key (<<) is an error that says merge keys are not supported."""
    write("a.yaml", variant("    tags: [GSOMIA, Japan]", "    <<: {tags: [GSOMIA]}"))
    error = only_error(load())
    assert "merge keys" in error.message


def test_questions_and_tags_accept_a_plain_string(write: Writer, load: Loader) -> None:
    """A single question or tag may be written as a plain string."""
    text = variant(
        QUESTIONS,
        "    questions: When was GSOMIA restored?\n",
    )
    write("a.yaml", variant("    tags: [GSOMIA, Japan]", "    tags: GSOMIA", text))
    knowledge = load().knowledge
    assert knowledge is not None
    assert knowledge.facts[0].questions == ("When was GSOMIA restored?",)
    assert knowledge.posts[0].tags == ("GSOMIA",)


def test_posts_must_be_a_list(write: Writer, load: Loader) -> None:
    """`posts` written as a single mapping is an error at its line."""
    write("a.yaml", "posts:\n  id: a\n")
    error = only_error(load())
    assert (error.line, error.field) == (2, "posts")
    assert "expected a list of posts" in error.message


def test_post_must_be_a_mapping(write: Writer, load: Loader) -> None:
    """A post written as text is an error naming its index."""
    write("a.yaml", "posts:\n  - just a title\n")
    error = only_error(load())
    assert (error.line, error.field) == (2, "posts[0]")


def test_all_errors_are_reported(write: Writer, load: Loader) -> None:
    """Several broken fields give one error each, in line order."""
    text = variant("    date: 2023-03-21\n    url", "    date: 2023-02-30\n    url")
    text = variant("  - id: gsomia-fully-restored", "  - id: Bad_Id", text)
    write("a.yaml", variant("    tags: [GSOMIA, Japan]", "    tgas: [GSOMIA, Japan]", text))
    assert [(e.line, e.field) for e in load().errors] == [
        (7, "posts[0].date"),
        (9, "posts[0].tgas"),
        (17, "facts[0].id"),
    ]


def test_problem_prints_as_path_line_field_message(write: Writer, load: Loader) -> None:
    """A problem prints as `path:line: field: message`, the path relative to the folder."""
    write("sub/a.yaml", variant("    date: 2023-03-21\n    url", "    date: 2023-02-30\n    url"))
    assert str(only_error(load())).startswith(
        "sub/a.yaml:7: posts[0].date: not a real calendar date"
    )


def test_synonyms_extension(write: Writer, load: Loader) -> None:
    """Synonym groups from every file are merged into Knowledge.synonyms, in file order."""
    write("a.yaml", VALID + "synonyms:\n  - [GSOMIA, intelligence-sharing pact]\n")
    write(
        "b.yaml",
        "synonyms:\n  - [Seoul, South Korea, ROK]\n  - [GSOMIA, intelligence-sharing pact]\n",
    )
    knowledge = load().knowledge
    assert knowledge is not None
    assert knowledge.synonyms == (
        ("GSOMIA", "intelligence-sharing pact"),
        ("Seoul", "South Korea", "ROK"),
    )


def test_synonym_group_needs_two_entries(write: Writer, load: Loader) -> None:
    """A synonym group with one word is an error at its line."""
    write("a.yaml", "synonyms:\n  - [GSOMIA]\n")
    error = only_error(load())
    assert (error.line, error.field) == (2, "synonyms[0]")


def test_synonym_entries_must_be_text(write: Writer, load: Loader) -> None:
    """An empty or nested synonym entry is an error naming its index."""
    write("a.yaml", "synonyms:\n  - [GSOMIA, '']\n")
    error = only_error(load())
    assert (error.line, error.field) == (2, "synonyms[0][1]")


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        (
            "    answer: South Korea fully restored GSOMIA with Japan on March 21, 2023.",
            "    answer: 'TODO(curator): one sentence'",
            22,
            "facts[0].answer",
        ),
        (QUOTE, "    quote: TODO(curator) copy a passage", 24, "facts[0].quote"),
        (
            "      - Is the intelligence sharing pact with Japan back?",
            "      - TODO(curator)",
            20,
            "facts[0].questions[1]",
        ),
    ],
)
def test_a_draft_marker_left_in_a_value_is_an_error(
    write: Writer, load: Loader, old: str, new: str, line: int, field: str
) -> None:
    """A value still holding a draft's TODO(curator) is refused, naming file, line and field."""
    write("a.yaml", variant(old, new))
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", line, field)
    assert "draft marker TODO(curator)" in error.message
