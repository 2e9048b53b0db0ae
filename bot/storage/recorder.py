"""The write path: record a row without waiting for the database.

`record_question()` and `record_feedback()` build a row and append it to a
bounded in-memory buffer; they never await and never raise for the database.
One background task writes the buffer in batches. When a write fails (the
database is down, locked or full) the rows stay in the buffer and the task
retries with a growing pause; the log gets one warning when the trouble starts
and one info line when it ends. A full buffer drops its oldest rows and counts
them. Call every method from the event loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

from bot.storage.base import Store
from bot.storage.records import (
    FEEDBACK_KINDS,
    MAX_CANDIDATES,
    MAX_QUESTION,
    REPLY_KINDS,
    Candidate,
    FeedbackKind,
    FeedbackRow,
    QuestionRow,
    ReplyKind,
    utc,
)
from bot.storage.userhash import hash_user

log = logging.getLogger(__name__)

Row = QuestionRow | FeedbackRow
BATCH = 100
"""Rows a write: small enough that one write holds the loop (asyncpg encodes on it) or the
GIL (sqlite3 binds in its thread) for a few ms at most (benchmarks/storage.py)."""


@dataclass(frozen=True, slots=True)
class RecorderStats:
    """What the recorder has done since it started."""

    written: int
    pending: int
    dropped: int
    """Rows lost because the buffer was full while the database was unreachable."""
    healthy: bool
    """False from a failed write until the next successful one."""


class Recorder:
    """Buffers rows and writes them in batches from one background task."""

    def __init__(
        self,
        store: Store,
        *,
        salt: bytes,
        buffer_size: int = 10_000,
        batch_size: int = BATCH,
        flush_interval: float = 0.5,
        retry_min: float = 1.0,
        retry_max: float = 30.0,
        close_timeout: float = 10.0,
    ) -> None:
        self.store = store
        self._salt = salt
        self._buffer: deque[tuple[int, Row]] = deque(maxlen=buffer_size)
        self._seq = 0
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._retry_min = retry_min
        self._retry_max = retry_max
        self._close_timeout = close_timeout
        self._wakeup = asyncio.Event()
        self._stop = asyncio.Event()
        self._writing = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._written = 0
        self._dropped = 0
        self._down_since: float | None = None
        self._dropped_at_outage = 0

    # ---- the caller's path: no await, no I/O

    def user_hash(self, user_id: int) -> str:
        """The salted hash stored for a Discord user id."""
        return hash_user(user_id, self._salt)

    def record_question(
        self,
        *,
        user_id: int,
        question: str,
        kind: ReplyKind,
        guild_id: int | None,
        channel_id: int | None,
        candidates: Sequence[Candidate] = (),
        knowledge_version: str = "",
        message_id: int | None = None,
        asked_at: dt.datetime | None = None,
    ) -> str:
        """Queue a question; its id, for feedback on it. Returns at once.

        ValueError for a kind that is not a ReplyKind (a bug in the caller).
        """
        if kind not in REPLY_KINDS:
            raise ValueError(f"unknown reply kind {kind!r}")
        row = QuestionRow(
            id=uuid.uuid4().hex,
            asked_at=dt.datetime.now(dt.UTC) if asked_at is None else utc(asked_at),
            guild_id=guild_id,
            channel_id=channel_id,
            user_hash=hash_user(user_id, self._salt),
            question=question[:MAX_QUESTION].replace("\x00", ""),  # PostgreSQL text has no NUL
            kind=kind,
            candidates=tuple(candidates[:MAX_CANDIDATES]),
            knowledge_version=knowledge_version,
            message_id=message_id,
        )
        self._push(row)
        return row.id

    def record_feedback(
        self,
        *,
        user_id: int,
        kind: FeedbackKind,
        question_id: str | None = None,
        message_id: int | None = None,
        created_at: dt.datetime | None = None,
    ) -> None:
        """Queue a feedback press on a question (by its id or its reply's message id)."""
        if kind not in FEEDBACK_KINDS:
            raise ValueError(f"unknown feedback kind {kind!r}")
        if question_id is None and message_id is None:
            raise ValueError("feedback needs a question_id or a message_id")
        self._push(
            FeedbackRow(
                id=uuid.uuid4().hex,
                created_at=dt.datetime.now(dt.UTC) if created_at is None else utc(created_at),
                kind=kind,
                user_hash=hash_user(user_id, self._salt),
                question_id=question_id,
                message_id=message_id,
            )
        )

    def _push(self, row: Row) -> None:
        if self._closing and self._task is None:
            self._dropped += 1
            return
        if len(self._buffer) == self._buffer.maxlen:
            self._dropped += 1  # the deque drops its oldest row on append
        self._seq += 1
        self._buffer.append((self._seq, row))
        if len(self._buffer) == 1:
            self._wakeup.set()

    @property
    def stats(self) -> RecorderStats:
        return RecorderStats(
            self._written, len(self._buffer), self._dropped, self._down_since is None
        )

    # ---- lifetime

    async def start(self) -> None:
        """Start the background writer (idempotent)."""
        if self._task is None:
            self._closing = False
            self._stop.clear()
            self._task = asyncio.create_task(self._run(), name="storage-recorder")

    async def close(self) -> None:
        """Write what is buffered (one last try), then stop the writer."""
        self._closing = True
        self._stop.set()
        self._wakeup.set()
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(task, self._close_timeout)
            except TimeoutError:
                log.warning("Storage: the last write did not finish in time")
            except Exception:
                log.exception("Storage: the writer failed while closing")
        if self._buffer:
            log.warning(
                "Storage: %d rows not written at shutdown (the database is unreachable)",
                len(self._buffer),
            )

    async def __aenter__(self) -> Recorder:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ---- the background task

    async def flush(self) -> bool:
        """Write everything buffered now; False if a write failed (rows stay buffered)."""
        while self._buffer:
            if not await self._write_batch():
                return False
        return True

    async def forget(self, user_id: int) -> int:
        """Delete every stored and buffered row of this user; how many went.

        StorageError when the database is unreachable (buffered rows are dropped anyway).
        """
        user_hash = hash_user(user_id, self._salt)
        async with self._writing:  # no batch holding this user's rows is in flight
            kept = [(seq, row) for seq, row in self._buffer if row.user_hash != user_hash]
            removed = len(self._buffer) - len(kept)
            self._buffer.clear()
            self._buffer.extend(kept)
            return removed + await self.store.forget(user_hash)

    async def _run(self) -> None:
        pause = self._retry_min
        while True:
            try:
                if not self._buffer:
                    if self._closing:
                        return
                    self._wakeup.clear()
                    await self._wakeup.wait()
                    continue
                if not self._closing and len(self._buffer) < self._batch_size:
                    await self._sleep(self._flush_interval)
                if await self.flush():
                    pause = self._retry_min
                    continue
                if self._closing:
                    return
                await self._sleep(pause)
                pause = min(pause * 2, self._retry_max)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug, not the database: log it and keep the writer alive
                log.exception("Storage: the writer failed; retrying")
                if self._closing:
                    return
                await self._sleep(pause)

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake at once when closing."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def _write_batch(self) -> bool:
        async with self._writing:
            batch = [self._buffer[i] for i in range(min(self._batch_size, len(self._buffer)))]
            if not batch:
                return True
            questions = [row for _, row in batch if isinstance(row, QuestionRow)]
            feedback = [row for _, row in batch if isinstance(row, FeedbackRow)]
            try:
                await self.store.write(questions, feedback)
            except Exception as exc:
                self._failed(exc)
                return False
            last = batch[-1][0]
            confirmed = 0
            while self._buffer and self._buffer[0][0] <= last:
                self._buffer.popleft()
                confirmed += 1
            # Rows of this batch pushed out of a full buffer during the write were written
            # after all: they are not lost.
            self._dropped -= len(batch) - confirmed
            self._written += len(batch)
            if self._down_since is not None:
                self._recovered()
            return True

    def _failed(self, exc: Exception) -> None:
        if self._down_since is None:
            self._down_since = time.monotonic()
            self._dropped_at_outage = self._dropped
            log.warning(
                "Storage unavailable (%s); keeping up to %d rows in memory until it is back",
                exc,
                self._buffer.maxlen,
            )
        else:
            log.debug("Storage still unavailable: %s", exc)

    def _recovered(self) -> None:
        assert self._down_since is not None
        lost = self._dropped - self._dropped_at_outage
        log.info(
            "Storage is back after %.0f s; buffered rows are being written%s",
            time.monotonic() - self._down_since,
            f"; {lost} oldest rows were dropped (buffer full)" if lost else "",
        )
        self._down_since = None
