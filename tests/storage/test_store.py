"""The Store interface, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.storage.base import StorageError, Store
from bot.storage.migrations import LATEST, MIGRATIONS
from bot.storage.postgres import PostgresStore
from bot.storage.records import Candidate
from bot.storage.sqlite import SqliteStore
from tests.storage.conftest import NOW, Handle, feedback, question

DAY = dt.timedelta(days=1)


async def test_migrate_applies_every_version_once(handle: Handle) -> None:
    """A new database gets every migration; the next start applies nothing."""
    store = handle.store()
    try:
        assert await store.schema_version() == 0
        assert await store.migrate() == tuple(m.version for m in MIGRATIONS)
        assert await store.migrate() == ()
        assert await store.schema_version() == LATEST
    finally:
        await store.close()


def test_migrations_are_numbered_one_by_one_for_both_backends() -> None:
    """Versions run 1, 2, ... with SQL for each backend, so both databases share numbers."""
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.sqlite.strip() and m.postgresql.strip() for m in MIGRATIONS)


async def test_a_newer_schema_is_refused(handle: Handle, store: Store) -> None:
    """A database migrated by a newer bot is not touched by this one."""
    await handle.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) "
        f"VALUES ({LATEST + 1}, 'from the future', '2030-01-01T00:00:00Z')"
    )
    with pytest.raises(StorageError, match="newer than this bot knows"):
        await store.migrate()


async def test_rows_read_back_as_written(store: Store) -> None:
    """Every field survives the round trip: times, big ids, candidates, unicode."""
    rows = [
        question(1, text="GSOMIA가 언제 복원됐나요? 🤔 'quotes' \"double\""),
        question(
            2,
            at=NOW + dt.timedelta(microseconds=7),
            kind="silent",
            candidates=(Candidate("fact-b", None, None), Candidate(None, "post-c", 12.25)),
        ),
        question(3, kind="unsure", candidates=()),
    ]
    notes = [
        feedback(1, question_id=rows[0].id, kind="not-what-i-asked"),
        feedback(2, message_id=rows[1].message_id),
    ]
    await store.write(rows, notes)
    assert await store.questions(NOW - DAY) == [rows[0], rows[2], rows[1]]  # oldest first
    assert await store.feedback(NOW - DAY) == notes


async def test_writing_a_batch_twice_stores_it_once(store: Store) -> None:
    """A retried batch (after a failure half-way) adds no duplicates."""
    rows, notes = [question(1), question(2)], [feedback(1, question_id="x")]
    await store.write(rows, notes)
    await store.write(rows, notes)
    assert len(await store.questions(NOW - DAY)) == 2
    assert len(await store.feedback(NOW - DAY)) == 1


async def test_reads_keep_to_the_window(store: Store) -> None:
    """questions(since, until) holds rows from `since` up to, not including, `until`."""
    rows = [question(n, at=NOW - n * DAY) for n in range(5)]
    await store.write(rows, [feedback(n, at=NOW - n * DAY, message_id=n) for n in range(5)])
    got = await store.questions(NOW - 3 * DAY, NOW)
    assert [q.id for q in got] == [rows[3].id, rows[2].id, rows[1].id]
    assert [f.message_id for f in await store.feedback(NOW - 3 * DAY, NOW)] == [3, 2, 1]


async def test_purge_deletes_only_older_rows(store: Store) -> None:
    """Rows older than the cutoff go, questions and feedback alike; the count is returned."""
    old = NOW - 100 * DAY
    await store.write(
        [question(1, at=old), question(2, at=old), question(3)],
        [feedback(1, at=old, message_id=1), feedback(2, message_id=2)],
    )
    assert await store.purge(NOW - 90 * DAY) == 3
    assert [q.id for q in await store.questions(old - DAY)] == [question(3).id]
    assert [f.id for f in await store.feedback(old - DAY)] == [feedback(2).id]
    assert await store.purge(NOW - 90 * DAY) == 0


async def test_forget_deletes_every_row_of_one_user(store: Store) -> None:
    """forget() removes that user's questions and feedback, and no one else's."""
    await store.write(
        [question(1, user="alice"), question(2, user="bob"), question(3, user="alice")],
        [feedback(1, user="alice", message_id=1), feedback(2, user="bob", message_id=1)],
    )
    assert await store.forget("alice") == 3
    assert [q.user_hash for q in await store.questions(NOW - DAY)] == ["bob"]
    assert [f.user_hash for f in await store.feedback(NOW - DAY)] == ["bob"]
    assert await store.forget("alice") == 0


async def test_a_closed_store_raises_storage_error(handle: Handle) -> None:
    """Use after close() is a StorageError, not a driver error."""
    store = handle.store()
    await store.migrate()
    await store.close()
    with pytest.raises(StorageError):
        await store.questions(NOW)


async def test_an_unreachable_sqlite_file_is_a_storage_error(tmp_path: Path) -> None:
    """A data folder that cannot be created gives a plain StorageError naming the file."""
    (tmp_path / "file").write_text("not a folder")
    store = SqliteStore(tmp_path / "file" / "db.sqlite3")
    with pytest.raises(StorageError, match=r"db\.sqlite3"):
        await store.migrate()
    await store.close()


async def test_an_unreachable_server_is_a_storage_error_without_password() -> None:
    """Connection refused gives a StorageError whose text masks the password."""
    from tests.pgserver import _free_port

    store = PostgresStore(f"postgresql://bot:hunter2secret@127.0.0.1:{_free_port()}/x", timeout=5)
    with pytest.raises(StorageError) as caught:
        await store.migrate()
    await store.close()
    assert "hunter2secret" not in str(caught.value)
    assert "bot:***@127.0.0.1" in str(caught.value)
