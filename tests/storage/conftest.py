"""Every storage test runs on both backends: SQLite always, PostgreSQL on a real server
that the session starts (tests/pgserver.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from bot.storage.base import Store
from bot.storage.postgres import PostgresStore
from bot.storage.records import Candidate, FeedbackRow, QuestionRow
from bot.storage.sqlite import SqliteStore
from tests.pgserver import PgServer, running_server

BACKENDS = ("sqlite", "postgresql")
NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


@dataclass
class Handle:
    """One backend under test: how to open its store and reach it behind the store's back."""

    name: str
    location: str
    """The SQLite file, or the PostgreSQL URL."""

    def store(self, **options: float) -> Store:
        """A store on this database; SQLite waits at most 50 ms for a lock (outage tests)."""
        if self.name == "sqlite":
            return SqliteStore(Path(self.location), **{"busy_timeout": 0.05, **options})
        return PostgresStore(self.location, **options)

    async def execute(self, sql: str) -> None:
        """Run SQL on a connection of its own."""
        if self.name == "sqlite":
            with sqlite3.connect(self.location) as conn:
                conn.execute(sql)
            return
        server = await asyncpg.connect(self.location)
        try:
            await server.execute(sql)
        finally:
            await server.close()


@pytest.fixture(params=BACKENDS)
def handle(request: pytest.FixtureRequest, tmp_path: Path) -> Handle:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return Handle("sqlite", str(tmp_path / "data" / "archive-bot.sqlite3"))
    return Handle("postgresql", request.getfixturevalue("pg_database"))


@pytest.fixture
async def store(handle: Handle) -> AsyncIterator[Store]:
    """A migrated store on each backend, closed after the test."""
    opened = handle.store()
    await opened.migrate()
    yield opened
    await opened.close()


class Outage:
    """Makes a backend unavailable and available again, from outside the bot.

    SQLite: another connection holds an exclusive lock (as a backup tool or a
    `sqlite3` shell would), so every write fails with "database is locked".
    PostgreSQL: the server itself is stopped and started again on its own server.
    """

    def __init__(self, handle: Handle, server: PgServer | None) -> None:
        self.handle = handle
        self.server = server
        self._lock: sqlite3.Connection | None = None
        self.is_down = False

    def down(self) -> None:
        self.is_down = True
        if self.server is not None:
            self.server.stop()
            return
        self._lock = sqlite3.connect(self.handle.location, isolation_level=None)
        self._lock.execute("BEGIN EXCLUSIVE")

    def up(self) -> None:
        """Bring the backend back (nothing to do if it is up)."""
        if not self.is_down:
            return
        self.is_down = False
        if self.server is not None:
            self.server.start()
            return
        assert self._lock is not None
        self._lock.rollback()
        self._lock.close()
        self._lock = None


@pytest.fixture(params=BACKENDS)
def outage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Outage]:
    """A backend that a test may take down: PostgreSQL gets a server of its own, so the
    session's shared server is never stopped."""
    if request.param == "sqlite":
        broken = Outage(Handle("sqlite", str(tmp_path / "archive-bot.sqlite3")), None)
        yield broken
        broken.up()
        return
    with running_server() as server:
        broken = Outage(Handle("postgresql", server.url()), server)
        yield broken
        broken.up()


def question(
    n: int,
    *,
    at: dt.datetime = NOW,
    user: str = "u1",
    kind: str = "answered",
    text: str | None = None,
    candidates: tuple[Candidate, ...] = (Candidate("fact-a", "post-a", 88.5),),
) -> QuestionRow:
    """A question row for tests; `n` makes the id."""
    return QuestionRow(
        id=f"q{n:031d}",
        asked_at=at,
        guild_id=1_000_000_000_000_000_000 + n,
        channel_id=2_000_000_000_000_000_000,
        user_hash=user,
        question=text if text is not None else f"question number {n}",
        kind=kind,  # type: ignore[arg-type]
        candidates=candidates,
        knowledge_version="v1",
        message_id=3_000_000_000_000_000_000 + n,
    )


def feedback(
    n: int,
    *,
    at: dt.datetime = NOW,
    user: str = "u1",
    kind: str = "helpful",
    question_id: str | None = None,
    message_id: int | None = None,
) -> FeedbackRow:
    return FeedbackRow(
        id=f"f{n:031d}",
        created_at=at,
        kind=kind,  # type: ignore[arg-type]
        user_hash=user,
        question_id=question_id,
        message_id=message_id,
    )
