"""The serving state behind every front door: the current engine, and reload.

No discord import. A reload loads and builds a whole new engine in a worker
thread and swaps it in with one assignment, so readers see either the old
knowledge or the new one, never a mix; on errors the old engine keeps serving.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot import heap
from bot.engine.types import NoAnswer, Reply, SearchHit
from bot.knowledge.models import Fact, Knowledge, Post
from bot.reloads import ReloadReport

if TYPE_CHECKING:
    from bot.knowledge import LoadResult
    from bot.settings import Settings

log = logging.getLogger(__name__)


class EngineLike(Protocol):
    """What the front doors need from `bot.engine.Engine`."""

    @property
    def knowledge(self) -> Knowledge: ...

    def answer(self, question: str) -> Reply | NoAnswer: ...

    def latest(self, count: int = 1, tag: str | None = None) -> tuple[Post, ...]: ...

    def complete(self, partial: str, limit: int = 25) -> tuple[str, ...]: ...

    def search(self, text: str, limit: int = 25) -> tuple[SearchHit, ...]: ...


Loader = Callable[[], "LoadResult"]
"""Reads the knowledge folder (with its cache); never raises for bad content."""
Builder = Callable[[Knowledge, EngineLike | None], EngineLike]
"""Builds an engine, reusing what it can from the previous one."""


class StartupError(Exception):
    """The knowledge could not be loaded at start-up; `lines` says why, one problem a line."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.lines = lines
        super().__init__(lines[0] if lines else "knowledge could not be loaded")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything derived from one knowledge version, swapped as a unit."""

    engine: EngineLike
    tags: tuple[str, ...]
    """Post tags, most used first, for autocomplete."""
    loaded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What the worker thread hands back: a new snapshot, or the errors."""

    snapshot: Snapshot | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    diff: tuple[tuple[int, int, int], ...] = ((0, 0, 0), (0, 0, 0))


def collect_tags(knowledge: Knowledge) -> tuple[str, ...]:
    """Every post tag, most used first, then alphabetically."""
    counts: Counter[str] = Counter(tag for post in knowledge.posts for tag in post.tags)
    return tuple(
        tag for tag, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    )


def _diff(old: Mapping[str, Post | Fact], new: Mapping[str, Post | Fact]) -> tuple[int, int, int]:
    """Counts of ids added, removed, and kept with different content."""
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    changed = sum(
        1
        for key in new.keys() & old.keys()
        if new[key] is not old[key] and _content(new[key]) != _content(old[key])
    )
    return added, removed, changed


def _content(item: Post | Fact) -> Post | Fact:
    """A post or fact without where it was written: a line added above it moves it in its
    file, and that is no change to report."""
    return dataclasses.replace(item, file="", line=0)


def knowledge_diff(old: Knowledge, new: Knowledge) -> tuple[tuple[int, int, int], ...]:
    """(added, removed, changed) for posts, then facts. Slow at 100k: run it off the loop."""
    if old is new:
        return (0, 0, 0), (0, 0, 0)
    posts = _diff(old.posts_by_id, new.posts_by_id)
    facts = _diff({f.id: f for f in old.facts}, {f.id: f for f in new.facts})
    return posts, facts


def default_loader(settings: Settings, folder: Path | None = None) -> Loader:
    """A loader over `folder` (default `settings.knowledge_dir`) with a FileCache kept
    across reloads, in memory and, with CACHE_DIR set, on disk."""
    from bot.knowledge import FileCache, load_knowledge

    cache = FileCache(settings.cache_dir)
    where = Path(folder if folder is not None else settings.knowledge_dir)

    def load() -> LoadResult:
        with heap.collector_paused():
            return load_knowledge(
                where,
                max_file_bytes=settings.max_file_bytes,
                max_depth=settings.max_depth,
                cache=cache,
            )

    return load


def default_builder_for(settings: Settings) -> Builder:
    """The builder every front door uses: the saved index under CACHE_DIR when set."""
    if settings.cache_dir is not None:
        return persistent_builder(settings.cache_dir / "index")
    return default_builder


