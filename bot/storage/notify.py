"""Reload fan-out between processes of one bot: PostgreSQL LISTEN/NOTIFY. No discord import.

Every process that shares a DATABASE_URL listens on one channel. A process that
reloaded its knowledge publishes a `ReloadNotice` (its own id and the version it
now serves); every listener hands the notices of *other* processes to its
`on_notice` callback, one at a time, and ignores its own.

    listener = ReloadListener(url, origin=origin, on_notice=..., on_reconnect=...)
    await listener.start()              # returns at once; connects in the background
    await publish(url, ReloadNotice(origin, version))
    await listener.close()

The listener keeps one dedicated connection (LISTEN needs a session of its own,
so not one borrowed from the store's pool). When that connection is lost (the
server restarted, a network cut, a terminated backend), it logs one warning,
reconnects with a growing pause (1 s, 2 s, ... 30 s) and listens again; a
notice sent while it was away is lost, so `on_reconnect` runs after each
reconnection for the caller to catch up. A silent cut is found by a small
query every `keepalive` seconds. SQLite has nothing like this: with SQLite each
process reloads only on its own /reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.storage.base import StorageError
from bot.storage.postgres import mask_url

log = logging.getLogger(__name__)

CHANNEL = "archive_bot_reload"
"""The LISTEN/NOTIFY channel every process of the bot shares."""
APPLICATION_NAME = "archive-bot reload listener"
"""How the listener's connection shows in pg_stat_activity."""
_MAX_FIELD = 200
"""NOTIFY payloads must stay under 8000 bytes: each field is cut to this many characters."""
_DRIVER_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)

Connect = Callable[[], Awaitable[asyncpg.Connection]]
"""Opens the listener's connection (tests may pass their own)."""
Job = Callable[[], Awaitable[None]]


def new_origin() -> str:
    """An id for this process, unique across machines and restarts: host, pid, random."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True, slots=True)
class ReloadNotice:
    """What a process publishes after a successful reload."""

    origin: str
    """The publishing process's id (see `new_origin`)."""
    version: str
    """The knowledge version that process now serves."""

    def encode(self) -> str:
        return json.dumps(
            {"origin": self.origin[:_MAX_FIELD], "version": self.version[:_MAX_FIELD]},
            ensure_ascii=True,
        )

    @classmethod
    def decode(cls, payload: str) -> ReloadNotice | None:
        """The notice in a payload, or None when it is not one of ours."""
        try:
            data = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        origin, version = data.get("origin"), data.get("version")
        if not isinstance(origin, str) or not origin or not isinstance(version, str):
            return None
        return cls(origin, version)


