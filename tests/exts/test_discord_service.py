"""ArchiveService: reload swaps a whole new engine in, or keeps the old one serving."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from pathlib import Path

import pytest

from bot.knowledge import LoadResult, Problem
from bot.knowledge.models import Knowledge
from bot.service import ArchiveService, EngineLike, StartupError
from bot.settings import Settings
from tests.exts.fakes import FakeEngine, make_knowledge, make_post


class Loads:
    """A loader that returns queued results, one per call."""

    def __init__(self, *results: LoadResult | Exception) -> None:
        self.results = list(results)

    def __call__(self) -> LoadResult:
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def ok(knowledge: Knowledge) -> LoadResult:
    return LoadResult(knowledge, (), ())


def failed(*problems: Problem) -> LoadResult:
    return LoadResult(None, problems, ())


def build(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
    return FakeEngine(knowledge)


def make_service(*results: LoadResult | Exception) -> ArchiveService:
    return ArchiveService(FakeEngine(make_knowledge("v1")), loader=Loads(*results), builder=build)


async def test_reload_swaps_in_the_new_engine() -> None:
    """After a good reload the service serves the new knowledge."""
    service = make_service(ok(make_knowledge("v2", posts=3)))
    report = await service.reload()
    assert report.ok
    assert service.knowledge.version == "v2"
    assert len(service.knowledge.posts) == 3


async def test_reload_reports_added_removed_and_changed() -> None:
    """The report counts posts and facts added, removed and changed, and both versions."""
    old = make_knowledge("v1", posts=2, facts=3)
    new_posts = [make_post("post-0", title="A new title"), make_post("post-9")]
    new = Knowledge.create(old.archive, new_posts, old.facts[:1], version="v2")
    service = ArchiveService(FakeEngine(old), loader=Loads(ok(new)), builder=build)
    report = await service.reload()
    assert (report.posts_added, report.posts_removed, report.posts_changed) == (1, 1, 1)
    assert (report.facts_added, report.facts_removed, report.facts_changed) == (0, 2, 0)
    assert (report.previous_version, report.version) == ("v1", "v2")
    assert report.changed


async def test_a_fact_moved_down_its_file_is_not_reported_changed() -> None:
    """A comment added above a fact moves it to another line: the same fact, no change;
    a fact whose answer was edited is a change."""
    old = make_knowledge("v1", posts=1, facts=2)
    moved = dataclasses.replace(old.facts[0], line=old.facts[0].line + 3)
    edited = dataclasses.replace(old.facts[1], answer="Another answer.")
    new = Knowledge.create(old.archive, old.posts, (moved, edited), version="v2")
    service = ArchiveService(FakeEngine(old), loader=Loads(ok(new)), builder=build)
    report = await service.reload()
    assert (report.facts_added, report.facts_removed, report.facts_changed) == (0, 0, 1)


async def test_reload_with_errors_keeps_the_old_engine() -> None:
    """Invalid knowledge is reported and the previous engine keeps serving."""
    service = make_service(failed(Problem("posts/a.yaml", 3, "posts[0].date", "not a date")))
    before = service.engine
    report = await service.reload()
    assert not report.ok
    assert report.errors == ("posts/a.yaml:3: posts[0].date: not a date",)
    assert service.engine is before
    assert report.version == "v1"


async def test_reload_of_a_missing_folder_keeps_the_old_engine() -> None:
    """A knowledge folder that disappeared is an error, not a crash."""
    service = make_service(FileNotFoundError(2, "No such file or directory", "/gone"))
    before = service.engine
    report = await service.reload()
    assert not report.ok
    assert "/gone" in report.errors[0]
    assert service.engine is before


async def test_reload_survives_a_failing_build(caplog: pytest.LogCaptureFixture) -> None:
    """An engine build that raises is logged; the old engine keeps serving."""

    def broken(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
        raise RuntimeError("index exploded")

    service = ArchiveService(
        FakeEngine(make_knowledge("v1")), loader=Loads(ok(make_knowledge("v2"))), builder=broken
    )
    before = service.engine
    report = await service.reload()
    assert not report.ok
    assert "index exploded" not in report.errors[0]
    assert service.engine is before
    assert "index exploded" in caplog.text


async def test_reload_passes_the_previous_engine_to_the_builder() -> None:
    """The builder gets the serving engine so it can reuse work."""
    seen: list[EngineLike | None] = []

    def remember(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
        seen.append(previous)
        return FakeEngine(knowledge)

    service = ArchiveService(
        FakeEngine(make_knowledge("v1")), loader=Loads(ok(make_knowledge("v2"))), builder=remember
    )
    before = service.engine
    await service.reload()
    assert seen == [before]


async def test_questions_during_a_reload_use_the_old_engine() -> None:
    """While a reload builds, readers get the old engine; afterwards the new one."""
    release = threading.Event()
    started = threading.Event()

    def slow(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
        started.set()
        release.wait(timeout=10)
        return FakeEngine(knowledge)

    service = ArchiveService(
        FakeEngine(make_knowledge("v1")), loader=Loads(ok(make_knowledge("v2"))), builder=slow
    )
    task = asyncio.create_task(service.reload())
    await asyncio.to_thread(started.wait, 10)
    during = (service.knowledge.version, service.reloading)
    release.set()
    await task
    assert during == ("v1", True)
    assert service.knowledge.version == "v2"


async def test_concurrent_reloads_do_not_overlap() -> None:
    """Two reloads at once run one after the other, never together."""
    active = 0
    peak = 0
    lock = threading.Lock()

    def tracked(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        threading.Event().wait(0.05)
        with lock:
            active -= 1
        return FakeEngine(knowledge)

    service = ArchiveService(
        FakeEngine(make_knowledge("v1")),
        loader=Loads(ok(make_knowledge("v2")), ok(make_knowledge("v3"))),
        builder=tracked,
    )
    first, second = await asyncio.gather(service.reload(), service.reload())
    assert peak == 1
    assert (first.version, second.version) == ("v2", "v3")
    assert second.previous_version == "v2"


def test_start_with_invalid_knowledge_lists_every_problem(tmp_path: Path) -> None:
    """Start-up raises StartupError carrying each problem as `path:line: field: message`."""
    settings = Settings(_env_file=None, knowledge_dir=tmp_path)
    problems = (Problem("a.yaml", 1, "posts", "x"), Problem("b.yaml", 2, "facts", "y"))
    with pytest.raises(StartupError) as raised:
        ArchiveService.start(settings, loader=Loads(failed(*problems)), builder=build)
    assert raised.value.lines == ("a.yaml:1: posts: x", "b.yaml:2: facts: y")


def test_start_with_a_missing_folder_is_a_startup_error(tmp_path: Path) -> None:
    """A missing knowledge folder is a StartupError naming the folder."""
    missing = tmp_path / "nope"
    settings = Settings(_env_file=None, knowledge_dir=missing)
    loader = Loads(FileNotFoundError(2, "No such file or directory", str(missing)))
    with pytest.raises(StartupError) as raised:
        ArchiveService.start(settings, loader=loader, builder=build)
    assert str(missing) in raised.value.lines[0]


def test_start_with_no_posts_warns_that_nothing_will_be_answered(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An empty knowledge folder starts (it is valid) but the log says the bot knows nothing."""
    settings = Settings(_env_file=None, knowledge_dir=tmp_path)
    empty = make_knowledge(posts=0, facts=0)
    with caplog.at_level("WARNING", logger="bot.service"):
        ArchiveService.start(settings, loader=Loads(ok(empty)), builder=build)
    assert f"{tmp_path} has no posts" in caplog.text


def test_tags_are_ordered_by_use() -> None:
    """Tags for autocomplete come most-used first."""
    posts = [make_post("a", tags=("Japan", "GSOMIA")), make_post("b", tags=("GSOMIA",))]
    knowledge = Knowledge.create(make_knowledge().archive, posts, [], version="v")
    service = ArchiveService(FakeEngine(knowledge), loader=Loads(), builder=build)
    assert service.tags == ("GSOMIA", "Japan")
