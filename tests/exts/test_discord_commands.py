"""The command surface as a whole: descriptions, names, gates, autocomplete caps."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import discord
import pytest
from discord import app_commands

from bot.discord import limits
from bot.discord.client import (
    EXTENSIONS,
    ArchiveBot,
    ShardedArchiveBot,
    create_bot,
    invite_permissions,
    invite_url,
    make_intents,
)
from bot.service import ArchiveService
from bot.settings import Settings
from tests.exts.fakes import ADMIN_ROLE_ID, SLASH_COMMANDS, FakeEngine

MakeInteraction = Callable[..., mock.MagicMock]
NAME = re.compile(r"^[a-z0-9_-]{1,32}$")


def get_cog(bot: ArchiveBot, name: str) -> Any:
    """The loaded cog (load_extension imports a fresh module, so compare by name)."""
    cog = bot.get_cog(name)
    assert cog is not None
    assert type(cog).__name__ == name
    return cog


def walk(bot: ArchiveBot) -> Iterator[app_commands.Command[Any, ..., Any]]:
    for command in bot.tree.walk_commands():
        if isinstance(command, app_commands.Command):
            yield command


def test_every_extension_is_loaded(bot: ArchiveBot) -> None:
    """All extensions of the explicit tuple are loaded."""
    assert set(bot.extensions) == set(EXTENSIONS)


def test_expected_slash_commands_exist(bot: ArchiveBot) -> None:
    """/ask, /latest, /about and /reload are registered."""
    assert {c.name for c in bot.tree.get_commands()} == SLASH_COMMANDS


def test_every_command_and_option_has_a_description(bot: ArchiveBot) -> None:
    """Each command and option carries a real description within 100 characters."""
    for command in walk(bot):
        assert command.description, command.name
        assert command.description != "…", command.name
        assert len(command.description) <= 100
        for parameter in command.parameters:
            assert parameter.description, parameter.name
            assert parameter.description != "…", parameter.name
            assert len(parameter.description) <= 100


def test_command_and_option_names_are_valid_and_unique(bot: ArchiveBot) -> None:
    """Names are lowercase slugs of 1-32 characters and unique."""
    names = [command.name for command in walk(bot)]
    assert len(names) == len(set(names))
    for command in walk(bot):
        assert NAME.match(command.name)
        for parameter in command.parameters:
            assert NAME.match(parameter.name)


def test_command_definitions_serialize(bot: ArchiveBot) -> None:
    """Every command converts to the payload sent on sync."""
    for command in bot.tree.get_commands():
        assert command.to_dict(bot.tree)["name"] == command.name


def test_reload_is_gated_twice_and_guild_only(bot: ArchiveBot) -> None:
    """/reload defaults to Manage Server, is guild-only and has a runtime check."""
    reload = bot.tree.get_command("reload")
    assert isinstance(reload, app_commands.Command)
    assert reload.default_permissions is not None
    assert reload.default_permissions.manage_guild
    assert reload.guild_only
    assert reload.checks


def test_public_commands_are_not_gated(bot: ArchiveBot) -> None:
    """/ask, /latest and /about are open to everyone."""
    for name in ("ask", "latest", "about"):
        command = bot.tree.get_command(name)
        assert isinstance(command, app_commands.Command)
        assert command.default_permissions is None


def test_sync_prefix_command_is_owner_only(bot: ArchiveBot) -> None:
    """`!sync` exists and is restricted to the application owner."""
    sync = bot.get_command("sync")
    assert sync is not None
    assert any("is_owner" in getattr(check, "__qualname__", "") for check in sync.checks)


def test_bot_never_pings_by_default(bot: ArchiveBot) -> None:
    """The bot's default allowed_mentions allows no mention at all."""
    assert bot.allowed_mentions is not None
    assert dict(bot.allowed_mentions.to_dict()) == {"parse": []}


def test_message_content_intent_only_with_answer_channels(tmp_path: Path) -> None:
    """Message Content is requested only when answer channels are configured."""
    plain = Settings(_env_file=None, knowledge_dir=tmp_path)
    channels = Settings(_env_file=None, knowledge_dir=tmp_path, answer_channel_ids="1")
    assert not make_intents(plain).message_content
    assert make_intents(channels).message_content
    assert not make_intents(channels).members