async def publish(url: str, notice: ReloadNotice, *, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Send `notice` to every listener on the database (StorageError when it cannot)."""
    try:
        conn = await asyncpg.connect(url, timeout=timeout, command_timeout=timeout)
        try:
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, notice.encode())
        finally:
            await conn.close(timeout=timeout)
    except _DRIVER_ERRORS as exc:
        raise StorageError(
            f"PostgreSQL {mask_url(url)}: {type(exc).__name__}: {exc}".rstrip(": ")
        ) from exc


class ReloadListener:
    """Listens for other processes' reload notices on a dedicated, self-healing connection."""

    def __init__(
        self,
        url: str,
        *,
        origin: str,
        on_notice: Callable[[ReloadNotice], Awaitable[None]],
        on_reconnect: Job | None = None,
        timeout: float = 10.0,
        keepalive: float = 30.0,
        retry_delays: tuple[float, float] = (1.0, 30.0),
        connect: Connect | None = None,
    ) -> None:
        self.origin = origin
        self.where = mask_url(url)
        self._url = url
        self._on_notice = on_notice
        self._on_reconnect = on_reconnect
        self._timeout = timeout
        self._keepalive = keepalive
        self._first_delay, self._max_delay = retry_delays
        self._connect = connect or self._default_connect
        self._jobs: asyncio.Queue[Job] = asyncio.Queue()
        self._listening = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._connection: asyncpg.Connection | None = None
        self.connections = 0
        """How many times a connection was opened and LISTEN issued."""

    async def _default_connect(self) -> asyncpg.Connection:
        return await asyncpg.connect(
            self._url,
            timeout=self._timeout,
            command_timeout=self._timeout,
            server_settings={"application_name": APPLICATION_NAME},
        )

    @property
    def listening(self) -> bool:
        """True while LISTEN is active on a live connection."""
        return self._listening.is_set()

    @property
    def backend_pid(self) -> int | None:
        """The server process of the current connection (None while disconnected)."""
        conn = self._connection
        return conn.get_server_pid() if conn is not None and not conn.is_closed() else None

    async def start(self) -> None:
        """Start listening in the background; a database that is down is retried, not raised."""
        if self._tasks:
            return
        self._tasks = [
            asyncio.create_task(self._run(), name="reload-listener"),
            asyncio.create_task(self._work(), name="reload-notices"),
        ]

    async def wait_listening(self, timeout: float) -> None:  # noqa: ASYNC109
        """Wait until LISTEN is active (TimeoutError after `timeout` seconds)."""
        await asyncio.wait_for(self._listening.wait(), timeout)

    async def close(self) -> None:
        """Stop listening, drop the connection and the notices not yet handled."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _received(
        self,
        _conn: asyncpg.Connection | PoolConnectionProxy,
        _pid: int,
        _channel: str,
        payload: object,
    ) -> None:
        notice = ReloadNotice.decode(payload) if isinstance(payload, str) else None
        if notice is None:
            log.warning("Ignoring a malformed reload notice on channel %s", CHANNEL)
            return
        if notice.origin == self.origin:
            log.debug("Ignoring this process's own reload notice (knowledge %s)", notice.version)
            return
        on_notice = self._on_notice

        async def job() -> None:
            await on_notice(notice)

        self._jobs.put_nowait(job)

    async def _work(self) -> None:
        """Handle notices (and reconnection catch-ups) one at a time, in arrival order."""
        while True:
            job = await self._jobs.get()
            try:
                await job()
            except Exception:
                log.exception("Handling a reload notice failed")

    async def _run(self) -> None:
        delay = self._first_delay
        failing = False
        while True:
            try:
                conn = await self._connect()
            except _DRIVER_ERRORS as exc:
                if not failing:
                    log.warning(
                        "Reload listener cannot reach PostgreSQL %s (%s); retrying every %g-%gs",
                        self.where,
                        type(exc).__name__,
                        self._first_delay,
                        self._max_delay,
                    )
                    failing = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_delay)
                continue
            try:
                await self._listen(conn, reconnected=self.connections > 0)
                failing = False
                delay = self._first_delay
                await self._watch(conn)
                log.warning("Reload listener lost its connection to %s; reconnecting", self.where)
            except _DRIVER_ERRORS as exc:
                log.warning(
                    "Reload listener lost its connection to %s (%s); reconnecting",
                    self.where,
                    type(exc).__name__,
                )
            finally:
                self._listening.clear()
                self._connection = None
                await self._drop(conn)
            failing = True
            await asyncio.sleep(delay)

    async def _listen(self, conn: asyncpg.Connection, *, reconnected: bool) -> None:
        await conn.add_listener(CHANNEL, self._received)
        self._connection = conn
        self.connections += 1
        self._listening.set()
        if not reconnected:
            log.info("Listening for reloads of other processes on PostgreSQL %s", self.where)
            return
        log.info("Reload listener reconnected to %s", self.where)
        if self._on_reconnect is not None:
            self._jobs.put_nowait(self._on_reconnect)

    async def _watch(self, conn: asyncpg.Connection) -> None:
        """Return when the connection is gone; a silent cut fails the keepalive query."""
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _conn: lost.set())
        while not lost.is_set() and not conn.is_closed():
            try:
                await asyncio.wait_for(lost.wait(), self._keepalive)
            except TimeoutError:
                await conn.fetchval("SELECT 1", timeout=self._timeout)

    async def _drop(self, conn: asyncpg.Connection) -> None:
        if conn.is_closed():
            return
        try:
            await asyncio.wait_for(conn.close(), self._timeout)
        except _DRIVER_ERRORS:
            conn.terminate()
        except asyncio.CancelledError:
            conn.terminate()
            raise
