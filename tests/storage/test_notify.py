"""Reload fan-out over PostgreSQL LISTEN/NOTIFY: notices, own notices, lost connections."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest

from bot.storage import StorageError
from bot.storage.notify import CHANNEL, ReloadListener, ReloadNotice, new_origin, publish

FAST_RETRY = (0.05, 0.2)
WAIT = 10.0

StartListener = Callable[..., Awaitable[ReloadListener]]


class Inbox:
    """What a listener handed to its callbacks, with a way to wait for it."""

    def __init__(self) -> None:
        self.notices: list[ReloadNotice] = []
        self.reconnects = 0
        self._changed = asyncio.Event()

    async def on_notice(self, notice: ReloadNotice) -> None:
        self.notices.append(notice)
        self._changed.set()

    async def on_reconnect(self) -> None:
        self.reconnects += 1
        self._changed.set()

    async def until(self, done: Callable[[], bool]) -> None:
        async def loop() -> None:
            while not done():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(loop(), WAIT)


@pytest.fixture
async def start_listener(pg_database: str) -> AsyncIterator[StartListener]:
    """Factory for started listeners on the test database; all are closed after the test."""
    started: list[ReloadListener] = []

    async def start(
        inbox: Inbox, *, origin: str = "process-b", keepalive: float = 30.0
    ) -> ReloadListener:
        listener = ReloadListener(
            pg_database,
            origin=origin,
            on_notice=inbox.on_notice,
            on_reconnect=inbox.on_reconnect,
            retry_delays=FAST_RETRY,
            keepalive=keepalive,
        )
        started.append(listener)
        await listener.start()
        await listener.wait_listening(WAIT)
        return listener

    yield start
    for listener in started:
        await listener.close()


async def terminate_backend(url: str, pid: int) -> None:
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


def test_a_notice_survives_the_wire() -> None:
    """encode/decode keep the origin and version; foreign payloads are not notices."""
    notice = ReloadNotice("host:1:ab", "2026-12-03.1")
    assert ReloadNotice.decode(notice.encode()) == notice
    for payload in ("", "not json", "[1]", '{"origin": "", "version": "v"}', '{"version": "v"}'):
        assert ReloadNotice.decode(payload) is None


def test_origins_differ_between_listeners_of_one_process() -> None:
    """Two bots in one process still tell their notices apart."""
    assert new_origin() != new_origin()


async def test_another_process_notice_is_handed_over(
    pg_database: str, start_listener: StartListener
) -> None:
    """A notice published by another process reaches on_notice with its origin and version."""
    inbox = Inbox()
    await start_listener(inbox)
    await publish(pg_database, ReloadNotice("process-a", "v2"))
    await inbox.until(lambda: bool(inbox.notices))
    assert inbox.notices == [ReloadNotice("process-a", "v2")]


async def test_own_notice_is_ignored(
    pg_database: str, start_listener: StartListener, caplog: pytest.LogCaptureFixture
) -> None:
    """A process's own notice is never handed to on_notice; the next foreign one is."""
    inbox = Inbox()
    await start_listener(inbox, origin="process-a")
    with caplog.at_level(logging.DEBUG, logger="bot.storage.notify"):
        await publish(pg_database, ReloadNotice("process-a", "v2"))
        await publish(pg_database, ReloadNotice("process-b", "v3"))  # arrives after the first
        await inbox.until(lambda: bool(inbox.notices))
    assert inbox.notices == [ReloadNotice("process-b", "v3")]
    assert "own reload notice" in caplog.text


async def test_malformed_payloads_are_skipped(
    pg_database: str, start_listener: StartListener, caplog: pytest.LogCaptureFixture
) -> None:
    """A stray NOTIFY on the channel is logged and skipped; later notices still arrive."""
    inbox = Inbox()
    await start_listener(inbox)
    conn = await asyncpg.connect(pg_database)
    try:
        await conn.execute("SELECT pg_notify($1, 'hello')", CHANNEL)
    finally:
        await conn.close()
    await publish(pg_database, ReloadNotice("process-a", "v2"))
    await inbox.until(lambda: bool(inbox.notices))
    assert inbox.notices == [ReloadNotice("process-a", "v2")]
    assert "malformed reload notice" in caplog.text


