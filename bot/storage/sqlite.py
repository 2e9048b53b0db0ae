"""The SQLite backend: one file in the data folder, created on first use.

sqlite3 blocks, so every call runs in one dedicated worker thread that owns the
connection; the event loop only awaits it. WAL journaling lets the curator's
reports read while the bot writes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bot.storage.base import Backend, StorageError
from bot.storage.migrations import CREATE_TABLE, pending
from bot.storage.records import (
    FeedbackRow,
    QuestionRow,
    candidates_from_json,
    candidates_json,
    utc,
)

T = TypeVar("T")

DB_FILE = "archive-bot.sqlite3"

_QUESTION_COLUMNS = (
    "id, asked_at, guild_id, channel_id, message_id, user_hash, question, reply_kind, "
    "candidates, knowledge_version"
)
_FEEDBACK_COLUMNS = "id, created_at, question_id, message_id, kind, user_hash"


def _stamp(moment: dt.datetime) -> str:
    """Fixed-width UTC text, so text order is time order."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


class SqliteStore:
    """Store rows in one SQLite file; see `bot.storage.base.Store`."""

    def __init__(self, path: Path, *, busy_timeout: float = 5.0) -> None:
        self.path = path
        self._busy_timeout = busy_timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    @property
    def backend(self) -> Backend:
        return "sqlite"

    @property
    def where(self) -> str:
        return str(self.path)

    # ---- the worker thread

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created private before SQLite opens it (its -wal and -shm files copy the mode).
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
            conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        try:
            conn = self._connect()
            try:
                return work(conn)
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
        except (sqlite3.Error, OSError) as exc:
            if self._conn is not None and not isinstance(exc, sqlite3.IntegrityError):
                # A fresh connection next time: the file may have moved or been replaced.
                self._conn.close()
                self._conn = None
            raise StorageError(f"SQLite {self.path}: {exc}") from exc

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise StorageError("the store is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, work)

    # ---- Store

    async def migrate(self) -> tuple[int, ...]:
        def work(conn: sqlite3.Connection) -> tuple[int, ...]:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(CREATE_TABLE["sqlite"])
            applied = _version(conn)
            done: list[int] = []
            for migration in pending(applied):
                for statement in migration.sqlite.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, _stamp(dt.datetime.now(dt.UTC))),
                )
                done.append(migration.version)
            conn.execute("COMMIT")
            return tuple(done)

        return await self._run(work)

    async def schema_version(self) -> int:
        def work(conn: sqlite3.Connection) -> int:
            conn.execute(CREATE_TABLE["sqlite"])
            return _version(conn)

        return await self._run(work)

    async def write(
        self, questions: Sequence[QuestionRow], feedback: Sequence[FeedbackRow]
    ) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                f"INSERT INTO questions ({_QUESTION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                [
                    (
                        q.id,
                        _stamp(q.asked_at),
                        q.guild_id,
                        q.channel_id,
                        q.message_id,
                        q.user_hash,
                        q.question,
                        q.kind,
                        candidates_json(q.candidates),
                        q.knowledge_version,
                    )
                    for q in questions
                ],
            )
            conn.executemany(
                f"INSERT INTO feedback ({_FEEDBACK_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                [
                    (f.id, _stamp(f.created_at), f.question_id, f.message_id, f.kind, f.user_hash)
                    for f in feedback
                ],
            )
            conn.execute("COMMIT")

        await self._run(work)

    async def questions(
        self, since: dt.datetime, until: dt.datetime | None = None
    ) -> list[QuestionRow]:
        def work(conn: sqlite3.Connection) -> list[QuestionRow]:
            sql, args = _window("asked_at", since, until)
            rows = conn.execute(
                f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE {sql} ORDER BY asked_at, id",
                args,
            ).fetchall()
            return [
                QuestionRow(
                    id=r[0],
                    asked_at=_moment(r[1]),
                    guild_id=r[2],
                    channel_id=r[3],
                    message_id=r[4],
                    user_hash=r[5],
                    question=r[6],
                    kind=r[7],
                    candidates=candidates_from_json(r[8]),
                    knowledge_version=r[9],
                )
                for r in rows
            ]

        return await self._run(work)

    async def feedback(
        self, since: dt.datetime, until: dt.datetime | None = None
    ) -> list[FeedbackRow]:
        def work(conn: sqlite3.Connection) -> list[FeedbackRow]:
            sql, args = _window("created_at", since, until)
            rows = conn.execute(
                f"SELECT {_FEEDBACK_COLUMNS} FROM feedback WHERE {sql} ORDER BY created_at, id",
                args,
            ).fetchall()
            return [
                FeedbackRow(
                    id=r[0],
                    created_at=_moment(r[1]),
                    question_id=r[2],
                    message_id=r[3],
                    kind=r[4],
                    user_hash=r[5],
                )
                for r in rows
            ]

        return await self._run(work)

    async def purge(self, before: dt.datetime) -> int:
        stamp = _stamp(before)

        def work(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            gone = conn.execute("DELETE FROM questions WHERE asked_at < ?", (stamp,)).rowcount
            gone += conn.execute("DELETE FROM feedback WHERE created_at < ?", (stamp,)).rowcount
            conn.execute("COMMIT")
            return gone

        return await self._run(work)

    async def forget(self, user_hash: str) -> int:
        def work(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            gone = conn.execute("DELETE FROM questions WHERE user_hash = ?", (user_hash,)).rowcount
            gone += conn.execute("DELETE FROM feedback WHERE user_hash = ?", (user_hash,)).rowcount
            conn.execute("COMMIT")
            return gone

        return await self._run(work)

    async def close(self) -> None:
        if self._closed:
            return

        def work() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, work)
        finally:
            self._closed = True
            self._executor.shutdown(wait=False)


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _window(column: str, since: dt.datetime, until: dt.datetime | None) -> tuple[str, list[str]]:
    if until is None:
        return f"{column} >= ?", [_stamp(since)]
    return f"{column} >= ? AND {column} < ?", [_stamp(since), _stamp(until)]
