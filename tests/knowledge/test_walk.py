"""Which files are read: extensions, ignored names, order, and safe symbolic links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge

from .conftest import Loader, Writer
from .helpers import VALID, only_error

BROKEN = "posts:\n  - id: broken\n"
"""A file that is invalid if read: it shows whether a path was read."""


def test_ignored_underscore_file(write: Writer, load: Loader) -> None:
    """A file starting with `_` is not read."""
    write("a.yaml", VALID)
    write("_draft.yaml", BROKEN)
    assert load().ok


def test_ignored_hidden_folder(write: Writer, load: Loader) -> None:
    """Nothing under a folder starting with `.` is read."""
    write("a.yaml", VALID)
    write(".hidden/b.yaml", BROKEN)
    write("_drafts/deep/c.yaml", BROKEN)
    write("sub/.d.yml", BROKEN)
    result = load()
    assert result.ok
    assert result.files == 1


def test_extensions_are_case_insensitive(write: Writer, load: Loader) -> None:
    """`.YAML` and `.yml` files are read, other extensions are not."""
    write("A.YAML", BROKEN)
    write("b.Yml", BROKEN)
    write("c.txt", BROKEN)
    write("d.yaml.bak", BROKEN)
    assert sorted({e.path for e in load().errors}) == ["A.YAML", "b.Yml"]


def test_files_are_read_in_sorted_path_order(write: Writer, load: Loader) -> None:
    """Files are read recursively in sorted relative-path order (folder a/ before a-b.yaml)."""
    post = (
        "posts:\n  - id: same\n    title: T\n    date: 2020-01-01\n    url: https://example.org/\n"
    )
    for name in ("b.yaml", "a/z.yaml", "a-b.yaml", "a/c/d.yaml"):
        write(name, post)
    errors = load().errors
    assert [e.path for e in errors] == ["a/z.yaml", "a-b.yaml", "b.yaml"]
    assert all("also defined at a/c/d.yaml:2" in e.message for e in errors)


def test_missing_folder_raises(tmp_path: Path) -> None:
    """A folder that does not exist raises FileNotFoundError."""
    with pytest.raises(FileNotFoundError):
        load_knowledge(tmp_path / "nope")


def test_file_instead_of_folder_raises(tmp_path: Path) -> None:
    """A file given as the folder raises NotADirectoryError."""
    path = tmp_path / "a.yaml"
    path.write_text(VALID)
    with pytest.raises(NotADirectoryError):
        load_knowledge(path)


def test_symlink_inside_is_followed(write: Writer, load: Loader, folder: Path) -> None:
    """A link to a file inside the folder is read under the link's own path."""
    write("_shared/post.yaml", VALID)
    (folder / "linked.yaml").symlink_to(folder / "_shared" / "post.yaml")
    result = load()
    assert result.ok
    assert result.knowledge is not None
    assert result.knowledge.posts[0].file == "linked.yaml"


def test_symlinked_folder_inside_is_followed(write: Writer, load: Loader, folder: Path) -> None:
    """A link to a folder inside the knowledge folder is walked."""
    write("_store/a.yaml", VALID)
    (folder / "posts").symlink_to(folder / "_store", target_is_directory=True)
    result = load()
    assert result.ok
    assert result.knowledge is not None
    assert result.knowledge.posts[0].file == "posts/a.yaml"


def test_symlink_outside_is_an_error(
    write: Writer, load: Loader, folder: Path, tmp_path: Path
) -> None:
    """A link leaving the folder is an error naming the link; its target is not read or shown."""
    secret = tmp_path / "secret-target.yaml"
    secret.write_text("posts:\n  - id: SECRET-CONTENT\n")
    write("a.yaml", VALID)
    (folder / "leak.yaml").symlink_to(secret)
    error = only_error(load())
    assert (error.path, error.field) == ("leak.yaml", "-")
    assert "outside the knowledge folder" in error.message
    assert "secret" not in str(error).replace("leak", "")
    assert "SECRET" not in str(error)


def test_symlinked_folder_outside_is_an_error(
    write: Writer, load: Loader, folder: Path, tmp_path: Path
) -> None:
    """A link to a folder outside is an error, and nothing in it is read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text(BROKEN)
    write("a.yaml", VALID)
    (folder / "more").symlink_to(outside, target_is_directory=True)
    error = only_error(load())
    assert error.path == "more"
    assert "outside" in error.message


def test_dangling_symlink_is_an_error(write: Writer, load: Loader, folder: Path) -> None:
    """A link to nothing is an error naming the link."""
    write("a.yaml", VALID)
    (folder / "gone.yaml").symlink_to(folder / "missing.yaml")
    error = only_error(load())
    assert error.path == "gone.yaml"
    assert "dangling" in error.message


def test_symlink_loop_is_an_error(write: Writer, load: Loader, folder: Path) -> None:
    """Two links pointing at each other are errors, not a hang."""
    write("a.yaml", VALID)
    (folder / "x.yaml").symlink_to(folder / "y.yaml")
    (folder / "y.yaml").symlink_to(folder / "x.yaml")
    errors = load().errors
    assert [e.path for e in errors] == ["x.yaml", "y.yaml"]
    assert all("loop" in e.message for e in errors)


def test_folder_link_to_ancestor_is_a_loop(write: Writer, load: Loader, folder: Path) -> None:
    """A folder link back to its parent is reported as a loop instead of walked forever."""
    write("sub/a.yaml", VALID)
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    error = only_error(load())
    assert error.path == "sub/up"
    assert "loop" in error.message


def test_fifo_is_not_read(write: Writer, load: Loader, folder: Path) -> None:
    """A named pipe called x.yaml is reported instead of blocking the load."""
    write("a.yaml", VALID)
    os.mkfifo(folder / "pipe.yaml")
    error = only_error(load())
    assert error.path == "pipe.yaml"
    assert "not a regular file" in error.message
