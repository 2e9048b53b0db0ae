"""Questions and answers: /ask, mentions, answer channels, suggestion buttons.

The cog only decides when to speak and sends what the renderer built; the
engine answers and the renderer keeps every text within Discord's limits.
Suggestion buttons are `DynamicItem`s, so they keep working after a restart;
a click edits the "I don't know" message in place into the answer.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import limits
from bot.discord.admins import is_admin
from bot.discord.client import MESSAGE_CONTENT_WARNING, PREFIX, ArchiveBot
from bot.discord.embed import (
    GONE_NOTE,
    SUGGEST_PREFIX,
    VERSION_TAG,
    WAIT_REACTION,
    cooldown_content,
    fit_content,
    help_content,
    no_answer_content,
    repeat_content,
    reply_embed,
    suggestion_buttons,
)
from bot.discord.exts.feedback import FeedbackButton, feedback_buttons
from bot.discord.flood import TokenBucket
from bot.discord.policy import RepeatTracker, looks_like_question
from bot.discord.tree import GENERIC_ERROR, NO_MENTIONS, report_error
from bot.engine.text import MAX_QUESTION_CHARS
from bot.engine.types import NoAnswer, Reply, Tier
from bot.render.guide import THANKS_REPLY, guide, says_thanks, wants_help
from bot.storage.outcome import candidates, reply_kind

log = logging.getLogger(__name__)

Result = Reply | NoAnswer

ACK_BUDGET = 2.0
"""Seconds to wait for an answer before deferring (Discord allows 3 for the first response)."""
EMPTY_MESSAGES_BEFORE_WARNING = 3
LOOKUPS_PER_REPLY = 4
"""Answer-channel questions looked up per allowed reply: most end in silence, which is free."""
ASKED_KEPT = 5_000
"""Recent questions remembered by id (for feedback); older ones fall back to the post."""
COMMANDS = (
    ("/ask", "ask a question (privately with private: True)"),
    ("/latest", "the newest posts, optionally of one tag"),
    ("/about", "what the archive holds and its knowledge version"),
    ("/help", "this guide"),
)
HOW_TO_ASK = (
    "Mention me with a question, ask in a channel set aside for me, or use `/ask`. "
    "Ask the way you would ask a person: *When was GSOMIA restored?* works, so does a typo."
)
_ANSWERABLE_TYPES = frozenset({discord.MessageType.default, discord.MessageType.reply})


def jump_url(guild_id: int | None, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


def without_none(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Send arguments minus the unset ones (None means "remove" only when editing)."""
    return {key: value for key, value in kwargs.items() if value is not None}


def autocomplete_choices(phrasings: tuple[str, ...]) -> list[app_commands.Choice[str]]:
    """At most 25 distinct choices, name and value each at most 100 characters."""
    choices: list[app_commands.Choice[str]] = []
    seen: set[str] = set()
    for phrasing in phrasings:
        text = limits.truncate(" ".join(phrasing.split()), limits.CHOICE_NAME)
        if not text or text in seen:
            continue
        seen.add(text)
        choices.append(app_commands.Choice(name=text, value=text[: limits.CHOICE_VALUE]))
        if len(choices) == limits.CHOICES:
            break
    return choices


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.escape(SUGGEST_PREFIX)
    + rf"(?:v(?P<version>[0-9a-zA-Z]{{1,{VERSION_TAG}}}):)?(?P<question>.+)",
):
    """A suggested question; clicking it answers in place (the message is edited).

    The custom id names the knowledge version that made the button (older buttons
    carry none): after a reload the click answers from the knowledge serving now,
    and says so when that knowledge no longer answers it.
    """

    def __init__(self, label: str, custom_id: str) -> None:
        super().__init__(
            discord.ui.Button(label=label, custom_id=custom_id, style=discord.ButtonStyle.secondary)
        )
        match = self.__class__.__discord_ui_compiled_template__.fullmatch(custom_id)
        self.version = (match["version"] or "") if match else ""
        self.question = match["question"] if match else custom_id.removeprefix(SUGGEST_PREFIX)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SuggestionButton:
        label = getattr(item, "label", None) or match["question"]
        return cls(limits.truncate(label, limits.BUTTON_LABEL), match.group(0))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            cog = interaction.client.get_cog(QA.__cog_name__)
            if not isinstance(cog, QA):
                raise RuntimeError("the Q&A cog is not loaded")
            await cog.answer_suggestion(interaction, self.question, self.version)
        except Exception as exc:
            await report_error(interaction, exc)


