"""A reload through the in-memory cache reports exactly what a cold load reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import FileCache, LoadResult, crosscheck, load_knowledge
from bot.knowledge import loader as loader_module
from tests.knowledge.conftest import Writer


def _post_file(n: int, *, title: str | None = None, cite: str | None = None) -> str:
    """A file with post p<n> (quoted by fact f<n>), optionally citing another post too."""
    text = (
        f"posts:\n  - id: p{n}\n    title: {title or f'Post number {n} about topic {n}'}\n"
        f"    date: 2023-03-{n:02d}\n    url: https://example.org/p{n}/\n"
        f"    body: Post {n} says that the pact number {n} was restored on a Tuesday.\n"
        f"facts:\n  - id: f{n}\n    questions: [What happened to pact number {n}?]\n"
        f"    answer: Pact {n} was restored.\n    post: p{n}\n"
        f"    quote: the pact number {n} was restored\n"
    )
    if cite is not None:
        text += (
            f"  - id: g{n}\n    questions: [Which post is cited from file {n}?]\n"
            f"    answer: Another one.\n    post: {cite}\n"
            f"    quote: the pact number {cite[1:]} was restored\n"
        )
    return text


@pytest.fixture
def big_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the small test folder as large (no near-duplicate warnings), like a big archive."""
    monkeypatch.setattr(crosscheck, "NEAR_DUPLICATE_LIMIT", 1)


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the full folder-wide checks the loader runs."""
    calls: list[int] = []
    real = crosscheck.cross_check

    def spy(*args: object, **kwargs: object) -> crosscheck.CrossResult:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module, "cross_check", spy)
    return calls


@pytest.fixture
def archive_folder(folder: Path, write: Writer) -> Path:
    """Eight post files, the third citing the second post, the fifth titled like the first."""
    write("archive.yaml", "archive:\n  name: Test\n  url: https://example.org/\n")
    for n in range(1, 9):
        cite = "p2" if n == 3 else None
        title = "Post number 1 about topic 1" if n == 5 else None
        write(f"posts/p{n}.yaml", _post_file(n, title=title, cite=cite))
    return folder


def _problems(result: LoadResult) -> tuple[list[str], list[str]]:
    return [str(p) for p in result.errors], [str(p) for p in result.warnings]


def _reload_matches_cold(folder: Path, cache: FileCache) -> LoadResult:
    reloaded = load_knowledge(folder, cache=cache)
    cold = load_knowledge(folder)
    assert _problems(reloaded) == _problems(cold)
    assert (reloaded.knowledge is None) == (cold.knowledge is None)
    if reloaded.knowledge is not None and cold.knowledge is not None:
        assert reloaded.knowledge.posts == cold.knowledge.posts
        assert reloaded.knowledge.facts == cold.knowledge.facts
        assert dict(reloaded.knowledge.posts_by_id) == dict(cold.knowledge.posts_by_id)
        assert reloaded.knowledge.synonyms == cold.knowledge.synonyms
    return reloaded


def test_quote_no_longer_verbatim(big_enough: None, archive_folder: Path, write: Writer) -> None:
    """Editing a post so another file's quote of it no longer matches gives the cold error."""
    cache = FileCache()
    assert load_knowledge(archive_folder, cache=cache).ok
    write("posts/p2.yaml", _post_file(2).replace("was restored on", "got restored on", 1))
    result = _reload_matches_cold(archive_folder, cache)
    assert any("posts/p3.yaml" in e and "not verbatim" in e for e in _problems(result)[0])


def test_removed_post_cited_elsewhere(
    big_enough: None, archive_folder: Path, write: Writer
) -> None:
    """Removing a post that a fact in another file cites gives the cold 'no post' error."""
    cache = FileCache()
    assert load_knowledge(archive_folder, cache=cache).ok
    (archive_folder / "posts/p2.yaml").unlink()
    result = _reload_matches_cold(archive_folder, cache)
    assert any("no post with id 'p2'" in e for e in _problems(result)[0])


def test_new_duplicate_id_across_files(
    big_enough: None, archive_folder: Path, write: Writer
) -> None:
    """A new file reusing a post id and a fact id gives the cold duplicate-id errors."""
    cache = FileCache()
    assert load_knowledge(archive_folder, cache=cache).ok
    write("posts/p9.yaml", _post_file(4))
    result = _reload_matches_cold(archive_folder, cache)
    errors = _problems(result)[0]
    assert any("duplicate post id 'p4'" in e for e in errors)
    assert any("duplicate fact id 'f4'" in e for e in errors)


def test_fixed_error_then_valid_again(
    big_enough: None, archive_folder: Path, write: Writer
) -> None:
    """After an invalid reload, fixing the file gives the cold (valid) result again."""
    cache = FileCache()
    assert load_knowledge(archive_folder, cache=cache).ok
    (archive_folder / "posts/p2.yaml").unlink()
    assert not load_knowledge(archive_folder, cache=cache).ok
    write("posts/p2.yaml", _post_file(2))
    assert _reload_matches_cold(archive_folder, cache).ok


def test_incremental_warnings_match_cold(
    big_enough: None, archive_folder: Path, write: Writer, full_checks: list[int]
) -> None:
    """Warnings that edits add or remove are those of a cold load, with no full check."""
    cache = FileCache()
    assert load_knowledge(archive_folder, cache=cache).ok
    assert full_checks == [1]
    write("posts/p6.yaml", _post_file(6, title="Post number 1 about topic 1"))
    write("posts/p5.yaml", _post_file(5))
    write("posts/p7.yaml", _post_file(7).replace("pact number 7?", "pact number 8?"))
    loaded = _reload_matches_cold(archive_folder, cache)
    assert full_checks == [1, 1]  # the cold load's, not the reload's
    assert any("the same title as post 'p1'" in w for w in _problems(loaded)[1])
    assert any("fact 'f8' asks the same question as fact 'f7'" in w for w in _problems(loaded)[1])


def test_uncited_post_after_citing_file_changes(
    big_enough: None, archive_folder: Path, write: Writer
) -> None:
    """A post left uncited when the only fact citing it is removed gets the cold warning."""
    cache = FileCache()
    write("posts/p2.yaml", _post_file(2).split("facts:")[0])
    assert load_knowledge(archive_folder, cache=cache).ok
    write("posts/p3.yaml", _post_file(3))
    loaded = _reload_matches_cold(archive_folder, cache)
    assert any("no fact cites post 'p2'" in w for w in _problems(loaded)[1])


def test_event_after_an_edited_post_in_another_file(
    big_enough: None, archive_folder: Path, write: Writer, full_checks: list[int]
) -> None:
    """Moving a post's date before the event of a fact in another file gives the cold
    warning on that fact, with no full check."""
    write("posts/p3.yaml", _post_file(3, cite="p2") + "    date: 2023-03-02\n")
    cache = FileCache()
    assert load_knowledge(archive_folder, cache=cache).ok
    write("posts/p2.yaml", _post_file(2).replace("date: 2023-03-02", "date: 2023-03-01"))
    loaded = _reload_matches_cold(archive_folder, cache)
    assert full_checks == [1, 1]
    assert any(
        w.startswith("posts/p3.yaml:18: facts[1].date: warning: the event date 2023-03-02")
        for w in _problems(loaded)[1]
    )