@pytest.mark.parametrize(("value", "expected"), [("auto", None), ("3", 3)])
def test_shard_count_selects_the_sharded_bot(
    value: str, expected: int | None, settings: Settings, service: ArchiveService
) -> None:
    """SHARD_COUNT=auto lets Discord choose; a number fixes the count."""
    sharded = create_bot(
        settings.model_copy(update={"shard_count": value if value == "auto" else int(value)}),
        service,
    )
    assert isinstance(sharded, ShardedArchiveBot)
    assert isinstance(sharded, discord.AutoShardedClient)
    assert sharded.shard_count == expected


def test_no_shard_count_gives_the_plain_bot(settings: Settings, service: ArchiveService) -> None:
    """Without SHARD_COUNT the bot is not sharded."""
    assert not isinstance(create_bot(settings, service), discord.AutoShardedClient)


async def test_ask_autocomplete_caps_choices(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction
) -> None:
    """Autocomplete returns at most 25 choices with names and values of at most 100 chars."""
    engine.phrasings = tuple(f"{i} " + "very long question " * 20 for i in range(60))
    cog = get_cog(bot, "QA")
    choices = await cog.ask_autocomplete(make_interaction(), "que")
    assert 0 < len(choices) <= limits.CHOICES
    for choice in choices:
        assert 0 < len(choice.name) <= limits.CHOICE_NAME
        assert 0 < len(str(choice.value)) <= limits.CHOICE_VALUE


async def test_ask_autocomplete_never_raises(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction
) -> None:
    """An engine failure during autocomplete gives no choices instead of an error."""
    cog = get_cog(bot, "QA")
    with mock.patch.object(engine, "complete", side_effect=RuntimeError("boom")):
        assert await cog.ask_autocomplete(make_interaction(), "x") == []


async def test_ask_autocomplete_runs_off_the_event_loop(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction
) -> None:
    """The engine's completion (slow on its first call over a big archive) runs in a worker."""
    threads: list[threading.Thread] = []

    def complete(partial: str, limit: int = 25) -> tuple[str, ...]:
        threads.append(threading.current_thread())
        return ("When was GSOMIA restored?",)

    cog = get_cog(bot, "QA")
    with mock.patch.object(engine, "complete", side_effect=complete):
        choices = await cog.ask_autocomplete(make_interaction(), "")
    assert [c.name for c in choices] == ["When was GSOMIA restored?"]
    assert threads
    assert threads[0] is not threading.current_thread()


async def test_tag_autocomplete_caps_and_filters(
    bot: ArchiveBot, make_interaction: MakeInteraction
) -> None:
    """Tag autocomplete filters by the typed text and respects 25 x 100."""
    cog = get_cog(bot, "Info")
    with mock.patch.object(
        type(cog.service), "tags", new=(*(f"tag{i}" + "x" * 200 for i in range(40)), "other")
    ):
        choices = await cog.latest_tag_autocomplete(make_interaction(), "TAG")
        other = await cog.latest_tag_autocomplete(make_interaction(), "oth")
    assert len(choices) == limits.CHOICES
    assert all(len(c.name) <= 100 and len(str(c.value)) <= 100 for c in choices)
    assert [c.name for c in other] == ["other"]


def test_admin_role_setting_is_read(settings: Settings) -> None:
    """The fixture's admin role is configured (used by the /reload gate tests)."""
    assert settings.admin_role_ids == [ADMIN_ROLE_ID]


def test_docs_give_the_computed_invite_permissions() -> None:
    """docs/discord.md shows the same permission integer and scopes the code computes."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "discord.md").read_text("utf-8")
    assert str(invite_permissions().value) in docs
    assert invite_url(1).split("scope=")[1].split("&")[0] in docs


def test_invite_permissions_are_minimal() -> None:
    """The invite asks for no moderation or mention-everyone permission."""
    permissions = invite_permissions()
    assert not permissions.mention_everyone
    assert not permissions.manage_messages
    assert not permissions.administrator


def test_missing_message_content_flag_is_warned_at_start_up(
    bot: ArchiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Answer channels configured but the application lacks Message Content: a warning."""
    bot._application = mock.MagicMock(spec_set=discord.AppInfo)
    bot._connection.application_flags = discord.ApplicationFlags._from_value(0)
    bot.check_message_content_flag()
    assert "Message Content" in caplog.text


def test_granted_message_content_flag_is_quiet(
    bot: ArchiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    """With the (limited) Message Content flag the start-up check stays quiet."""
    bot._application = mock.MagicMock(spec_set=discord.AppInfo)
    bot._connection.application_flags = discord.ApplicationFlags._from_value(1 << 19)
    bot.check_message_content_flag()
    assert "Message Content" not in caplog.text
