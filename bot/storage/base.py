"""The one interface both backends implement, and the one error they raise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, Protocol

from bot.storage.records import FeedbackRow, QuestionRow

Backend = Literal["sqlite", "postgresql"]


class StorageError(Exception):
    """The database could not be reached, read or written. The message is plain text
    for a log or a terminal and never holds the database password."""


class Store(Protocol):
    """Questions and feedback in a database. Every method may raise StorageError.

    Writes are idempotent: a row whose id is already stored is skipped, so a batch
    that failed half-way can simply be written again.
    """

    @property
    def backend(self) -> Backend: ...

    @property
    def where(self) -> str:
        """Where the data lives, safe to print (the file, or the URL without password)."""
        ...

    async def migrate(self) -> tuple[int, ...]:
        """Create or upgrade the schema; the versions applied now (empty: up to date)."""
        ...

    async def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        ...

    async def write(
        self, questions: Sequence[QuestionRow], feedback: Sequence[FeedbackRow]
    ) -> None:
        """Store both lists in one transaction."""
        ...

    async def questions(
        self, since: dt.datetime, until: dt.datetime | None = None
    ) -> list[QuestionRow]:
        """Questions asked at `since` or later (and before `until`), oldest first."""
        ...

    async def feedback(
        self, since: dt.datetime, until: dt.datetime | None = None
    ) -> list[FeedbackRow]:
        """Feedback given at `since` or later (and before `until`), oldest first."""
        ...

    async def purge(self, before: dt.datetime) -> int:
        """Delete every row older than `before`; how many rows went."""
        ...

    async def forget(self, user_hash: str) -> int:
        """Delete every row carrying `user_hash` (questions and feedback); how many went."""
        ...

    async def close(self) -> None:
        """Release connections; the store may not be used afterwards."""
        ...
