"""/search: the posts that best match some words, five a page, for members who browse.

The engine lists (no gate: a search does not answer); the result goes to the member
who asked (privately unless they ask for it in the channel), with ◀ / ▶ buttons
that only they can press.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import ArchiveBot
from bot.discord.embed import SEARCH_PAGE, search_embed
from bot.discord.tree import NO_MENTIONS
from bot.engine.text import MAX_QUESTION_CHARS
from bot.engine.types import SearchHit

RESULTS = 25
"""Posts a search lists at most (five pages)."""
PAGE_TIMEOUT = 600.0


class SearchPages(discord.ui.View):
    """◀ / ▶ through the results; only the member who searched can turn the pages."""

    def __init__(self, query: str, hits: Sequence[SearchHit], owner_id: int) -> None:
        super().__init__(timeout=PAGE_TIMEOUT)
        self.query = query
        self.hits = hits
        self.owner_id = owner_id
        self.page = 0
        self.pages = max(1, -(-len(hits) // SEARCH_PAGE))
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These are someone else's results: use /search yourself.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )
        return False

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._sync()
        await interaction.response.edit_message(
            embed=search_embed(self.query, self.hits, self.page), view=self
        )

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[SearchPages]
    ) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[SearchPages]
    ) -> None:
        await self._turn(interaction, +1)


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
        view = SearchPages(query, hits, interaction.user.id) if len(hits) > SEARCH_PAGE else None
        kwargs: dict[str, Any] = {"view": view} if view is not None else {}
        await interaction.response.send_message(
            embed=search_embed(query, hits, 0),
            ephemeral=not public,
            allowed_mentions=NO_MENTIONS,
            **kwargs,
        )


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Search(bot))
