"""The fake Discord's optional second guild: on the other shard, with its own channels,
roles and members, reached only by the shard that owns it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import discord
import pytest
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.fakediscord import FakeDiscord
from tests.fakediscord.payloads import shard_of

pytestmark = pytest.mark.e2e

ConnectClient = Callable[..., Awaitable[Any]]


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """Overrides the conftest fixture: the fake with its second guild (connect_client uses it)."""
    async with FakeDiscord(second_guild=True) as fake:
        monkeypatch.setattr(Route, "BASE", fake.api_base)
        monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
        yield fake


class Listener(commands.AutoShardedBot):
    """Records the guild and shard of every message it sees."""

    def __init__(self, **options: Any) -> None:
        super().__init__(command_prefix="!", intents=discord.Intents.default(), **options)
        self.seen: list[tuple[int | None, int | None]] = []
        self.got_one = asyncio.Event()

    async def on_message(self, message: discord.Message) -> None:
        guild = message.guild
        self.seen.append((guild.id if guild else None, guild.shard_id if guild else None))
        self.got_one.set()


def test_the_guilds_are_on_different_shards(fake_discord: FakeDiscord) -> None:
    """With two shards the first guild is on shard 0 and the second on shard 1."""
    first, second = fake_discord.world, fake_discord.second_world
    assert shard_of(first.guild_id, 2) == 0
    assert shard_of(second.guild_id, 2) == 1
    assert second.guild_id != first.guild_id
    assert second.general_channel_id not in {first.general_channel_id, first.answers_channel_id}
    assert second.admin_role_id != first.admin_role_id


async def test_one_bot_on_both_shards_sees_both_guilds(
    fake_discord: FakeDiscord, connect_client: ConnectClient
) -> None:
    """A bot connecting both shards gets each guild on its own shard, with its channels."""
    bot: Listener = await connect_client(Listener(shard_count=2))
    second = fake_discord.second_world
    guilds = {guild.id: guild for guild in bot.guilds}
    assert set(guilds) == {fake_discord.guild_id, second.guild_id}
    assert guilds[second.guild_id].shard_id == 1
    assert guilds[second.guild_id].name == "Archive Second Guild"
    assert {c.id for c in guilds[second.guild_id].text_channels} == {
        second.general_channel_id,
        second.answers_channel_id,
    }


async def test_a_process_on_shard_one_gets_only_the_second_guild(
    fake_discord: FakeDiscord,
) -> None:
    """SHARD_IDS-style (shard 1 of 2): only the second guild arrives, and only its messages.
    (Not through connect_client: the fake is "ready" only when every shard is connected.)"""
    bot = Listener(shard_count=2, shard_ids=[1])
    bot._connection.guild_ready_timeout = 0.05
    task = asyncio.create_task(bot.start(FakeDiscord.TOKEN))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        assert [guild.id for guild in bot.guilds] == [fake_discord.second_world.guild_id]
        first = await fake_discord.send_message("first guild")
        second = await fake_discord.send_message(
            "second guild", channel_id=fake_discord.second_world.general_channel_id
        )
        assert first["guild_id"] == str(fake_discord.guild_id)
        assert second["guild_id"] == str(fake_discord.second_world.guild_id)
        await asyncio.wait_for(bot.got_one.wait(), 5)
        assert bot.seen == [(fake_discord.second_world.guild_id, 1)]
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def test_an_interaction_in_the_second_guild_carries_its_ids(
    fake_discord: FakeDiscord,
) -> None:
    """A slash command in the second guild's channel names that guild and its member roles."""
    second = fake_discord.second_world
    payload = fake_discord._interaction_base(
        2, {"name": "x"}, fake_discord.admin_user, second.general_channel_id, True
    )
    assert payload["guild_id"] == str(second.guild_id)
    assert payload["member"]["roles"] == [str(second.admin_role_id)]


async def test_without_the_option_there_is_one_guild() -> None:
    """The default fake keeps its single guild; asking for the second one is a test error."""
    async with FakeDiscord() as fake:
        assert [w.guild_id for w in fake.worlds] == [fake.guild_id]
        with pytest.raises(AssertionError, match="second_guild=True"):
            _ = fake.second_world
