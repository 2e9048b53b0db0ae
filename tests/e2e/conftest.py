"""Fixtures that run the real discord.py client against the local fake Discord.

`fake_discord` starts tests.fakediscord.FakeDiscord on 127.0.0.1 and points discord.py at it;
`connect_client` starts a bot against it and closes it cleanly after the test.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.discord.client import ArchiveBot
from tests.e2e.botkit import build_bot, copy_knowledge, settings_for
from tests.fakediscord import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)
ConnectClient = Callable[..., Awaitable[Any]]

#: How long discord.py waits after the last GUILD_CREATE before dispatching on_ready (its
#: default of 2 s would make every test slow; one local guild arrives at once).
FAST_GUILD_READY_TIMEOUT = 0.05


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A running FakeDiscord; discord.py's REST base and default gateway point at it."""
    async with FakeDiscord() as fake:
        monkeypatch.setattr(Route, "BASE", fake.api_base)
        monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
        yield fake


async def _until(task: asyncio.Task[None], awaitable: Awaitable[Any], seconds: float) -> None:
    """Await `awaitable`, failing fast with the bot's own error if its task ends first."""
    waiter = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait(
            {task, waiter}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        if not waiter.done():
            waiter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiter
    if waiter in done:
        waiter.result()
        return
    if task in done:
        task.result()  # raises what bot.start raised
        raise AssertionError("bot.start() returned before the bot was ready")
    raise AssertionError(f"bot not ready within {seconds}s")


async def _no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
    """Replaces discord.py's 5 s pause between shard IDENTIFYs (a real rate limit)."""


@pytest.fixture
async def connect_client(fake_discord: FakeDiscord) -> AsyncIterator[ConnectClient]:
    """Factory: `bot = await connect_client(bot)` starts bot.start(FakeDiscord.TOKEN) in a task
    and returns once both the fake (IDENTIFY + GUILD_CREATE on every shard) and the bot
    (on_ready) are ready. Teardown closes every bot it started and awaits its task."""
    started: list[tuple[discord.Client, asyncio.Task[None]]] = []
    reported: set[asyncio.Task[None]] = set()  # failures already raised by connect()

    async def connect(bot: ClientT, *, timeout: float = 10, fast: bool = True) -> ClientT:  # noqa: ASYNC109
        if fast:
            state = bot._connection
            state.guild_ready_timeout = min(state.guild_ready_timeout, FAST_GUILD_READY_TIMEOUT)
            bot.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
        task = asyncio.create_task(bot.start(FakeDiscord.TOKEN), name="bot-under-test")
        started.append((bot, task))
        try:
            await _until(task, fake_discord.wait_until_ready(timeout), timeout)
            await _until(task, bot.wait_until_ready(), timeout)
        except BaseException:
            reported.add(task)
            raise
        return bot

    yield connect

    for bot, task in reversed(started):
        await bot.close()
        try:
            await asyncio.wait_for(task, timeout=5)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise
        except Exception:
            if task not in reported:
                raise


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge, safe to edit in a test."""
    return copy_knowledge(tmp_path)


@pytest.fixture
async def bot(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> ArchiveBot:
    """The real ArchiveBot, connected to the fake Discord and ready."""
    archive_bot: ArchiveBot = await connect_client(
        build_bot(settings_for(fake_discord, knowledge_dir))
    )
    return archive_bot
