"""Information commands: /latest and /about."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import limits
from bot.discord.client import ArchiveBot
from bot.discord.embed import about_embed, latest_embeds, no_posts_content
from bot.discord.process import add_process_fields
from bot.discord.tree import NO_MENTIONS

log = logging.getLogger(__name__)

MAX_LATEST = 5


def tag_choices(tags: tuple[str, ...], current: str) -> list[app_commands.Choice[str]]:
    """Tags containing `current` (prefix matches first), at most 25 of at most 100 chars."""
    needle = current.strip().casefold()
    prefix: list[str] = []
    inside: list[str] = []
    for tag in tags:
        folded = tag.casefold()
        if folded.startswith(needle):
            prefix.append(tag)
        elif needle in folded:
            inside.append(tag)
        if len(prefix) >= limits.CHOICES:
            break
    return [
        app_commands.Choice(
            name=limits.truncate(tag, limits.CHOICE_NAME), value=tag[: limits.CHOICE_VALUE]
        )
        for tag in (prefix + inside)[: limits.CHOICES]
    ]


class Info(commands.Cog):
    """What is new and what the bot knows."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot
        self.service = bot.service

    @app_commands.command(name="latest", description="Show the newest posts in the archive.")
    @app_commands.describe(
        count="How many posts to show (1 to 5).", tag="Only posts with this tag."
    )
    async def latest(
        self,
        interaction: discord.Interaction[ArchiveBot],
        count: app_commands.Range[int, 1, MAX_LATEST] = 1,
        tag: str | None = None,
    ) -> None:
        """Newest post(s): title, date, summary and link."""
        engine = self.service.engine
        posts = await asyncio.to_thread(engine.latest, count, tag or None)
        embeds = latest_embeds(posts)
        if not embeds:
            await interaction.response.send_message(
                no_posts_content(tag), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        await interaction.response.send_message(embeds=embeds, allowed_mentions=NO_MENTIONS)

    @latest.autocomplete("tag")
    async def latest_tag_autocomplete(
        self, interaction: discord.Interaction[ArchiveBot], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            return tag_choices(self.service.tags, current)
        except Exception:
            log.exception("Tag autocomplete failed for %r", current[:100])
            return []

    @app_commands.command(name="about", description="What this bot knows: archive, counts, dates.")
    async def about(self, interaction: discord.Interaction[ArchiveBot]) -> None:
        """Archive name, counts, date range, knowledge version, uptime, this process's shards."""
        embed = about_embed(
            self.service.knowledge,
            uptime=self.service.uptime(),
            loaded_at=self.service.loaded_at,
        )
        add_process_fields(embed, self.bot)
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS)


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Info(bot))
