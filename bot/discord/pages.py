"""A private list shown one page at a time, with ◀ / ▶ buttons only its owner can press."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord

from bot.discord.tree import NO_MENTIONS

PAGE_TIMEOUT = 600.0
"""Seconds the buttons keep working: a page list is short-lived."""
NOT_YOURS = "This list belongs to someone else: run the command yourself."


class Pages(discord.ui.View):
    """Pages 0..pages-1 drawn by `draw(page)`; only `owner_id` turns them."""

    def __init__(self, pages: int, draw: Callable[[int], discord.Embed], owner_id: int) -> None:
        super().__init__(timeout=PAGE_TIMEOUT)
        self.pages = max(1, pages)
        self.draw = draw
        self.owner_id = owner_id
        self.page = 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            NOT_YOURS, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        return False

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.draw(self.page), view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Pages]
    ) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Pages]
    ) -> None:
        await self._turn(interaction, +1)


def page_count(items: int, per_page: int) -> int:
    """Pages needed for `items` at `per_page` a page (at least one)."""
    return max(1, -(-items // per_page))
