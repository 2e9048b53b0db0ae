"""For curators in Discord (admins only, gated like /reload): /misses and /stats.

Both read the kept questions and feedback of the last N days (after writing what
the recorder still buffers), do the grouping in a worker thread, and answer
privately. /misses pages through the groups with buttons, five a page.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import limits
from bot.discord.client import ArchiveBot
from bot.discord.exts.admin import archive_admin
from bot.discord.pages import Pages, page_count
from bot.discord.tree import NO_MENTIONS
from bot.storage.curator import MissGroup, Period, Stats, compute_stats, find_misses, load_period

log = logging.getLogger(__name__)

PAGE = 5
"""Miss groups on one page."""
NOT_KEPT = "This bot is not keeping questions (no storage), so there is nothing to show."
NO_MISSES = "No missed questions in the last {days} day(s). 🎉"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def miss_page_embed(groups: Sequence[MissGroup], page: int, days: int) -> discord.Embed:
    """One page of miss groups, biggest first, each with its wordings and best candidate."""
    pages = page_count(len(groups), PAGE)
    total = sum(g.count for g in groups)
    embed = discord.Embed(
        title=f"Missed questions, last {days} day(s)",
        description=f"{total} question(s) in {len(groups)} group(s), biggest first.",
        colour=discord.Colour.orange(),
    )
    for number, group in enumerate(groups[page * PAGE : (page + 1) * PAGE], page * PAGE + 1):
        wordings = "\n".join(
            f"• {limits.truncate(text, 150)} ×{count}" for text, count in group.phrasings[:4]
        )
        more = len(group.phrasings) - 4
        if more > 0:
            wordings += f"\n… and {more} other wording(s)"
        best = group.best
        candidate = (
            f"`{best.fact_id or best.post_id}`"
            + (f", score {best.score:.0f}" if best.score is not None else "")
            if best is not None and (best.fact_id or best.post_id)
            else "none"
        )
        why = f"{group.unanswered} unanswered, {group.thumbs_down} thumbs-down"
        embed.add_field(
            name=limits.truncate(f"{number}. asked {group.count}× ({why})", limits.FIELD_NAME),
            value=limits.truncate(
                limits.neutralize_mentions(f"{wordings}\nBest candidate: {candidate}"),
                limits.FIELD_VALUE,
            ),
            inline=False,
        )
    embed.set_footer(text=f"Page {page + 1} of {pages} · `archive-bot misses --draft` drafts facts")
    return embed


def stats_embed(stats: Stats, days: int) -> discord.Embed:
    """Questions asked, answered rate by tier, feedback, top facts and facts never asked."""
    embed = discord.Embed(
        title=f"Questions, last {days} day(s)",
        description=f"{stats.asked} question(s) from {stats.askers} member(s).",
        colour=discord.Colour.blurple(),
    )
    tiers = "\n".join(
        f"{kind}: {count} ({_share(count, stats.asked)})" for kind, count in stats.kinds.items()
    )
    rate = stats.answered_rate
    embed.add_field(
        name=f"Answered {rate:.0%}" if rate is not None else "Answered –",
        value=tiers or "–",
        inline=True,
    )
    embed.add_field(
        name="Feedback",
        value=f"👍 {stats.helpful}\n👎 {stats.not_what_asked}",
        inline=True,
    )
    top = "\n".join(f"`{fact}` ×{count}" for fact, count in stats.top_facts[:10])
    embed.add_field(name="Top facts", value=limits.truncate(top or "–", 1024), inline=False)
    if stats.never_asked is not None:
        shown = ", ".join(f"`{fact}`" for fact in stats.never_asked[:30])
        more = len(stats.never_asked) - 30
        if more > 0:
            shown += f" … and {more} more"
        embed.add_field(
            name=f"Facts never asked: {len(stats.never_asked)}",
            value=limits.truncate(shown or "none", limits.FIELD_VALUE),
            inline=False,
        )
    return embed


class Curator(commands.Cog):
    """/misses and /stats for the archive's curators."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot

    async def _period(
        self, interaction: discord.Interaction[ArchiveBot], days: int
    ) -> tuple[Period, list[Any], list[Any]] | None:
        """Defer privately and load the period's rows; None (after saying so) when this
        bot keeps nothing."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        storage = self.bot.storage
        if storage is None:
            await interaction.followup.send(NOT_KEPT, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return None
        await storage.recorder.flush()  # what was asked a moment ago counts too
        period = Period.last(days)
        questions, feedback = await load_period(storage.store, period)
        return period, questions, feedback

    @app_commands.command(name="misses", description="Unanswered and thumbs-down questions.")
    @app_commands.describe(days="How many days back (default 7).")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @archive_admin()
    async def misses(
        self,
        interaction: discord.Interaction[ArchiveBot],
        days: app_commands.Range[int, 1, 365] = 7,
    ) -> None:
        """The period's misses grouped by similarity, biggest groups first, five a page."""
        loaded = await self._period(interaction, days)
        if loaded is None:
            return
        _, questions, feedback = loaded
        groups = await asyncio.to_thread(find_misses, questions, feedback)
        if not groups:
            await interaction.followup.send(
                NO_MISSES.format(days=days), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        pages = Pages(
            page_count(len(groups), PAGE),
            lambda page: miss_page_embed(groups, page, days),
            interaction.user.id,
        )
        await interaction.followup.send(
            embed=miss_page_embed(groups, 0, days),
            view=pages,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="stats", description="Questions asked and how they were answered.")
    @app_commands.describe(days="How many days back (default 7).")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @archive_admin()
    async def stats(
        self,
        interaction: discord.Interaction[ArchiveBot],
        days: app_commands.Range[int, 1, 365] = 7,
    ) -> None:
        """Questions asked, answered rate by tier, feedback, top facts, facts never asked."""
        loaded = await self._period(interaction, days)
        if loaded is None:
            return
        period, questions, feedback = loaded
        fact_ids = [fact.id for fact in self.bot.service.knowledge.facts]
        figures = await asyncio.to_thread(
            compute_stats, questions, feedback, period, fact_ids=fact_ids
        )
        await interaction.followup.send(
            embed=stats_embed(figures, days), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Curator(bot))
