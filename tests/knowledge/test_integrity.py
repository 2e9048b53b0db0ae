"""Folder-wide rules: one archive, unique ids, facts point at posts, quotes are verbatim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .conftest import Loader, Writer
from .helpers import BODY, QUOTE, VALID, only_error, variant

ARCHIVE = VALID[: VALID.index("posts:")]
POSTS = VALID[VALID.index("posts:") : VALID.index("facts:")]
FACTS = VALID[VALID.index("facts:") :]


def test_posts_and_facts_in_separate_files(write: Writer, load: Loader) -> None:
    """A fact may cite a post defined in another file."""
    write("archive.yaml", ARCHIVE)
    write("posts/gsomia.yaml", POSTS)
    write("facts.yaml", FACTS)
    result = load()
    assert result.ok, [str(p) for p in result.errors]
    assert result.knowledge is not None
    assert result.knowledge.facts[0].file == "facts.yaml"


def test_duplicate_post_id_in_two_files(write: Writer, load: Loader) -> None:
    """The second definition of a post id is an error naming the first location."""
    write("a.yaml", VALID)
    write("b.yaml", POSTS)
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("b.yaml", 2, "posts[0].id")
    assert "duplicate post id 'gsomia-restored'" in error.message
    assert "a.yaml:5" in error.message


def test_duplicate_fact_id_in_two_files(write: Writer, load: Loader) -> None:
    """The second definition of a fact id is an error naming the first location."""
    write("a.yaml", VALID)
    write("b.yaml", FACTS)
    errors = load().errors
    assert [(e.path, e.line, e.field) for e in errors] == [("b.yaml", 2, "facts[0].id")]
    assert "a.yaml:17" in errors[0].message


def test_post_and_fact_may_share_an_id(write: Writer, load: Loader) -> None:
    """Posts and facts have separate id spaces."""
    write("a.yaml", variant("  - id: gsomia-fully-restored", "  - id: gsomia-restored"))
    assert load().ok


def test_fact_post_must_exist(write: Writer, load: Loader) -> None:
    """A fact citing an unknown post is an error at its `post` line, with a suggestion."""
    write("a.yaml", variant("    post: gsomia-restored", "    post: gsomia-restord"))
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 23, "facts[0].post")
    assert "no post with id 'gsomia-restord'" in error.message
    assert "did you mean 'gsomia-restored'" in error.message


def test_quote_with_different_case_is_an_error(write: Writer, load: Loader) -> None:
    """A quote that differs only in case is not verbatim; the message says so."""
    write(
        "a.yaml", variant("    quote: South Korea on Tuesday", "    quote: south korea on Tuesday")
    )
    error = only_error(load())
    assert (error.line, error.field) == (24, "facts[0].quote")
    assert "not verbatim in post 'gsomia-restored'" in error.message
    assert "upper/lower case" in error.message


def test_quote_with_changed_punctuation_is_an_error(write: Writer, load: Loader) -> None:
    """Punctuation must match exactly."""
    write(
        "a.yaml",
        variant("military intelligence-sharing pact\n", "military intelligence sharing pact\n"),
    )
    error = only_error(load())
    assert error.field == "facts[0].quote"


def test_quote_from_another_file_is_checked(write: Writer, load: Loader) -> None:
    """The verbatim rule also holds when the post lives in another file."""
    write("a.yaml", POSTS)
    write(
        "b.yaml",
        variant("    quote: South Korea on Tuesday", "    quote: North Korea on Tuesday", FACTS),
    )
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("b.yaml", 9, "facts[0].quote")


def test_quote_matching_after_whitespace_collapse(write: Writer, load: Loader) -> None:
    """Line breaks, double spaces and no-break spaces in the quote or post all compare equal."""
    posts = variant(
        BODY,
        '    body: "It is official now that\\u00a0the GSOMIA  has\\n now been restored '
        'between Tokyo and Seoul."',
        POSTS,
    )
    facts = variant(
        QUOTE,
        "    quote: |-\n      the GSOMIA has now\n      been restored\u00a0between   Tokyo",
        FACTS,
    )
    write("a.yaml", posts)
    write("b.yaml", facts)
    result = load()
    assert result.ok, [str(p) for p in result.errors]


def test_quote_matching_after_nfc(write: Writer, load: Loader) -> None:
    """A decomposed accent in the post matches the composed one in the quote."""
    posts = variant(
        "    body: It is official now", "    body: Caf\u0065\u0301 talk. It is official now", POSTS
    )
    facts = variant(
        QUOTE,
        "    quote: Caf\u00e9 talk.",
        FACTS,
    )
    write("a.yaml", posts + facts)
    assert load().ok


def test_quote_from_the_body(write: Writer, load: Loader) -> None:
    """A quote may come from the post's own body."""
    write(
        "a.yaml",
        variant(
            QUOTE,
            "    quote: restored between Tokyo and Seoul.",
        ),
    )
    assert load().ok