def suggestion_view(result: Result, version: str = "") -> discord.ui.View | None:
    """Up to three suggestion buttons (a likely answer's other candidates, or an "I don't
    know"'s suggestions), or None when there is nothing to suggest."""
    buttons = suggestion_buttons(result, version)
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for label, custom_id in buttons:
        view.add_item(SuggestionButton(label, custom_id))
    return view


class QA(commands.Cog):
    """Answers questions from /ask, mentions and answer channels."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot
        self.service = bot.service
        settings = bot.settings
        self.answer_channels = frozenset(settings.answer_channel_ids)
        self.admin_roles = frozenset(settings.admin_role_ids)
        clock = bot.clock
        self.members = TokenBucket(
            settings.question_burst, settings.question_refill_seconds, clock=clock
        )
        self.channels = TokenBucket(
            settings.channel_burst, settings.channel_refill_seconds, clock=clock
        )
        self.lookups = TokenBucket(
            settings.question_burst * LOOKUPS_PER_REPLY,
            settings.question_refill_seconds / LOOKUPS_PER_REPLY,
            clock=clock,
        )
        self.repeats = RepeatTracker(settings.repeat_window_seconds, clock=clock)
        self.asked: OrderedDict[str, str] = OrderedDict()
        """Recent kept questions by id, for "Not what I asked" to offer the other candidates."""
        self.ack_budget = ACK_BUDGET
        self._empty_messages = 0
        self._intent_warned = False

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SuggestionButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SuggestionButton)

    # --- answering -------------------------------------------------------------

    async def answer(self, question: str, door: str = "ask") -> tuple[Result, str]:
        """The engine's result and the knowledge version it came from; logs one INFO line
        (where it was asked, tier, fact or post, score, milliseconds; never who asked)."""
        engine = self.service.engine  # one snapshot per question, even during a reload
        started = time.perf_counter()
        result = await asyncio.to_thread(engine.answer, question)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if isinstance(result, Reply):
            tier, what = result.tier.value, result.fact_id or f"post:{result.post_id}"
        else:
            tier, what = "unsure", f"no-answer:{result.reason}"
        log.info(
            "question via %s: %s %s score %.0f in %.1f ms (%d chars)",
            door,
            tier,
            what,
            result.score,
            elapsed_ms,
            len(question),
        )
        return result, engine.knowledge.version

    def render(
        self, result: Result, version: str, question_id: str | None = None
    ) -> dict[str, Any]:
        """Keyword arguments for send/edit: an embed for a Reply, text and buttons otherwise.

        An answer whose question was kept (`question_id`) gets the two feedback buttons
        on a row of their own, under any suggestion buttons.
        """
        kwargs: dict[str, Any]
        if isinstance(result, Reply):
            kwargs = {"content": None, "embed": reply_embed(result, version=version)}
        else:
            kwargs = {"content": no_answer_content(result), "embed": None}
        view = suggestion_view(result, version)
        if isinstance(result, Reply) and question_id is not None:
            view = view or discord.ui.View(timeout=None)
            for label, custom_id, _ in feedback_buttons(question_id, result.fact_id):
                view.add_item(FeedbackButton(label, custom_id))
        if view is not None:
            kwargs["view"] = view
        return kwargs

    def record(
        self,
        result: Result,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
        version: str,
        silent: bool = False,
    ) -> str | None:
        """Keep the question for the curators (off the event loop; never raises for the
        database); returns its id for the feedback buttons, or None when nothing is kept."""
        storage = self.bot.storage
        if storage is None or not result.question:
            return None
        question_id = storage.recorder.record_question(
            user_id=user_id,
            question=result.question,
            kind="silent" if silent else reply_kind(result),
            guild_id=guild_id,
            channel_id=channel_id,
            candidates=candidates(result),
            knowledge_version=version,
        )
        self.asked[question_id] = result.question
        while len(self.asked) > ASKED_KEPT:
            self.asked.popitem(last=False)
        return question_id

    # --- /ask ------------------------------------------------------------------

    def take_turn(
        self, user: discord.abc.User, permissions: discord.Permissions, channel_id: int | None
    ) -> tuple[float, str]:
        """Take a question from the member's bucket and the channel's: (0.0, "") when it
        may be answered, else (seconds to wait, which bucket said no). Admins are never
        limited."""
        if is_admin(user, permissions, self.admin_roles):
            return 0.0, ""
        retry_after = self.members.hit(user.id)
        if retry_after:
            return retry_after, "member"
        if channel_id is not None:
            retry_after = self.channels.hit(channel_id)
            if retry_after:
                self.members.refund(user.id)
                return retry_after, "channel"
        return 0.0, ""

    def give_back(self, user_id: int, channel_id: int | None) -> None:
        """Refund a question that got no reply after all (silence in an answer channel)."""
        self.members.refund(user_id)
        if channel_id is not None:
            self.channels.refund(channel_id)

    async def interaction_check(self, interaction: discord.Interaction[ArchiveBot]) -> bool:  # type: ignore[override]
        """The member's bucket, shared with mentions and answer channels; a refusal goes to
        the tree's on_error, which answers it privately. `/help` is always free."""
        if interaction.command is not None and interaction.command.name == "help":
            return True
        retry_after, bucket = self.take_turn(
            interaction.user, interaction.permissions, interaction.channel_id
        )
        if retry_after:
            limiter = self.members if bucket == "member" else self.channels
            raise app_commands.CommandOnCooldown(
                app_commands.Cooldown(limiter.burst, limiter.full_seconds), retry_after
            )
        return True

    @app_commands.command(name="ask", description="Ask the archive a question.")
    @app_commands.describe(
        question="Your question, for example: When was GSOMIA restored?",
        private="Show the answer only to you.",
    )
    async def ask(
        self,
        interaction: discord.Interaction[ArchiveBot],
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool = False,
    ) -> None:
        """Answer with a quote and a link, publicly unless `private`."""
        channel_id = interaction.channel_id
        if wants_help(question) or says_thanks(question):
            text = THANKS_REPLY if says_thanks(question) else self.help_text()
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        if not private and channel_id is not None:
            earlier = self.repeats.lookup(channel_id, question, self.service.knowledge.version)
            if earlier is not None:
                await interaction.response.send_message(
                    repeat_content(earlier), ephemeral=True, allowed_mentions=NO_MENTIONS
                )
                return
        task = asyncio.ensure_future(self.answer(question))
        done, _ = await asyncio.wait({task}, timeout=self.ack_budget)
        if not done:
            await interaction.response.defer(ephemeral=private, thinking=True)
        result, version = await task
        question_id = self.record(
            result,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            channel_id=channel_id,
            version=version,
        )
        kwargs = without_none(self.render(result, version, question_id))
        message_id: int | None
        if interaction.response.is_done():
            sent = await interaction.followup.send(
                ephemeral=private, allowed_mentions=NO_MENTIONS, wait=True, **kwargs
            )
            message_id = sent.id
        else:
            callback = await interaction.response.send_message(
                ephemeral=private, allowed_mentions=NO_MENTIONS, **kwargs
            )
            message_id = callback.message_id
        if isinstance(result, Reply) and not private and channel_id and message_id:
            self.repeats.record(
                channel_id,
                question,
                jump_url(interaction.guild_id, channel_id, message_id),
                version,
            )

    @app_commands.command(name="help", description="How to ask, the commands, examples.")
    async def help(self, interaction: discord.Interaction[ArchiveBot]) -> None:
        """The guide, privately."""
        await interaction.response.send_message(
            self.help_text(), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    def help_text(self) -> str:
        """The guide over the knowledge serving now."""
        return help_content(guide(self.service.knowledge, COMMANDS, how_to_ask=HOW_TO_ASK))

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[ArchiveBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Question phrasings the archive can answer (never raises).

        In a worker thread: the engine's first completion after a start or a reload
        prepares its lists, about 0.2 s at 100k posts, which would stall the event loop.
        """
        engine = self.service.engine
        try:
            phrasings = await asyncio.to_thread(engine.complete, current, limits.CHOICES)
            return autocomplete_choices(phrasings)
        except Exception:
            log.exception("Autocomplete failed for %r", current[:100])
            return []

    # --- suggestion buttons ----------------------------------------------------

    async def answer_suggestion(
        self, interaction: discord.Interaction[Any], question: str, made_by: str = ""
    ) -> None:
        """Edit the message into the answer to the chosen suggestion, from the knowledge
        serving now; `made_by` is the version that made the button, if it says."""
        result, version = await self.answer(question, "button")
        question_id = self.record(
            result,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            version=version,
        )
        kwargs = self.render(result, version, question_id)
        kwargs.setdefault("view", None)
        if made_by and not version.startswith(made_by) and isinstance(result, NoAnswer):
            kwargs["content"] = fit_content(f"{GONE_NOTE}\n{kwargs['content']}")
        await interaction.response.edit_message(allowed_mentions=NO_MENTIONS, **kwargs)

    # --- mentions and answer channels -----------------------------------------

    def _in_answer_channel(self, message: discord.Message) -> bool:
        channel = message.channel
        parent_id = getattr(channel, "parent_id", None)
        return channel.id in self.answer_channels or parent_id in self.answer_channels

    def _mention_pattern(self) -> re.Pattern[str] | None:
        user = self.bot.user
        return re.compile(rf"<@!?{user.id}>") if user else None

    def _note_content(self, message: discord.Message) -> None:
        """Warn once when answer-channel messages keep arriving without their text."""
        if message.content or message.attachments or message.embeds or message.stickers:
            self._empty_messages = 0
            return
        self._empty_messages += 1
        if self._empty_messages >= EMPTY_MESSAGES_BEFORE_WARNING and not self._intent_warned:
            self._intent_warned = True
            log.warning("%s", MESSAGE_CONTENT_WARNING)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        if message.type not in _ANSWERABLE_TYPES or self.bot.user is None:
            return
        if message.author.id == self.bot.user.id:
            return
        pattern = self._mention_pattern()
        mentioned = bool(pattern and pattern.search(message.content))
        direct = mentioned or message.guild is None
        in_answer_channel = self._in_answer_channel(message)
        if not direct and not in_answer_channel:
            return
        if in_answer_channel and not direct:
            self._note_content(message)
        text = pattern.sub(" ", message.content) if pattern else message.content
        text = " ".join(text.split())
        if text.startswith(PREFIX):
            return  # an owner command, handled by the prefix-command machinery
        if not direct and not looks_like_question(text):
            return
        try:
            await self._answer_message(message, text, direct=direct)
        except Exception:
            log.exception(
                "Failed to answer message %s in channel %s", message.id, message.channel.id
            )
            if direct:  # the member asked the bot: say so rather than stay silent
                await self._reply(message, content=GENERIC_ERROR)

    async def _answer_message(self, message: discord.Message, text: str, *, direct: bool) -> None:
        user_id = message.author.id
        channel_id = message.channel.id
        # Every reply counts, bare mentions too (no help floods); silence is refunded below.
        retry_after, bucket = self.take_turn(message.author, _permissions(message), channel_id)
        if retry_after:
            if direct:
                await self._limited(message, retry_after, bucket)
            return  # answer channels: a limited question is one the bot stays silent on
        if not text or wants_help(text):
            await self._reply(message, content=self.help_text())
            return
        if says_thanks(text):
            await self._reply(message, content=THANKS_REPLY)
            return
        knowledge_version = self.service.knowledge.version
        earlier = self.repeats.lookup(channel_id, text, knowledge_version)
        if earlier is not None:
            await self._reply(message, content=repeat_content(earlier))
            return
        if not direct and self.lookups.hit(user_id):
            self.give_back(user_id, channel_id)
            return  # a flood of unanswered questions: stop looking them up for a while
        result, version = await self.answer(text, "mention" if direct else "channel")
        guild_id = message.guild.id if message.guild else None
        if not direct and not (isinstance(result, Reply) and result.tier is Tier.CONFIDENT):
            self.give_back(user_id, channel_id)  # only replies count toward the limit
            self.record(
                result,
                user_id=user_id,
                guild_id=guild_id,
                channel_id=channel_id,
                version=version,
                silent=True,
            )
            return  # answer channels: only confident answers, otherwise stay silent
        question_id = self.record(
            result, user_id=user_id, guild_id=guild_id, channel_id=channel_id, version=version
        )
        sent = await self._reply(message, **self.render(result, version, question_id))
        if sent is not None and isinstance(result, Reply):
            self.repeats.record(channel_id, text, sent.jump_url, version)

    async def _limited(self, message: discord.Message, retry_after: float, bucket: str) -> None:
        """One notice per limited spell, then a reaction: the member sees they were heard."""
        limiter = self.members if bucket == "member" else self.channels
        key = message.author.id if bucket == "member" else message.channel.id
        if limiter.should_warn(key):
            await self._reply(message, content=cooldown_content(retry_after, then_react=True))
            return
        try:
            await message.add_reaction(WAIT_REACTION)
        except discord.HTTPException as exc:  # Forbidden included: no Add Reactions here
            log.debug("Could not react in channel %s: %s", message.channel.id, exc)

    async def _reply(self, message: discord.Message, **kwargs: Any) -> discord.Message | None:
        """Reply without pinging anyone; a deleted original just drops the reference."""
        try:
            return await message.channel.send(
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
                **without_none(kwargs),
            )
        except discord.Forbidden:
            log.warning("Missing permission to reply in channel %s", message.channel.id)
        except discord.HTTPException as exc:
            log.warning("Could not reply in channel %s: %s", message.channel.id, exc)
        return None


def _permissions(message: discord.Message) -> discord.Permissions:
    """The author's permissions where the message was sent (none in a DM)."""
    author = message.author
    if isinstance(author, discord.Member):
        return author.guild_permissions
    return discord.Permissions.none()


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(QA(bot))
