"""Retention: rows older than RETENTION_DAYS go at start-up (and daily)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from bot.settings import Settings
from bot.storage.factory import open_storage
from bot.storage.retention import purge_expired
from tests.storage.conftest import NOW, Handle, feedback, question

DAY = dt.timedelta(days=1)


async def test_purge_expired_keeps_the_last_days(handle: Handle) -> None:
    """With 30 days of retention, a row of 31 days ago goes and one of 29 days ago stays."""
    store = handle.store()
    await store.migrate()
    await store.write(
        [question(1, at=NOW - 31 * DAY), question(2, at=NOW - 29 * DAY)],
        [feedback(1, at=NOW - 31 * DAY, message_id=1)],
    )
    assert await purge_expired(store, 30, now=NOW) == 2
    assert [q.id for q in await store.questions(NOW - 365 * DAY)] == [question(2).id]
    await store.close()


async def test_the_bot_purges_at_start_up(handle: Handle, tmp_path: Path) -> None:
    """open_storage() purges what RETENTION_DAYS no longer allows, without being asked."""
    now = dt.datetime.now(dt.UTC)
    store = handle.store()
    await store.migrate()
    await store.write([question(1, at=now - 91 * DAY), question(2, at=now - DAY)], [])
    await store.close()
    url = handle.location if handle.name == "postgresql" else None
    data = Path(handle.location).parent if url is None else tmp_path
    settings = Settings(_env_file=None, data_dir=data, database_url=url, retention_days=90)
    async with open_storage(settings) as storage:
        for _ in range(500):
            rows = await storage.store.questions(now - 365 * DAY)
            if len(rows) == 1:
                break
            await asyncio.sleep(0.02)
        assert [q.id for q in rows] == [question(2).id]
