"""The recorder: rows queued at once, written in batches, kept through an outage."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest

from bot.storage.base import Store
from bot.storage.recorder import Recorder
from bot.storage.records import Candidate
from bot.storage.userhash import hash_user
from tests.storage.conftest import NOW, Handle, Outage

SALT = b"test-salt-0123456789"
SINCE = NOW - dt.timedelta(days=3650)
FAST: dict[str, Any] = {"flush_interval": 0.01, "retry_min": 0.05, "retry_max": 0.2}


def ask(recorder: Recorder, n: int, user_id: int = 42) -> str:
    return recorder.record_question(
        user_id=user_id,
        question=f"question {n}",
        kind="unsure",
        guild_id=1,
        channel_id=2,
        candidates=[Candidate("fact-a", "post-a", 50.0)],
        knowledge_version="v1",
        asked_at=NOW,
    )


async def until(condition: Callable[[], bool]) -> None:
    """Wait for `condition` (polling the recorder's stats), or fail after 30 s."""
    for _ in range(1500):
        if condition():
            return
        await asyncio.sleep(0.02)
    pytest.fail("the condition did not come true within 30 s")


async def test_recorded_rows_arrive_in_the_store(store: Store) -> None:
    """record_question() returns an id at once; the writer stores the row under that id."""
    async with Recorder(store, salt=SALT, **FAST) as recorder:
        qid = recorder.record_question(
            user_id=123456789012345678,
            question="When was GSOMIA restored?\x00",
            kind="answered",
            guild_id=10,
            channel_id=20,
            candidates=[Candidate("f1", "p1", 97.5), Candidate("f2", None, None)],
            knowledge_version="abc123",
            message_id=30,
        )
        recorder.record_feedback(user_id=5, kind="helpful", question_id=qid)
        await until(lambda: recorder.stats.written == 2)
    [row] = await store.questions(SINCE)
    assert row.id == qid
    assert row.question == "When was GSOMIA restored?"  # NUL dropped: PostgreSQL refuses it
    assert row.user_hash == hash_user(123456789012345678, SALT)
    assert "123456789012345678" not in repr(row)
    assert row.candidates == (Candidate("f1", "p1", 97.5), Candidate("f2", None, None))
    [note] = await store.feedback(SINCE)
    assert (note.question_id, note.kind, note.user_hash) == (qid, "helpful", hash_user(5, SALT))


async def test_close_writes_what_is_buffered(store: Store) -> None:
    """Rows recorded just before shutdown are written by close()."""
    recorder = Recorder(store, salt=SALT, flush_interval=60.0)
    await recorder.start()
    for n in range(1200):  # more than two batches
        ask(recorder, n)
    await recorder.close()
    assert len(await store.questions(SINCE)) == 1200


async def test_rows_recorded_while_the_database_is_down_arrive_when_it_is_back(
    outage: Outage, caplog: pytest.LogCaptureFixture
) -> None:
    """During an outage nothing raises, the log warns once, and every row is written later."""
    store = outage.handle.store()
    await store.migrate()
    caplog.set_level(logging.DEBUG, logger="bot.storage")
    async with Recorder(store, salt=SALT, **FAST) as recorder:
        first = ask(recorder, 0)
        await until(lambda: recorder.stats.written == 1)
        outage.down()
        ids = [ask(recorder, n) for n in range(1, 31)]
        await until(lambda: not recorder.stats.healthy)
        ids += [ask(recorder, n) for n in range(31, 61)]
        await asyncio.sleep(0.3)  # several failed retries
        assert recorder.stats.pending == 60
        outage.up()
        await until(lambda: recorder.stats.pending == 0 and recorder.stats.healthy)
    stored = {q.id for q in await store.questions(SINCE)}
    await store.close()
    assert stored == {first, *ids}
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "Storage unavailable" in warnings[0].getMessage()
    assert any("Storage is back" in r.getMessage() for r in caplog.records)


async def test_a_full_buffer_drops_the_oldest_rows_and_counts_them(outage: Outage) -> None:
    """With room for 10 rows, 25 recorded during an outage keep the newest 10."""
    store = outage.handle.store()
    await store.migrate()
    outage.down()
    async with Recorder(store, salt=SALT, buffer_size=10, **FAST) as recorder:
        ids = [ask(recorder, n) for n in range(25)]
        await until(lambda: not recorder.stats.healthy)
        assert recorder.stats.dropped == 15
        assert recorder.stats.pending == 10
        outage.up()
        await until(lambda: recorder.stats.pending == 0 and recorder.stats.healthy)
        assert recorder.stats.dropped == 15
    stored = [q.id for q in await store.questions(SINCE)]
    await store.close()
    assert sorted(stored) == sorted(ids[15:])


async def test_forget_deletes_stored_and_buffered_rows(handle: Handle) -> None:
    """forget() counts rows already written and rows still waiting, and keeps others'."""
    store = handle.store()
    await store.migrate()
    recorder = Recorder(store, salt=SALT, flush_interval=60.0)
    await recorder.start()
    ask(recorder, 1, user_id=7)
    ask(recorder, 2, user_id=8)
    assert await recorder.flush()
    ask(recorder, 3, user_id=7)  # still buffered
    recorder.record_feedback(user_id=7, kind="not-what-i-asked", message_id=99)
    assert await recorder.forget(7) == 3
    await recorder.close()
    rows = await store.questions(SINCE)
    await store.close()
    assert [q.question for q in rows] == ["question 2"]


async def test_rows_recorded_after_close_are_dropped_quietly(store: Store) -> None:
    """A late record (a reply sent during shutdown) neither raises nor is written."""
    recorder = Recorder(store, salt=SALT, **FAST)
    await recorder.start()
    await recorder.close()
    ask(recorder, 1)
    assert recorder.stats.dropped == 1
    assert await store.questions(SINCE) == []


def test_an_unknown_kind_is_a_caller_bug() -> None:
    """A reply kind outside the four is refused at once."""
    recorder = Recorder(None, salt=SALT)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown reply kind"):
        recorder.record_question(
            user_id=1,
            question="q",
            kind="maybe",  # type: ignore[arg-type]
            guild_id=None,
            channel_id=None,
        )
    with pytest.raises(ValueError, match="question_id or a message_id"):
        recorder.record_feedback(user_id=1, kind="helpful")