def test_two_archives_are_an_error(write: Writer, load: Loader) -> None:
    """A second archive is an error naming both files."""
    write("a.yaml", VALID)
    write("b.yaml", "archive:\n  name: Other\n  url: https://example.com/\n")
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("b.yaml", 2, "archive")
    assert "a.yaml:2" in error.message


def test_without_archive_the_folder_names_it(write: Writer, load: Loader, folder: Path) -> None:
    """Without an archive, its name is the folder's and its url is empty."""
    write("a.yaml", POSTS + FACTS)
    knowledge = load().knowledge
    assert knowledge is not None
    assert (knowledge.archive.name, knowledge.archive.url) == (folder.name, "")


def test_posts_are_newest_first(write: Writer, load: Loader) -> None:
    """Posts from several files come out newest first."""
    write("a.yaml", VALID)
    older = variant("  - id: gsomia-restored", "  - id: older", POSTS).replace(
        "2023-03-21", "2019-08-22"
    )
    write("b.yaml", older.replace("Officially Restore", "Suspend"))
    knowledge = load().knowledge
    assert knowledge is not None
    assert [p.id for p in knowledge.posts] == ["gsomia-restored", "older"]
    assert knowledge.date_range == (dt.date(2019, 8, 22), dt.date(2023, 3, 21))


def test_version_changes_with_content(write: Writer, load: Loader) -> None:
    """Knowledge.version is stable for the same files and changes when one changes."""
    write("a.yaml", VALID)
    first, again = load().knowledge, load().knowledge
    write("a.yaml", VALID.replace("Test archive", "Test archive 2"))
    changed = load().knowledge
    assert first is not None
    assert again is not None
    assert changed is not None
    assert first.version == again.version != changed.version
    assert len(first.version) == 12


def test_warning_for_future_post(write: Writer, load: Loader) -> None:
    """A post dated in the future loads with a warning."""
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    write("a.yaml", variant("    date: 2023-03-21\n    url", f"    date: {future}\n    url"))
    result = load()
    assert result.ok
    assert [(w.line, w.field, w.severity) for w in result.warnings] == [
        (5, "posts[0].date", "warning")
    ]
    assert "in the future" in str(result.warnings[0])
    assert ": warning: " in str(result.warnings[0])


def test_warning_for_post_without_facts(write: Writer, load: Loader) -> None:
    """A post that no fact cites loads with a warning."""
    write("a.yaml", POSTS)
    result = load()
    assert result.ok
    assert [(w.path, w.line, w.field) for w in result.warnings] == [("a.yaml", 2, "posts[0]")]


def test_warning_for_near_duplicate_titles(write: Writer, load: Loader) -> None:
    """Two posts with nearly the same title load with a warning on the later one."""
    write("a.yaml", VALID)
    other = variant("  - id: gsomia-restored", "  - id: gsomia-restored-again", POSTS)
    other = other.replace("Officially Restore", "Officialy Restore")
    facts = variant("  - id: gsomia-fully-restored", "  - id: again", FACTS)
    facts = facts.replace("post: gsomia-restored", "post: gsomia-restored-again")
    facts = facts.replace("When was GSOMIA restored?", "Who restored it?").replace(
        "Is the intelligence", "Was the intelligence"
    )
    write("b.yaml", other + facts)
    result = load()
    assert result.ok
    warnings = [w for w in result.warnings if w.field == "title"]
    assert len(warnings) == 1
    assert warnings[0].path == "b.yaml"
    assert "nearly the same title as post 'gsomia-restored'" in warnings[0].message


