"""Retention: rows older than RETENTION_DAYS are deleted at start-up and once a day."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from bot.storage.base import StorageError, Store

log = logging.getLogger(__name__)

RETRY_SECONDS = 3600.0
"""After a failed purge (the database is down: the recorder has said so already)."""


async def purge_expired(store: Store, days: int, now: dt.datetime | None = None) -> int:
    """Delete rows older than `days` days before `now`; how many went."""
    moment = dt.datetime.now(dt.UTC) if now is None else now
    return await store.purge(moment - dt.timedelta(days=days))


async def keep_retention(store: Store, days: int, *, every: float = 86400.0) -> None:
    """Purge now and every `every` seconds, until cancelled. Never raises StorageError."""
    while True:
        try:
            gone = await purge_expired(store, days)
        except StorageError as exc:
            log.info("Retention purge postponed: %s", exc)
            await asyncio.sleep(min(every, RETRY_SECONDS))
            continue
        if gone:
            log.info("Retention: deleted %d rows older than %d days", gone, days)
        await asyncio.sleep(every)
