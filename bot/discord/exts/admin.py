"""Admin commands: /reload (gated twice) and the owner's `!sync`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.admins import is_admin
from bot.discord.client import ArchiveBot
from bot.discord.embed import reload_content
from bot.discord.tree import NO_MENTIONS, NotArchiveAdmin

log = logging.getLogger(__name__)

T = TypeVar("T")


def is_archive_admin(interaction: discord.Interaction[Any], admin_role_ids: frozenset[int]) -> bool:
    """Manage Server (or Administrator) in this guild, or one of the configured admin roles."""
    if interaction.guild_id is None:
        return False
    return is_admin(interaction.user, interaction.permissions, admin_role_ids)


def archive_admin() -> Callable[[T], T]:
    """Runtime half of the double gate; `default_permissions` is the client-side half."""

    async def predicate(interaction: discord.Interaction[ArchiveBot]) -> bool:
        roles = frozenset(interaction.client.settings.admin_role_ids)
        if not is_archive_admin(interaction, roles):
            raise NotArchiveAdmin("Manage Server or an admin role is required.")
        return True

    return app_commands.check(predicate)


class Admin(commands.Cog):
    """Operator tools."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot
        self.service = bot.service

    @app_commands.command(name="reload", description="Reload the knowledge files (admins only).")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @archive_admin()
    async def reload(self, interaction: discord.Interaction[ArchiveBot]) -> None:
        """Re-read the knowledge folder; the old knowledge serves until the new one is ready."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        log.info("Reload requested by %s in guild %s", interaction.user.id, interaction.guild_id)
        report = await self.service.reload()
        if report.ok:
            self.bot.dispatch("knowledge_reloaded", report)  # other processes follow (fleet.py)
        await interaction.followup.send(
            reload_content(report), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(
        self,
        ctx: commands.Context[ArchiveBot],
        scope: Literal["global", "guild", "clear"] = "global",
    ) -> None:
        """Owner only: `!sync` (global), `!sync guild` (copy to this guild), `!sync clear`."""
        tree = self.bot.tree
        if scope == "global":
            synced = await tree.sync()
            where = "globally"
        elif ctx.guild is None:
            await ctx.send(
                "`guild` and `clear` only work in a server.", allowed_mentions=NO_MENTIONS
            )
            return
        else:
            if scope == "guild":
                tree.copy_global_to(guild=ctx.guild)
            else:
                tree.clear_commands(guild=ctx.guild)
            synced = await tree.sync(guild=ctx.guild)
            where = "to this server"
        log.info("Owner synced %d commands %s", len(synced), where)
        await ctx.send(f"Synced {len(synced)} command(s) {where}.", allowed_mentions=NO_MENTIONS)


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Admin(bot))