def test_warning_for_duplicate_question(write: Writer, load: Loader) -> None:
    """Two facts asking the same question (ignoring case and punctuation) give a warning."""
    write("a.yaml", VALID)
    facts = variant("  - id: gsomia-fully-restored", "  - id: second", FACTS)
    facts = facts.replace("When was GSOMIA restored?", "when was gsomia restored").replace(
        "Is the intelligence", "Was the intelligence"
    )
    write("b.yaml", facts)
    result = load()
    assert result.ok
    assert [(w.path, w.field) for w in result.warnings] == [("b.yaml", "questions")]
    assert "the same question as fact 'gsomia-fully-restored'" in result.warnings[0].message


def test_warning_for_near_duplicate_question(write: Writer, load: Loader) -> None:
    """A question differing by one typo from another fact's question gives a warning."""
    write("a.yaml", VALID)
    facts = variant("  - id: gsomia-fully-restored", "  - id: second", FACTS)
    facts = facts.replace(
        "Is the intelligence sharing pact with Japan back?",
        "Is the inteligence sharing pact with Japan back?",
    )
    facts = facts.replace("When was GSOMIA restored?", "Who decided it?")
    facts = facts.replace("Did Seoul and Tokyo restore GSOMIA?", "What did Moon decide?")
    write("b.yaml", facts)
    result = load()
    assert result.ok
    assert len(result.warnings) == 1
    assert "nearly the same question" in result.warnings[0].message


def test_same_question_twice_in_one_fact_is_not_warned(write: Writer, load: Loader) -> None:
    """Repeating a phrasing inside one fact is not a cross-fact duplicate."""
    write(
        "a.yaml",
        variant(
            "      - Is the intelligence sharing pact with Japan back?",
            "      - when was GSOMIA restored",
        ),
    )
    assert load().warnings == ()


def test_errors_across_files_are_all_reported(write: Writer, load: Loader) -> None:
    """Errors from several files are all reported, sorted by path and line."""
    write("b.yaml", variant("    date: 2023-03-21\n    url", "    date: 2023-02-30\n    url"))
    write("a.yaml", "posts:\n  - id: x\n")
    errors = load().errors
    assert [(e.path, e.line) for e in errors] == [
        ("a.yaml", 2),
        ("a.yaml", 2),
        ("a.yaml", 2),
        ("b.yaml", 7),
    ]


def test_duplicate_post_id_in_one_file(write: Writer, load: Loader) -> None:
    """Two posts with one id in the same file, even on one line, give one error."""
    post = "{id: twin, title: T, date: 2020-01-01, url: 'https://example.org/'}"
    write("a.yaml", f"posts: [{post}, {post}]\n")
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 1, "posts[1].id")
    assert "also defined at a.yaml:1" in error.message


def test_quote_mismatch_shows_where_it_stops_matching(write: Writer, load: Loader) -> None:
    """A changed word: the message names the text followed, the offset where the quote stops
    matching, and the differing words of the quote and of the post."""
    write(
        "a.yaml",
        variant(
            "restored its military intelligence-sharing pact\n",
            "restored its army intelligence-sharing pact\n",
        ),
    )
    error = only_error(load())
    assert error.message == (
        "the quote is not verbatim in post 'gsomia-restored' (its body or one of its quotes): "
        'it follows its quote 1 (Yonhap) for 42 characters ("…Korea on Tuesday fully restored '
        'its"), then the quote has "army intelligence-sharing pact" where the post has '
        '"military intelligence-sharing pact with…"; copy the words exactly (only whitespace '
        "may differ)"
    )


def test_quote_running_past_the_text_says_so(write: Writer, load: Loader) -> None:
    """A quote that goes on after the end of the post's text says where the text ends."""
    write("a.yaml", variant(QUOTE, BODY.replace("    body:", "    quote:") + " And more."))
    error = only_error(load())
    assert "where its body ends" in error.message
    assert '"And more."' in error.message


def test_quote_of_an_invalid_post_is_still_checked(write: Writer, load: Loader) -> None:
    """A post with a bad date does not hide that a fact's quote of it is not verbatim."""
    text = variant("    date: 2023-03-21\n    url", "    date: 2023-02-30\n    url")
    write(
        "a.yaml",
        variant("    quote: South Korea on Tuesday", "    quote: North Korea on Tuesday", text),
    )
    errors = load().errors
    assert [(e.line, e.field) for e in errors] == [(7, "posts[0].date"), (24, "facts[0].quote")]
    assert "not verbatim" in errors[1].message
