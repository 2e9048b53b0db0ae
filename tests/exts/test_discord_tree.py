"""The CommandTree's on_error: clear ephemeral messages, logged internals, never raises."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from unittest import mock

import discord
import pytest
from discord import app_commands

from bot.discord.client import ArchiveBot
from bot.discord.tree import (
    GENERIC_ERROR,
    GUILD_ONLY,
    NO_PERMISSION,
    ArchiveTree,
    NotArchiveAdmin,
    UserFacingError,
    user_message,
)

MakeInteraction = Callable[..., mock.MagicMock]


def invoke_error(original: Exception) -> app_commands.CommandInvokeError:
    command = mock.MagicMock(spec=app_commands.Command)  # `name` is set per instance: no spec_set
    command.name = "ask"
    return app_commands.CommandInvokeError(command, original)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (app_commands.NoPrivateMessage(), GUILD_ONLY),
        (NotArchiveAdmin(), NO_PERMISSION),
        (app_commands.MissingPermissions(["manage_guild"]), NO_PERMISSION),
        (UserFacingError("Pick a smaller number."), "Pick a smaller number."),
    ],
)
def test_known_errors_get_their_message(error: Exception, expected: str) -> None:
    """Known errors map to a user-facing sentence."""
    assert user_message(error) == expected


def test_cooldown_error_says_when_to_retry() -> None:
    """A cooldown says how many seconds to wait."""
    error = app_commands.CommandOnCooldown(app_commands.Cooldown(5, 60), 12.3)
    assert "12 s" in (user_message(error) or "")


def test_user_facing_error_inside_a_command_is_unwrapped() -> None:
    """A UserFacingError raised inside a command shows its own message."""
    assert user_message(invoke_error(UserFacingError("Nope."))) == "Nope."


def test_unexpected_error_has_no_user_message() -> None:
    """An unexpected exception is not described to the user."""
    assert user_message(invoke_error(ZeroDivisionError("secret internals"))) is None


def test_bot_uses_the_archive_tree(bot: ArchiveBot) -> None:
    """The bot's command tree is the subclass with on_error."""
    assert isinstance(bot.tree, ArchiveTree)


async def test_on_error_answers_ephemerally_before_any_response(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: Callable[..., dict[str, Any]]
) -> None:
    """With no response yet, the error is the (ephemeral) response."""
    interaction = make_interaction()
    await bot.tree.on_error(interaction, app_commands.NoPrivateMessage())
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True
    assert interaction.response.send_message.await_args.args == (GUILD_ONLY,)
    interaction.followup.send.assert_not_awaited()


async def test_on_error_uses_followup_after_a_response(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: Callable[..., dict[str, Any]]
) -> None:
    """Once the interaction was answered or deferred, the error goes out as a followup."""
    interaction = make_interaction()
    await interaction.response.defer(ephemeral=True)
    await bot.tree.on_error(interaction, NotArchiveAdmin())
    assert sent_kwargs(interaction.followup.send)["ephemeral"] is True
    assert interaction.followup.send.await_args.args == (NO_PERMISSION,)


async def test_on_error_hides_and_logs_unexpected_errors(
    bot: ArchiveBot, make_interaction: MakeInteraction, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected error shows a generic message and is logged with its traceback."""
    interaction = make_interaction()
    with caplog.at_level(logging.ERROR, logger="bot.discord.tree"):
        await bot.tree.on_error(interaction, invoke_error(ZeroDivisionError("secret internals")))
    shown = interaction.response.send_message.await_args.args[0]
    assert shown == GENERIC_ERROR
    assert "secret" not in shown
    record = next(r for r in caplog.records if r.name == "bot.discord.tree")
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ZeroDivisionError)


async def test_on_error_swallows_a_failed_error_message(
    bot: ArchiveBot, make_interaction: MakeInteraction
) -> None:
    """If Discord refuses the error message (expired interaction), on_error does not raise."""
    interaction = make_interaction()
    response = mock.MagicMock(status=404, reason="Not Found")
    interaction.response.send_message.side_effect = discord.NotFound(
        response, "Unknown interaction"
    )
    await bot.tree.on_error(interaction, app_commands.NoPrivateMessage())


async def test_on_error_does_not_answer_autocomplete(
    bot: ArchiveBot, make_interaction: MakeInteraction
) -> None:
    """Autocomplete interactions cannot carry messages, so none is sent."""
    interaction = make_interaction(kind=discord.InteractionType.autocomplete)
    await bot.tree.on_error(interaction, app_commands.NoPrivateMessage())
    interaction.response.send_message.assert_not_awaited()
