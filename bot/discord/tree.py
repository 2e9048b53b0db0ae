"""The one error path for application commands and buttons.

Known errors get a clear, ephemeral message; anything else is logged with its
traceback and the user sees a generic apology, never the exception text.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.discord.embed import cooldown_content

if TYPE_CHECKING:
    from bot.discord.client import ArchiveBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()

GENERIC_ERROR = "Something went wrong on my side; it was logged. Please try again later."
NO_PERMISSION = "You don't have permission to use this command."
GUILD_ONLY = "This command only works in a server."


class UserFacingError(app_commands.AppCommandError):
    """An error whose message is written for the user and shown as is."""


class NotArchiveAdmin(app_commands.CheckFailure):
    """The user has neither Manage Server nor one of the configured admin roles."""


def user_message(error: BaseException) -> str | None:
    """The message to show for a known error, or None for an unexpected one."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserFacingError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return cooldown_content(error.retry_after)
    if isinstance(error, app_commands.NoPrivateMessage):
        return GUILD_ONLY
    if isinstance(
        error,
        NotArchiveAdmin
        | app_commands.MissingPermissions
        | app_commands.MissingRole
        | app_commands.MissingAnyRole,
    ):
        return NO_PERMISSION
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I'm missing permissions in this channel: {missing}."
    if isinstance(error, app_commands.TransformerError):
        return "That value isn't valid for this option."
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "This command has changed or is no longer available; please try again in a minute."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


async def send_ephemeral(interaction: discord.Interaction[Any], content: str) -> None:
    """Answer privately, as a followup once the interaction already has a response."""
    if interaction.type is discord.InteractionType.autocomplete:
        return
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                content, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
    except discord.HTTPException as exc:
        log.warning("Could not send an error message for interaction %s: %s", interaction.id, exc)


async def report_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the user what went wrong; log what they should not see."""
    message = user_message(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else None
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error(
            "Unhandled error in interaction %s (command %s, user %s, guild %s)",
            interaction.id,
            command,
            interaction.user.id,
            interaction.guild_id,
            exc_info=cause,
        )
        message = GENERIC_ERROR
    else:
        log.debug("Interaction %s refused: %s", interaction.id, message)
    await send_ephemeral(interaction, message)


class ArchiveTree(app_commands.CommandTree["ArchiveBot"]):
    """CommandTree whose on_error answers every failed command."""

    async def on_error(
        self, interaction: discord.Interaction[ArchiveBot], error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)
