"""Fixtures for unit tests of the Discord front door: a stand-in engine, a service,
settings, a bot with its cogs, and Discord fakes that carry specs from real discord.py
classes (so a misspelt attribute fails the test instead of passing silently)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import discord
import pytest

from bot.discord.client import ArchiveBot
from bot.knowledge.models import Knowledge
from bot.service import ArchiveService
from bot.settings import Settings
from tests.exts.fakes import (
    ADMIN_ROLE_ID,
    ANSWER_CHANNEL_ID,
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    USER_ID,
    FakeEngine,
    make_knowledge,
)


@pytest.fixture
def knowledge() -> Knowledge:
    return make_knowledge()


@pytest.fixture
def engine(knowledge: Knowledge) -> FakeEngine:
    return FakeEngine(knowledge)


@pytest.fixture
def service(engine: FakeEngine) -> ArchiveService:
    def loader() -> Any:
        raise AssertionError("these tests do not reload")

    return ArchiveService(engine, loader=loader)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        discord_token="MTIz.NDU2.Nzg5",
        knowledge_dir=tmp_path,
        answer_channel_ids=[ANSWER_CHANNEL_ID],
        admin_role_ids=[ADMIN_ROLE_ID],
        question_burst=3,
        question_refill_seconds=20,
        repeat_window_seconds=300,
    )


@pytest.fixture
async def bot(settings: Settings, service: ArchiveService) -> ArchiveBot:
    """A bot with every extension loaded and a (fake) logged-in user; never connects."""
    archive_bot = ArchiveBot(settings=settings, service=service)
    archive_bot.loop = asyncio.get_running_loop()  # as login() sets it: dispatch() needs it
    for extension in archive_bot.initial_extensions:
        await archive_bot.load_extension(extension)
    user = mock.MagicMock(spec_set=discord.ClientUser)
    user.id = BOT_ID
    archive_bot._connection.user = user
    return archive_bot


@pytest.fixture
def make_interaction(bot: ArchiveBot) -> Callable[..., mock.MagicMock]:
    """Factory for spec'd Interaction fakes; the response starts not done."""

    def make(
        *,
        user_id: int = USER_ID,
        guild_id: int | None = GUILD_ID,
        channel_id: int = CHANNEL_ID,
        manage_guild: bool = False,
        role_ids: tuple[int, ...] = (),
        kind: discord.InteractionType = discord.InteractionType.application_command,
    ) -> mock.MagicMock:
        interaction = mock.MagicMock(spec_set=discord.Interaction)
        interaction.id = 999
        interaction.type = kind
        interaction.client = bot
        interaction.guild_id = guild_id
        interaction.channel_id = channel_id
        interaction.command = None
        member = mock.MagicMock(spec_set=discord.Member)
        member.id = user_id
        roles = []
        for role_id in role_ids:
            role = mock.MagicMock(spec_set=discord.Role)
            role.id = role_id
            roles.append(role)
        member.roles = roles
        interaction.user = member
        interaction.permissions = discord.Permissions(manage_guild=manage_guild)
        response = mock.MagicMock(spec_set=discord.InteractionResponse)
        state = {"done": False}

        def done() -> bool:
            return state["done"]

        async def finish(*args: Any, **kwargs: Any) -> mock.MagicMock:
            state["done"] = True
            callback = mock.MagicMock(spec_set=discord.InteractionCallbackResponse)
            callback.message_id = 777
            return callback

        response.is_done.side_effect = done
        response.send_message.side_effect = finish
        response.defer.side_effect = finish
        response.edit_message.side_effect = finish
        interaction.response = response
        followup = mock.MagicMock(spec_set=discord.Webhook)
        sent = mock.MagicMock(spec_set=discord.WebhookMessage)
        sent.id = 888
        followup.send.return_value = sent
        interaction.followup = followup
        return interaction

    return make


@pytest.fixture
def make_message(bot: ArchiveBot) -> Callable[..., mock.MagicMock]:
    """Factory for spec'd Message fakes in a guild text channel."""

    def make(
        content: str,
        *,
        channel_id: int = CHANNEL_ID,
        author_id: int = USER_ID,
        author_bot: bool = False,
        guild: bool = True,
        manage_guild: bool = False,
    ) -> mock.MagicMock:
        message = mock.MagicMock(spec_set=discord.Message)
        message.id = 1234
        message.content = content
        message.type = discord.MessageType.default
        message.webhook_id = None
        message.attachments = []
        message.embeds = []
        message.stickers = []
        author = mock.MagicMock(spec_set=discord.Member)
        author.id = author_id
        author.bot = author_bot
        author.guild_permissions = discord.Permissions(manage_guild=manage_guild)
        author.roles = []
        message.author = author
        message.guild = mock.MagicMock(spec_set=discord.Guild) if guild else None
        channel = mock.MagicMock(spec_set=discord.TextChannel)
        channel.id = channel_id
        sent = mock.MagicMock(spec_set=discord.Message)
        sent.jump_url = f"https://discord.com/channels/{GUILD_ID}/{channel_id}/4321"
        channel.send.return_value = sent
        message.channel = channel
        return message

    return make


@pytest.fixture
def sent_kwargs() -> Callable[[mock.MagicMock], dict[str, Any]]:
    """The keyword arguments of a mock's only await."""

    def get(method: mock.MagicMock) -> dict[str, Any]:
        method.assert_awaited_once()
        return dict(method.await_args.kwargs)

    return get
