"""Choose and open the backend from the settings; the bot's storage lifetime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.storage.base import StorageError, Store
from bot.storage.postgres import PostgresStore
from bot.storage.recorder import Recorder
from bot.storage.retention import keep_retention
from bot.storage.sqlite import DB_FILE, SqliteStore
from bot.storage.userhash import load_salt

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)


def create_store(settings: Settings) -> Store:
    """PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR. No I/O."""
    if settings.database_url is not None:
        return PostgresStore(settings.database_url.get_secret_value())
    return SqliteStore(settings.data_dir / DB_FILE)


@contextlib.asynccontextmanager
async def open_store(settings: Settings) -> AsyncIterator[Store]:
    """A migrated store, closed on exit. StorageError if it cannot be reached or migrated."""
    store = create_store(settings)
    try:
        applied = await store.migrate()
        if applied:
            log.info("Storage %s: applied migrations %s", store.where, applied)
        yield store
    finally:
        await store.close()


@dataclass(frozen=True, slots=True)
class Storage:
    """The running storage: the store (for reads and /forget-me) and its recorder."""

    store: Store
    recorder: Recorder


async def read_salt(settings: Settings) -> bytes:
    """USER_HASH_SALT, or the generated one in DATA_DIR (StorageError if unreadable)."""
    configured = settings.user_hash_salt
    try:
        return await asyncio.to_thread(
            load_salt,
            None if configured is None else configured.get_secret_value(),
            settings.data_dir,
        )
    except OSError as exc:
        raise StorageError(f"cannot read or create the user-hash salt: {exc}") from exc


@contextlib.asynccontextmanager
async def open_storage(
    settings: Settings, *, purge_every: float = 86400.0
) -> AsyncIterator[Storage]:
    """Everything the bot needs, for its whole run: migrate, record, purge, and on exit
    write what is buffered and close. Start-up failures raise StorageError."""
    salt = await read_salt(settings)
    async with open_store(settings) as store:
        log.info("Storage: %s at %s", store.backend, store.where)
        async with Recorder(store, salt=salt, buffer_size=settings.storage_buffer_size) as rec:
            purger = asyncio.create_task(
                keep_retention(store, settings.retention_days, every=purge_every),
                name="storage-retention",
            )
            try:
                yield Storage(store, rec)
            finally:
                purger.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await purger