def open_engine(
    settings: Settings,
    folder: Path | None = None,
    *,
    loader: Loader | None = None,
    builder: Builder | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> EngineLike:
    """Load, validate and index a knowledge folder: the one way every front door opens it.

    Raises StartupError listing every problem when the knowledge is invalid, and
    FileNotFoundError / NotADirectoryError when the folder is unusable.
    """
    load = loader or default_loader(settings, folder)
    build = builder or default_builder_for(settings)
    result = load()
    if result.knowledge is None:
        raise StartupError(tuple(str(p) for p in result.errors))
    if on_warning is not None:
        for warning in result.warnings:
            on_warning(str(warning))
    engine = build(result.knowledge, None)
    heap.settle()
    return engine


def default_builder(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
    """`Engine.build`, reusing the previous engine when it is a real one."""
    from bot.engine import Engine

    return Engine.build(knowledge, previous=previous if isinstance(previous, Engine) else None)


def persistent_builder(index_dir: Path) -> Builder:
    """`default_builder` that starts from the index saved in `index_dir` and saves new ones.

    A restart of a big archive then skips the index build when nothing changed.
    """
    from bot.engine import Engine

    def build(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
        if previous is None:
            saved = Engine.load(index_dir, knowledge)
            if saved is not None:
                log.info("Loaded the saved index for knowledge %s", knowledge.version)
                return saved
        engine = default_builder(knowledge, previous)
        if isinstance(engine, Engine) and engine is not previous:
            try:
                engine.save(index_dir)
            except OSError as exc:
                log.warning("Could not save the index to %s: %s", index_dir, exc)
        return engine

    return build


class ArchiveService:
    """Holds the serving engine; `reload()` replaces it without blocking readers."""

    def __init__(
        self,
        engine: EngineLike,
        *,
        loader: Loader,
        builder: Builder = default_builder,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._loader = loader
        self._builder = builder
        self._clock = clock
        self._lock = asyncio.Lock()
        now = dt.datetime.now(dt.UTC)
        self._snapshot = Snapshot(engine, collect_tags(engine.knowledge), now)
        self.started_at = now
        self._started = clock()

    @classmethod
    def start(
        cls, settings: Settings, *, loader: Loader | None = None, builder: Builder | None = None
    ) -> ArchiveService:
        """Load and build synchronously (before the event loop runs).

        Raises StartupError listing every problem when the knowledge is invalid.
        """
        load = loader or default_loader(settings)
        build = builder or default_builder_for(settings)
        try:
            engine = open_engine(
                settings, loader=load, builder=build, on_warning=lambda w: log.warning("%s", w)
            )
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise StartupError((f"{settings.knowledge_dir}: {exc.strerror or exc}",)) from exc
        if not engine.knowledge.posts:
            log.warning(
                '%s has no posts: every question will get "I don\'t know"', settings.knowledge_dir
            )
        return cls(engine, loader=load, builder=build)

    @property
    def engine(self) -> EngineLike:
        """The engine serving right now; take it once per request."""
        return self._snapshot.engine

    @property
    def knowledge(self) -> Knowledge:
        return self._snapshot.engine.knowledge

    @property
    def tags(self) -> tuple[str, ...]:
        return self._snapshot.tags

    @property
    def loaded_at(self) -> dt.datetime:
        return self._snapshot.loaded_at

    @property
    def reloading(self) -> bool:
        """True while a reload is running."""
        return self._lock.locked()

    def uptime(self) -> dt.timedelta:
        return dt.timedelta(seconds=self._clock() - self._started)

    async def reload(self) -> ReloadReport:
        """Load and build new knowledge off the loop, then swap it in.

        Reloads never overlap: a second caller waits for the first, then runs
        its own (cheap: unchanged files come from the cache).
        """
        async with self._lock:
            start = self._clock()
            old = self._snapshot
            try:
                outcome = await asyncio.to_thread(self._load_and_build, old.engine)
            except Exception:
                log.exception("Reload failed unexpectedly; keeping the previous knowledge")
                outcome = _Outcome(
                    None, ("could not rebuild the knowledge (the error was logged)",)
                )
            old_knowledge = old.engine.knowledge
            duration = self._clock() - start
            snapshot = outcome.snapshot
            if snapshot is None:
                log.warning(
                    "Reload failed with %d error(s); keeping the previous knowledge",
                    len(outcome.errors),
                )
                return ReloadReport(
                    ok=False,
                    duration=duration,
                    version=old_knowledge.version,
                    previous_version=old_knowledge.version,
                    posts=len(old_knowledge.posts),
                    facts=len(old_knowledge.facts),
                    errors=outcome.errors,
                    warnings=outcome.warnings,
                )
            self._snapshot = snapshot  # the one assignment readers can observe
            new = snapshot.engine.knowledge
            posts, facts = outcome.diff
            report = ReloadReport(
                ok=True,
                duration=duration,
                version=new.version,
                previous_version=old_knowledge.version,
                posts=len(new.posts),
                facts=len(new.facts),
                posts_added=posts[0],
                posts_removed=posts[1],
                posts_changed=posts[2],
                facts_added=facts[0],
                facts_removed=facts[1],
                facts_changed=facts[2],
                warnings=outcome.warnings,
            )
            log.info(
                "Reloaded knowledge %s -> %s in %.2fs (%d posts, %d facts)",
                report.previous_version,
                report.version,
                duration,
                report.posts,
                report.facts,
            )
            return report

    def _load_and_build(self, previous: EngineLike) -> _Outcome:
        """Runs in a worker thread: everything slow happens here."""
        try:
            result = self._loader()
        except (FileNotFoundError, NotADirectoryError) as exc:
            return _Outcome(None, (f"knowledge folder not found: {exc.filename or exc}",))
        warnings = tuple(str(w) for w in result.warnings)
        if result.knowledge is None:
            errors = tuple(str(p) for p in result.errors) or ("knowledge could not be loaded",)
            return _Outcome(None, errors, warnings)
        engine = self._builder(result.knowledge, previous)
        snapshot = Snapshot(engine, collect_tags(engine.knowledge), dt.datetime.now(dt.UTC))
        diff = knowledge_diff(previous.knowledge, engine.knowledge)
        heap.settle()
        return _Outcome(snapshot, (), warnings, diff)