async def test_a_lost_connection_reconnects_and_listens_again(
    pg_database: str, start_listener: StartListener, caplog: pytest.LogCaptureFixture
) -> None:
    """After its backend is killed the listener reconnects, calls on_reconnect, and hears
    the next notice."""
    inbox = Inbox()
    listener = await start_listener(inbox)
    first_pid = listener.backend_pid
    assert first_pid is not None
    await terminate_backend(pg_database, first_pid)
    await inbox.until(lambda: inbox.reconnects == 1)
    assert listener.listening
    assert listener.backend_pid not in (None, first_pid)
    await publish(pg_database, ReloadNotice("process-a", "v2"))
    await inbox.until(lambda: bool(inbox.notices))
    assert inbox.notices == [ReloadNotice("process-a", "v2")]
    assert caplog.text.count("lost its connection") == 1


async def test_a_silent_cut_is_found_by_the_keepalive(start_listener: StartListener) -> None:
    """A connection that dies without a word is noticed by the keepalive query."""
    inbox = Inbox()
    listener = await start_listener(inbox, keepalive=0.05)
    conn = listener._connection
    assert conn is not None
    conn._transport.pause_reading()  # type: ignore[attr-defined]
    # the keepalive now waits for a reply that cannot be read: its timeout ends the session
    listener._timeout = 0.2
    await inbox.until(lambda: inbox.reconnects == 1)
    assert listener.connections == 2


async def test_an_unreachable_database_is_retried_until_it_answers(
    pg_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Connection failures at start are retried with one warning, then listening begins."""
    inbox = Inbox()
    failures = [OSError("connection refused")] * 3

    async def flaky_connect() -> asyncpg.Connection:
        if failures:
            raise failures.pop()
        return await asyncpg.connect(pg_database)

    listener = ReloadListener(
        pg_database,
        origin="process-b",
        on_notice=inbox.on_notice,
        retry_delays=(0.01, 0.02),
        connect=flaky_connect,
    )
    await listener.start()
    try:
        await listener.wait_listening(WAIT)
        await publish(pg_database, ReloadNotice("process-a", "v2"))
        await inbox.until(lambda: bool(inbox.notices))
    finally:
        await listener.close()
    assert caplog.text.count("cannot reach PostgreSQL") == 1
    assert inbox.reconnects == 0


async def test_a_failing_handler_does_not_stop_the_listener(
    pg_database: str, start_listener: StartListener
) -> None:
    """An exception in on_notice is logged; the next notice is still handled."""
    inbox = Inbox()
    calls: list[str] = []

    async def on_notice(notice: ReloadNotice) -> None:
        calls.append(notice.version)
        if notice.version == "v2":
            raise RuntimeError("boom")
        await inbox.on_notice(notice)

    listener = ReloadListener(
        pg_database, origin="process-b", on_notice=on_notice, retry_delays=FAST_RETRY
    )
    await listener.start()
    try:
        await listener.wait_listening(WAIT)
        await publish(pg_database, ReloadNotice("process-a", "v2"))
        await publish(pg_database, ReloadNotice("process-a", "v3"))
        await inbox.until(lambda: bool(inbox.notices))
    finally:
        await listener.close()
    assert calls == ["v2", "v3"]


async def test_publish_to_an_unreachable_database_is_a_storage_error() -> None:
    """publish fails with a StorageError whose message masks the password."""
    url = "postgresql://bot:hunter2-secret@127.0.0.1:1/none"
    with pytest.raises(StorageError) as failure:
        await publish(url, ReloadNotice("process-a", "v2"), timeout=2)
    assert "hunter2-secret" not in str(failure.value)
    assert "127.0.0.1" in str(failure.value)
