"""`validate`: problems on stderr one a line, a summary on stdout, exit 0/1/2."""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli.validate import run_validate

from .conftest import Writer
from .helpers import VALID


def run(folder: Path, **kwargs: int | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_validate(folder, stdout=out, stderr=err, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_valid_folder(folder: Path, write: Writer) -> None:
    """A valid folder exits 0 with the counts, dates and version on stdout."""
    write("a.yaml", VALID)
    code, out, err = run(folder)
    assert code == 0
    assert err == ""
    assert "archive: Test archive" in out
    assert "posts: 1" in out
    assert "facts: 1" in out
    assert "dates: 2023-03-21 to 2023-03-21" in out
    assert "version: " in out
    assert out.rstrip().endswith("valid")


def test_invalid_folder(folder: Path, write: Writer) -> None:
    """An invalid folder exits 1, prints each error on stderr and counts them on stdout."""
    write("a.yaml", VALID.replace("2023-03-21\n    url", "2023-02-30\n    url"))
    write("b.yaml", "posts: [\n")
    code, out, err = run(folder)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("a.yaml:7: posts[0].date: ")
    assert lines[1].startswith("b.yaml:")
    assert "invalid: 2 errors" in out


def test_warnings_do_not_fail(folder: Path, write: Writer) -> None:
    """Warnings go to stderr with `warning:` but the exit code stays 0."""
    write("a.yaml", VALID[: VALID.index("facts:")])
    code, _, err = run(folder)
    assert code == 0
    assert ": warning: " in err


def test_missing_folder_is_usage_error(tmp_path: Path) -> None:
    """A folder that does not exist exits 2 with a message on stderr."""
    code, out, err = run(tmp_path / "nope")
    assert code == 2
    assert "not found" in err
    assert out == ""


def test_a_path_that_is_neither_file_nor_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A missing file exits 2 and says so."""
    code, out, err = run(tmp_path / "missing.yaml")
    assert code == 2
    assert "not found" in err
    assert out == ""


def test_limits_are_passed_on(folder: Path, write: Writer) -> None:
    """max_file_bytes reaches the loader."""
    write("a.yaml", VALID)
    code, _, err = run(folder, max_file_bytes=100)
    assert code == 1
    assert "100-byte limit" in err


def test_empty_folder_is_valid_but_warned_about(folder: Path) -> None:
    """A folder without posts is valid (the format allows it) but stderr warns: wrong path?"""
    code, out, err = run(folder)
    assert code == 0
    assert out.rstrip().endswith("valid")
    assert f"{folder}: posts: warning: no posts found" in err


POSTS = VALID[: VALID.index("facts:")]
FACTS = VALID[VALID.index("facts:") :]


def test_one_post_file_is_checked_against_its_folder(folder: Path, write: Writer) -> None:
    """`validate FILE` on a post file: that file's counts, no problems (a fact elsewhere cites
    the post, so it is not "uncited"), exit 0."""
    posts = write("gsomia.yaml", POSTS)
    write("facts.yaml", FACTS)
    code, out, err = run(posts)
    assert (code, err) == (0, "")
    assert "file: gsomia.yaml" in out
    assert f"folder: {folder} (2 files)" in out
    assert "posts: 1\nfacts: 0" in out
    assert out.rstrip().endswith("valid")


def test_a_facts_file_is_checked_against_the_posts_of_its_folder(
    folder: Path, write: Writer
) -> None:
    """A facts file whose quote is not in the post of another file: that error, exit 1."""
    write("posts.yaml", POSTS)
    facts = write("facts.yaml", FACTS.replace("fully restored its military", "restored its"))
    code, out, err = run(facts)
    assert code == 1
    assert err.startswith("facts.yaml:9: facts[0].quote: the quote is not verbatim")
    assert "invalid: 1 error" in out


def test_other_files_errors_are_not_reported_but_noted(folder: Path, write: Writer) -> None:
    """Errors of the folder's other files are not printed and do not fail the file; a line
    says how many files have errors."""
    write("posts.yaml", POSTS)
    write("broken.yaml", "posts: [\n")
    facts = write("facts.yaml", FACTS)
    code, out, err = run(facts)
    assert (code, err) == (0, "")
    assert "other files with errors: 1 (validate the folder to see them)" in out


def test_a_file_in_a_subfolder_is_checked_against_the_knowledge_folder(
    folder: Path, write: Writer
) -> None:
    """With the knowledge folder given, a facts file in its subfolder finds posts anywhere in it."""
    write("posts/gsomia.yaml", POSTS)
    facts = write("facts/gsomia.yaml", FACTS)
    code, out, err = run(facts, knowledge_dir=folder)
    assert (code, err) == (0, "")
    assert "file: facts/gsomia.yaml" in out
    code, _, err = run(facts)  # without it: checked against facts/ alone
    assert code == 1
    assert "no post with id 'gsomia-restored'" in err


def test_an_ignored_file_is_checked_when_named(folder: Path, write: Writer) -> None:
    """A draft (`_draft.yaml`, skipped by the loader) is checked when named on purpose."""
    write("posts.yaml", POSTS)
    draft = write("_draft.yaml", FACTS.replace("post: gsomia-restored", "post: gsomia"))
    code, _, err = run(draft)
    assert code == 1
    assert err.startswith("_draft.yaml:8: facts[0].post: no post with id 'gsomia'")
