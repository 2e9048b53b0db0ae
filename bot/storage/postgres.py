"""The PostgreSQL backend, on asyncpg (a maintained asyncio driver: no thread needed).

A small pool (at most three connections) opened lazily: a connection lost when the
server restarts is replaced on the next call. Every call has a timeout, so a hung
server fails the call instead of holding the recorder forever.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.storage.base import Backend, StorageError
from bot.storage.migrations import CREATE_TABLE, pending
from bot.storage.records import (
    FeedbackRow,
    QuestionRow,
    candidates_from_json,
    candidates_json,
    utc,
)

_MIGRATION_LOCK = 0x61726368_69766562
"""An arbitrary advisory-lock key ("archiveb"): two bots starting at once migrate in turn."""
_QUESTION_COLUMNS = (
    "id, asked_at, guild_id, channel_id, message_id, user_hash, question, reply_kind, "
    "candidates, knowledge_version"
)
_FEEDBACK_COLUMNS = "id, created_at, question_id, message_id, kind, user_hash"
_DRIVER_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)


def mask_url(url: str) -> str:
    """The URL with its password (in the user part or a `password=` parameter) as `***`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<an unreadable database URL>"
    netloc = parts.netloc
    if parts.password is not None or parts.username is not None:
        user = parts.username or ""
        secret = ":***" if parts.password is not None else ""
        where = f"[{host}]" if ":" in host else host
        netloc = f"{user}{secret}@{where}{f':{port}' if port else ''}"
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(key.lower() == "password" for key, _ in pairs):
        query = urlencode(
            [(key, "***" if key.lower() == "password" else value) for key, value in pairs],
            safe="*/",
        )
    return f"{parts.scheme}://{netloc}{parts.path}{f'?{query}' if query else ''}"


def _count(status: str) -> int:
    """The row count of a status such as `DELETE 3`."""
    return int(status.rsplit(" ", 1)[-1])


class PostgresStore:
    """Store rows in PostgreSQL; see `bot.storage.base.Store`."""

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self._url = url
        self._timeout = timeout
        self._pool: asyncpg.Pool | None = None
        self._closed = False

    @property
    def backend(self) -> Backend:
        return "postgresql"

    @property
    def where(self) -> str:
        return mask_url(self._url)

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[PoolConnectionProxy]:
        if self._closed:
            raise StorageError("the store is closed")
        try:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._url,
                    min_size=0,
                    max_size=3,
                    timeout=self._timeout,
                    command_timeout=self._timeout,
                )
            async with self._pool.acquire(timeout=self._timeout) as conn:
                yield conn
        except _DRIVER_ERRORS as exc:
            # asyncpg's messages name the host and user at most, never the password.
            raise StorageError(f"PostgreSQL {self.where}: {type(exc).__name__}: {exc}") from exc

    async def migrate(self) -> tuple[int, ...]:
        async with self._connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(CREATE_TABLE["postgresql"])
            applied = await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")
            done: list[int] = []
            for migration in pending(int(applied)):
                await conn.execute(migration.postgresql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) "
                    "VALUES ($1, $2, now())",
                    migration.version,
                    migration.name,
                )
                done.append(migration.version)
            return tuple(done)

    async def schema_version(self) -> int:
        async with self._connection() as conn:
            await conn.execute(CREATE_TABLE["postgresql"])
            value = await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")
            return int(value)

    async def write(
        self, questions: Sequence[QuestionRow], feedback: Sequence[FeedbackRow]
    ) -> None:
        async with self._connection() as conn, conn.transaction():
            if questions:
                await conn.executemany(
                    f"INSERT INTO questions ({_QUESTION_COLUMNS}) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
                    [
                        (
                            q.id,
                            utc(q.asked_at),
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
            if feedback:
                await conn.executemany(
                    f"INSERT INTO feedback ({_FEEDBACK_COLUMNS}) "
                    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
                    [
                        (f.id, utc(f.created_at), f.question_id, f.message_id, f.kind, f.user_hash)
                        for f in feedback
                    ],
                )

    async def questions(
        self, since: dt.datetime, until: dt.datetime | None = None
    ) -> list[QuestionRow]:
        sql, args = _window("asked_at", since, until)
        async with self._connection() as conn:
            rows = await conn.fetch(
                f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE {sql} ORDER BY asked_at, id",
                *args,
            )
        return [
            QuestionRow(
                id=r["id"],
                asked_at=utc(r["asked_at"]),
                guild_id=r["guild_id"],
                channel_id=r["channel_id"],
                message_id=r["message_id"],
                user_hash=r["user_hash"],
                question=r["question"],
                kind=r["reply_kind"],
                candidates=candidates_from_json(r["candidates"]),
                knowledge_version=r["knowledge_version"],
            )
            for r in rows
        ]

    async def feedback(
        self, since: dt.datetime, until: dt.datetime | None = None
    ) -> list[FeedbackRow]:
        sql, args = _window("created_at", since, until)
        async with self._connection() as conn:
            rows = await conn.fetch(
                f"SELECT {_FEEDBACK_COLUMNS} FROM feedback WHERE {sql} ORDER BY created_at, id",
                *args,
            )
        return [
            FeedbackRow(
                id=r["id"],
                created_at=utc(r["created_at"]),
                question_id=r["question_id"],
                message_id=r["message_id"],
                kind=r["kind"],
                user_hash=r["user_hash"],
            )
            for r in rows
        ]

    async def purge(self, before: dt.datetime) -> int:
        moment = utc(before)
        async with self._connection() as conn, conn.transaction():
            gone = _count(await conn.execute("DELETE FROM questions WHERE asked_at < $1", moment))
            gone += _count(await conn.execute("DELETE FROM feedback WHERE created_at < $1", moment))
            return gone

    async def forget(self, user_hash: str) -> int:
        async with self._connection() as conn, conn.transaction():
            gone = _count(
                await conn.execute("DELETE FROM questions WHERE user_hash = $1", user_hash)
            )
            gone += _count(
                await conn.execute("DELETE FROM feedback WHERE user_hash = $1", user_hash)
            )
            return gone

    async def close(self) -> None:
        self._closed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await asyncio.wait_for(pool.close(), self._timeout)
            except _DRIVER_ERRORS:
                pool.terminate()


def _window(
    column: str, since: dt.datetime, until: dt.datetime | None
) -> tuple[str, list[dt.datetime]]:
    if until is None:
        return f"{column} >= $1", [utc(since)]
    return f"{column} >= $1 AND {column} < $2", [utc(since), utc(until)]
