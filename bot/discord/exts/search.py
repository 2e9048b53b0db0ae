"""/search: the posts that best match some words, five a page, for members who browse.

The engine lists (no gate: a search does not answer); the result goes to the member
who asked (privately unless they ask for it in the channel), with ◀ / ▶ buttons
that only they can press.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import ArchiveBot
from bot.discord.embed import SEARCH_PAGE, search_embed
from bot.discord.pages import Pages, page_count
from bot.discord.tree import NO_MENTIONS
from bot.engine.text import MAX_QUESTION_CHARS

RESULTS = 25
"""Posts a search lists at most (five pages)."""


class Search(commands.Cog):
    """/search."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot

    @app_commands.command(name="search", description="Browse the posts that match some words.")
    @app_commands.describe(
        query="Words to look for, for example: Harry Harris",
        public="Show the results in the channel instead of only to you.",
    )
    async def search(
        self,
        interaction: discord.Interaction[ArchiveBot],
        query: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        public: bool = False,
    ) -> None:
        qa = self.bot.get_cog("QA")
        take_turn = getattr(qa, "take_turn", None)
        if take_turn is not None:  # the same flood control as questions
            retry_after, _ = take_turn(
                interaction.user, interaction.permissions, interaction.channel_id
            )
            if retry_after:
                raise app_commands.CommandOnCooldown(
                    app_commands.Cooldown(1, retry_after), retry_after
                )
        engine = self.bot.service.engine
        hits = await asyncio.to_thread(engine.search, query, RESULTS)
        pages = page_count(len(hits), SEARCH_PAGE)
        view = (
            Pages(pages, lambda page: search_embed(query, hits, page), interaction.user.id)
            if pages > 1
            else None
        )
        kwargs: dict[str, Any] = {"view": view} if view is not None else {}
        await interaction.response.send_message(
            embed=search_embed(query, hits, 0),
            ephemeral=not public,
            allowed_mentions=NO_MENTIONS,
            **kwargs,
        )


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Search(bot))
