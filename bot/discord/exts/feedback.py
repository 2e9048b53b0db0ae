"""Feedback on answers ("Helpful", "Not what I asked") and a member's /forget-me.

The buttons are `DynamicItem`s whose custom id carries the stored question's id
and the fact that answered, so they keep working after a restart. "Not what I
asked" is kept for the curators and answers privately with the other
candidates as suggestion buttons.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import limits
from bot.discord.client import ArchiveBot
from bot.discord.embed import FEEDBACK_PREFIX, fit_content
from bot.discord.tree import NO_MENTIONS, report_error
from bot.engine.types import NoAnswer, Reply, Suggestion
from bot.storage import StorageError
from bot.storage.records import FeedbackKind

log = logging.getLogger(__name__)

HELPFUL, NOT_ASKED = "ok", "no"
"""The custom-id codes of the two buttons."""
_KINDS: dict[str, FeedbackKind] = {HELPFUL: "helpful", NOT_ASKED: "not-what-i-asked"}
THANKS = "Thanks! That helps the curators see which answers work."
NOTED = "Thanks: the curators will see that this was not what you asked."
NOT_KEPT = "This bot is not keeping feedback right now, but thank you."
OTHERS = "Did you mean one of these?"
NO_OTHERS = "I have nothing closer; try asking with other words."
FORGOTTEN = "Done: I deleted {count} stored question(s) and feedback of yours."
NOTHING_KEPT = "This bot keeps no questions or feedback, so there is nothing to delete."
STORE_DOWN = "The database cannot be reached right now, so nothing was deleted. Try again later."


def feedback_buttons(question_id: str, fact_id: str | None) -> list[tuple[str, str, str]]:
    """(label, custom_id, code) for the two buttons under an answer, within Discord limits."""
    fact = (fact_id or "")[: limits.CUSTOM_ID - len(FEEDBACK_PREFIX) - len(question_id) - 4]
    return [
        ("Helpful", f"{FEEDBACK_PREFIX}{HELPFUL}:{question_id}:{fact}", HELPFUL),
        ("Not what I asked", f"{FEEDBACK_PREFIX}{NOT_ASKED}:{question_id}:{fact}", NOT_ASKED),
    ]


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(FEEDBACK_PREFIX)
    + r"(?P<code>ok|no):(?P<question>[0-9a-f]{1,32}):(?P<fact>[a-z0-9-]*)",
):
    """One of the two feedback buttons under an answer."""

    def __init__(self, label: str, custom_id: str) -> None:
        code = custom_id.removeprefix(FEEDBACK_PREFIX).split(":", 1)[0]
        style = discord.ButtonStyle.success if code == HELPFUL else discord.ButtonStyle.secondary
        emoji = "👍" if code == HELPFUL else "👎"
        super().__init__(
            discord.ui.Button(label=label, custom_id=custom_id, style=style, emoji=emoji, row=1)
        )
        match = self.__class__.__discord_ui_compiled_template__.fullmatch(custom_id)
        self.code = match["code"] if match else code
        self.question_id = match["question"] if match else ""
        self.fact_id = (match["fact"] if match else "") or None

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> FeedbackButton:
        label = getattr(item, "label", None) or "Feedback"
        return cls(label, match.group(0))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            # By name, not class: the Q&A cog imports this module before the extension
            # loader makes its own copy, so buttons may come from either copy.
            pressed = getattr(interaction.client.get_cog("Feedback"), "pressed", None)
            if pressed is None:
                raise RuntimeError("the feedback cog is not loaded")
            await pressed(interaction, self)
        except Exception as exc:
            await report_error(interaction, exc)


class Feedback(commands.Cog):
    """The feedback buttons and /forget-me."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(FeedbackButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(FeedbackButton)

    async def pressed(self, interaction: discord.Interaction[Any], button: FeedbackButton) -> None:
        """Keep the press; "Not what I asked" also offers the other candidates, privately."""
        storage = self.bot.storage
        kind = _KINDS[button.code]
        if storage is not None:
            storage.recorder.record_feedback(
                user_id=interaction.user.id,
                kind=kind,
                question_id=button.question_id or None,
                message_id=interaction.message.id if interaction.message else None,
            )
        if button.code == HELPFUL:
            text = THANKS if storage is not None else NOT_KEPT
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        from bot.discord.exts.qa import suggestion_view

        others = await self.other_candidates(button.question_id, button.fact_id)
        head = NOTED if storage is not None else NOT_KEPT
        offer = NoAnswer(question="", suggestions=others, score=0.0, reason="no-match")
        view = suggestion_view(offer, self.bot.service.knowledge.version)
        text = f"{head}\n{OTHERS if others else NO_OTHERS}"
        kwargs: dict[str, Any] = {"view": view} if view is not None else {}
        await interaction.response.send_message(
            fit_content(text), ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs
        )

    async def other_candidates(
        self, question_id: str, fact_id: str | None
    ) -> tuple[Suggestion, ...]:
        """What else the question could have meant: the engine's other candidates for it
        (when this process still remembers it), else other facts of the answer's post."""
        engine = self.bot.service.engine
        qa = self.bot.get_cog("QA")
        question = getattr(qa, "asked", {}).get(question_id) if qa is not None else None
        offered: list[Suggestion] = []
        if question:
            result = await asyncio.to_thread(engine.answer, question)
            pool = result.alternatives if isinstance(result, Reply) else result.suggestions
            offered = [s for s in pool if s.fact_id != fact_id]
        if not offered and fact_id:
            facts = engine.knowledge.facts
            post = next((f.post for f in facts if f.id == fact_id), None)
            offered = [
                Suggestion(f.questions[0], f.id)
                for f in facts
                if f.post == post and f.id != fact_id and f.questions
            ]
        return tuple(offered[:3])

    @app_commands.command(
        name="forget-me", description="Delete every question and feedback of yours the bot kept."
    )
    async def forget_me(self, interaction: discord.Interaction[ArchiveBot]) -> None:
        """Deletes every stored row carrying this member's hash; says how many, privately."""
        storage = self.bot.storage
        if storage is None:
            text = NOTHING_KEPT
        else:
            try:
                count = await storage.recorder.forget(interaction.user.id)
            except StorageError:
                log.warning("/forget-me could not reach the database")
                text = STORE_DOWN
            else:
                log.info("/forget-me deleted %d row(s)", count)
                text = FORGOTTEN.format(count=count)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Feedback(bot))
