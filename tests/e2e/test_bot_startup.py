"""End to end: start-up, global sync, shutdown and start-up failures against the fake Discord."""

from __future__ import annotations

import asyncio
import io
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot import exitcodes
from bot.discord import runner
from bot.discord.client import ArchiveBot, create_bot
from bot.service import ArchiveService
from tests.e2e.botkit import assert_clean, build_bot, settings_for
from tests.exts.fakes import SLASH_COMMANDS
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

ConnectClient = Callable[..., Awaitable[Any]]


async def test_sync_commands_pushes_global_commands_and_exits(
    fake_discord: FakeDiscord, knowledge_dir: Path
) -> None:
    """`archive-bot sync` logs in, syncs the commands globally once, and returns 0."""
    settings = settings_for(fake_discord, knowledge_dir)
    code = await asyncio.to_thread(runner.sync_commands, settings)
    assert code == exitcodes.OK
    assert {c["name"] for c in fake_discord.commands.get(None, [])} == SLASH_COMMANDS
    assert not fake_discord.commands.get(fake_discord.guild_id)
    assert fake_discord.sessions == []
    assert_clean(fake_discord)


async def test_rejected_token_is_one_plain_line(
    fake_discord: FakeDiscord, knowledge_dir: Path
) -> None:
    """A token Discord rejects (401) ends start-up with one line and exit code 1."""
    bot = build_bot(settings_for(fake_discord, knowledge_dir))
    stderr = io.StringIO()
    code = await runner.serve(bot, "d3Jvbmc.dG9rZW4.aGVyZQ", stderr=stderr)
    assert code == exitcodes.FAILURE
    assert stderr.getvalue().count("\n") == 1
    assert "rejected DISCORD_TOKEN" in stderr.getvalue()


async def test_failed_extension_load_is_fatal(
    fake_discord: FakeDiscord, knowledge_dir: Path
) -> None:
    """An extension that fails to load stops start-up instead of being skipped."""
    settings = settings_for(fake_discord, knowledge_dir)
    bot = create_bot(
        settings,
        ArchiveService.start(settings),
        extensions=("bot.discord.exts.qa", "bot.discord.exts.missing"),
    )
    stderr = io.StringIO()
    code = await runner.serve(bot, FakeDiscord.TOKEN, stderr=stderr)
    assert code == exitcodes.FAILURE
    assert "bot.discord.exts.missing" in stderr.getvalue()


async def test_sigterm_closes_the_bot_gracefully(
    fake_discord: FakeDiscord, knowledge_dir: Path
) -> None:
    """SIGTERM while serving closes the bot and serve() returns 0."""
    bot = build_bot(settings_for(fake_discord, knowledge_dir))
    bot._connection.guild_ready_timeout = 0.05
    task = asyncio.create_task(runner.serve(bot, FakeDiscord.TOKEN))
    await fake_discord.wait_until_ready(10)
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN, None)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(task, 10) == exitcodes.OK
    assert bot.is_closed()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


async def test_sharded_bot_connects_and_answers(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """With SHARD_COUNT=2 the sharded bot connects on both shards and answers /ask."""
    settings = settings_for(fake_discord, knowledge_dir, shard_count=2)
    bot: ArchiveBot = await connect_client(build_bot(settings))
    assert bot.shard_count == 2
    interaction = await fake_discord.send_slash_command(
        "ask", {"question": "When was GSOMIA restored?"}
    )
    assert (await interaction.wait_for_final())["embeds"]
    assert_clean(fake_discord)


async def test_plain_member_question_in_dm_is_answered(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """A question sent by DM is answered (DMs always carry their text)."""
    await connect_client(build_bot(settings_for(fake_discord, knowledge_dir)))
    sent = await fake_discord.send_message("When was GSOMIA restored?", dm=True)
    reply = await fake_discord.wait_for_message(int(sent["channel_id"]))
    assert reply["embeds"]
    assert_clean(fake_discord)
