"""`validate`: problems on stderr one a line, a summary on stdout, exit 0/1/2."""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli.validate import run_validate

from .conftest import Writer
from .helpers import VALID


def run(folder: Path, **kwargs: int) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_validate(folder, stdout=out, stderr=err, **kwargs)
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


def test_file_is_usage_error(tmp_path: Path) -> None:
    """A file instead of a folder exits 2."""
    path = tmp_path / "a.yaml"
    path.write_text(VALID)
    assert run(path)[0] == 2


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
