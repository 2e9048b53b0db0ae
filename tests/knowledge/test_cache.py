"""FileCache: unchanged files are not parsed again, in memory or from disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bot.knowledge.loader as loader_module
from bot.knowledge import FileCache, load_knowledge
from bot.knowledge.fileresult import FileResult
from bot.knowledge.schema import check_file

from .conftest import Writer
from .helpers import VALID

POST = "posts:\n  - id: {id}\n    title: Title {id}\n    date: 2020-01-0{n}\n    url: https://example.org/{id}\n"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Relative paths parsed by the loader, in order (check_file is wrapped)."""
    calls: list[str] = []

    def counting(path: str, data: bytes, *, max_depth: int, max_file_bytes: int) -> FileResult:
        calls.append(path)
        return check_file(path, data, max_depth=max_depth, max_file_bytes=max_file_bytes)

    monkeypatch.setattr(loader_module, "check_file", counting)
    return calls


@pytest.fixture
def three_files(write: Writer) -> None:
    """A valid folder of three files."""
    write("a.yaml", VALID)
    write("b.yaml", POST.format(id="b", n=2))
    write("c.yaml", POST.format(id="c", n=3))


@pytest.mark.usefixtures("three_files")
def test_second_load_reuses_unchanged_files(folder: Path, parsed: list[str]) -> None:
    """With the same FileCache, a second load parses nothing."""
    cache = FileCache()
    first = load_knowledge(folder, cache=cache)
    second = load_knowledge(folder, cache=cache)
    assert parsed == ["a.yaml", "b.yaml", "c.yaml"]
    assert (first.parsed, second.parsed) == (3, 0)
    assert first.knowledge is not None
    assert second.knowledge is not None
    assert first.knowledge.version == second.knowledge.version


@pytest.mark.usefixtures("three_files")
def test_changed_file_is_read_again(folder: Path, write: Writer, parsed: list[str]) -> None:
    """Only the file whose bytes changed is parsed on reload, and its change shows."""
    cache = FileCache()
    load_knowledge(folder, cache=cache)
    write("b.yaml", POST.format(id="b", n=2).replace("Title b", "New title"))
    result = load_knowledge(folder, cache=cache)
    assert parsed[3:] == ["b.yaml"]
    assert result.knowledge is not None
    assert result.knowledge.posts_by_id["b"].title == "New title"


@pytest.mark.usefixtures("three_files")
def test_touched_file_with_same_bytes_is_not_parsed(folder: Path, parsed: list[str]) -> None:
    """A new mtime with the same content is re-hashed but not re-parsed."""
    cache = FileCache()
    load_knowledge(folder, cache=cache)
    os.utime(folder / "c.yaml", ns=(1_000_000_000, 1_000_000_000))
    assert load_knowledge(folder, cache=cache).parsed == 0
    assert len(parsed) == 3


@pytest.mark.usefixtures("three_files")
def test_removed_file_is_forgotten(folder: Path) -> None:
    """A deleted file disappears from the next load and from the cache."""
    cache = FileCache()
    load_knowledge(folder, cache=cache)
    (folder / "c.yaml").unlink()
    result = load_knowledge(folder, cache=cache)
    assert result.knowledge is not None
    assert "c" not in result.knowledge.posts_by_id
    assert len(cache) == 2


@pytest.mark.usefixtures("three_files")
def test_cache_persists_to_disk(folder: Path, tmp_path: Path, parsed: list[str]) -> None:
    """A new FileCache on the same directory (a restart) parses nothing and gives equal models."""
    first = load_knowledge(folder, cache=FileCache(tmp_path / "cache"))
    second = load_knowledge(folder, cache=FileCache(tmp_path / "cache"))
    assert len(parsed) == 3
    assert second.parsed == 0
    assert first.knowledge is not None
    assert second.knowledge is not None
    assert second.knowledge.posts == first.knowledge.posts
    assert second.knowledge.facts == first.knowledge.facts
    assert second.knowledge.version == first.knowledge.version


def test_cached_problems_are_reported_again(folder: Path, write: Writer, tmp_path: Path) -> None:
    """An invalid file served from the disk cache still reports its errors."""
    write("a.yaml", VALID.replace("2023-03-21\n    url", "2023-02-30\n    url"))
    first = load_knowledge(folder, cache=FileCache(tmp_path / "cache"))
    second = load_knowledge(folder, cache=FileCache(tmp_path / "cache"))
    assert second.parsed == 0
    assert second.errors == first.errors
    assert len(second.errors) == 1


@pytest.mark.usefixtures("three_files")
def test_corrupt_cache_file_is_ignored(folder: Path, tmp_path: Path, parsed: list[str]) -> None:
    """Garbage in the cache directory is ignored: the files are parsed and loading succeeds."""
    cache_dir = tmp_path / "cache"
    load_knowledge(folder, cache=FileCache(cache_dir))
    shards = sorted(cache_dir.iterdir())
    assert shards
    for shard in shards:
        shard.write_bytes(b"\x80\x05not a pickle at all")
    result = load_knowledge(folder, cache=FileCache(cache_dir))
    assert result.ok
    assert result.parsed == 3
    assert load_knowledge(folder, cache=FileCache(cache_dir)).parsed == 0


@pytest.mark.usefixtures("three_files")
def test_cache_for_other_limits_is_not_used(folder: Path, tmp_path: Path) -> None:
    """Results cached under other limits are not reused (they could differ)."""
    load_knowledge(folder, cache=FileCache(tmp_path / "cache"))
    assert load_knowledge(folder, cache=FileCache(tmp_path / "cache"), max_depth=10).parsed == 3
