"""Restart fast paths: cached results rebuilt from plain tuples, the walk, the post order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

import bot.knowledge.cache as cache_module
from bot.knowledge import FileCache, load_knowledge
from bot.knowledge.fileresult import FileResult, from_plain, to_plain
from bot.knowledge.models import Archive, Knowledge, Post
from bot.knowledge.schema import check_file
from bot.knowledge.walk import walk_folder

from .conftest import Writer
from .helpers import VALID

RICH = VALID.replace(
    "posts:\n",
    "synonyms:\n  - [GSOMIA, intelligence pact]\nposts:\n  - id: second\n"
    "    title: Another post\n    date: 2023-02-30\n    url: https://example.org/second/\n",
)
"""An archive, synonyms, an invalid post (an error), a valid post with a quote, a fact."""


_FIELDS = (
    "path",
    "archive",
    "archive_line",
    "posts",
    "facts",
    "synonyms",
    "post_refs",
    "fact_refs",
    "problems",
    "title_keys",
    "question_keys",
    "question_counts",
    "summary",
)


def _checked(text: str) -> FileResult:
    return check_file("a.yaml", text.encode(), max_depth=32, max_file_bytes=1 << 20)


def test_plain_round_trip_gives_equal_result() -> None:
    """from_plain(to_plain(r)) equals r field by field, problems and summary included."""
    original = _checked(RICH)
    assert original.archive is not None
    assert original.synonyms
    assert original.posts
    assert original.facts
    assert original.problems
    restored = from_plain(to_plain(original))
    for name in _FIELDS:
        assert getattr(restored, name) == getattr(original, name), name


def test_restored_models_are_frozen_dataclasses() -> None:
    """Rebuilt posts are real frozen Post instances that compare, hash and replace normally."""
    restored = from_plain(to_plain(_checked(VALID))).posts[0]
    assert type(restored) is Post
    with pytest.raises(dataclasses.FrozenInstanceError):
        restored.title = "changed"  # type: ignore[misc]
    assert dataclasses.replace(restored, title="x").title == "x"
    assert hash(restored) == hash(_checked(VALID).posts[0])


def test_unknown_plain_format_is_rejected() -> None:
    """A plain tuple from another format version raises ValueError (the shard is then ignored)."""
    plain = to_plain(_checked(VALID))
    with pytest.raises(ValueError, match="format"):
        from_plain((999, *plain[1:]))


def test_cache_from_another_python_is_not_used(
    write: Writer, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards written by another Python (marshal) version are ignored: the files are parsed."""
    write("a.yaml", VALID)
    monkeypatch.setattr(cache_module, "_PYTHON", "other-python")
    load_knowledge(folder, cache=FileCache(tmp_path / "cache"))
    monkeypatch.undo()
    assert load_knowledge(folder, cache=FileCache(tmp_path / "cache")).parsed == 1


def test_walk_resumes_a_folder_after_its_subfolders(write: Writer, folder: Path) -> None:
    """Files after nested folders are still found, in sorted relative-path order."""
    names = ["a/1.yaml", "a/b/2.yaml", "a/c.yaml", "a/d/e/3.yaml", "a/z.yaml", "b.yaml"]
    for name in reversed(names):
        write(name, "posts: []\n")
    assert [f.relpath for f in walk_folder(folder).files] == names


def test_posts_are_ordered_by_date_then_id_newest_first() -> None:
    """Knowledge.create orders as the key (date, id) reversed, ids of any length included."""
    days = [dt.date(2020, 1, 1), dt.date(2020, 1, 2), dt.date(999, 5, 5)]
    ids = ["a", "a-b", "b", "B", "a0", ""]
    posts = [Post(i, "t", d, "u") for d in days for i in ids]
    expected = sorted(posts, key=lambda p: (p.date, p.id), reverse=True)
    assert Knowledge.create(Archive("n", ""), posts, ()).posts == tuple(expected)
