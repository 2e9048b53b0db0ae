"""The Discord bot: receives its settings and service, loads the cogs, syncs on purpose."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.discord.process import shard_summary
from bot.discord.tree import ArchiveTree
from bot.service import ArchiveService
from bot.settings import Settings
from bot.storage.factory import Storage

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "bot.discord.exts.qa",
    "bot.discord.exts.info",
    "bot.discord.exts.admin",
    "bot.discord.exts.feedback",
    "bot.discord.exts.curator",
    "bot.discord.exts.fleet",
    "bot.discord.exts.search",
)
"""Loaded in this order in setup_hook; any failure stops start-up."""

MESSAGE_CONTENT_WARNING = (
    "Answer channels are configured but the Message Content intent is not granted, so "
    "un-mentioned questions arrive without their text. Enable it in the Discord Developer "
    "Portal (Bot > Privileged Gateway Intents > Message Content Intent); until then only "
    "mentions and /ask are answered."
)

PREFIX = "!"
"""Only for the owner's `!sync` (in DMs, or anywhere with Message Content)."""


INVITE_SCOPES = ("bot", "applications.commands")


def invite_permissions() -> discord.Permissions:
    """Everything the bot needs to read questions and reply with embeds, and nothing more
    (Add Reactions: the ⏳ on a message flood control holds back)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
        add_reactions=True,
    )


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=invite_permissions(), scopes=INVITE_SCOPES
    )


def make_intents(settings: Settings) -> discord.Intents:
    """Default intents, plus Message Content when answer channels are configured.

    Mentions and DMs carry their text without Message Content, so it is only
    needed to read un-mentioned questions in answer channels.
    """
    intents = discord.Intents.default()
    intents.message_content = bool(settings.answer_channel_ids)
    return intents


class _PrefixIntentNote(logging.Filter):
    """Drops discord.py's warning that prefix commands need Message Content.

    The only prefix commands are the owner's `!sync` tools, used in DMs, which
    carry their text without that intent; the warning would only mislead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "message content intent is missing" not in record.getMessage()


def _no_voice_warnings() -> None:
    """The bot never joins voice: drop discord.py's "PyNaCl/davey is not installed" warnings."""
    for flag in ("warn_nacl", "warn_dave"):
        if hasattr(discord.VoiceClient, flag):
            setattr(discord.VoiceClient, flag, False)


def _quiet_prefix_intent_warning() -> None:
    logger = logging.getLogger("discord.ext.commands.bot")
    if not any(isinstance(f, _PrefixIntentNote) for f in logger.filters):
        logger.addFilter(_PrefixIntentNote())


class ArchiveBot(commands.Bot):
    """The archive bot. Dependencies come in as keyword arguments."""

    def __init__(
        self,
        *,
        settings: Settings,
        service: ArchiveService,
        extensions: Sequence[str] = EXTENSIONS,
        sync_dev_guild: bool = True,
        clock: Callable[[], float] = time.monotonic,
        storage: Storage | None = None,
        **options: Any,
    ) -> None:
        options.setdefault("intents", make_intents(settings))
        _quiet_prefix_intent_warning()
        _no_voice_warnings()
        super().__init__(
            command_prefix=PREFIX,
            tree_cls=ArchiveTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.service = service
        self.initial_extensions = tuple(extensions)
        self.sync_dev_guild = sync_dev_guild
        self.clock = clock
        """What flood control and repeat pointers measure time with (a test sets its own)."""
        self.storage = storage
        """Where questions and feedback are kept for the curators (None: not kept)."""

    async def setup_hook(self) -> None:
        self.check_message_content_flag()
        for extension in self.initial_extensions:
            await self.load_extension(extension)  # a failure propagates: start-up stops
        log.info("Loaded extensions: %s", ", ".join(self.initial_extensions))
        guild_id = self.settings.dev_guild_id
        if guild_id is not None and self.sync_dev_guild:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to dev guild %s", len(synced), guild_id)

    def check_message_content_flag(self) -> None:
        """Warn at start-up when answer channels need an intent the application lacks."""
        if not self.settings.answer_channel_ids or self.application is None:
            return
        flags = self.application_flags
        if not (flags.gateway_message_content or flags.gateway_message_content_limited):
            log.warning("%s", MESSAGE_CONTENT_WARNING)

    async def on_ready(self) -> None:
        user = self.user
        log.info(
            "Connected as %s (%s) to %d guild(s); shards: %s; knowledge %s",
            user,
            user.id if user else "?",
            len(self.guilds),
            shard_summary(self),
            self.service.knowledge.version or "unversioned",
        )
        if self.application_id is not None:
            log.info("Invite URL: %s", invite_url(self.application_id))

    async def on_command_error(
        self, context: commands.Context[Any], exception: commands.CommandError, /
    ) -> None:
        """Prefix commands are owner tools: unknown or refused ones are ignored quietly."""
        if isinstance(exception, commands.CommandNotFound | commands.CheckFailure):
            return
        log.error("Error in prefix command %s", context.command, exc_info=exception)


class ShardedArchiveBot(ArchiveBot, commands.AutoShardedBot):
    """The same bot over several gateway shards (SHARD_COUNT set)."""


def create_bot(settings: Settings, service: ArchiveService, **options: Any) -> ArchiveBot:
    """An ArchiveBot, or the sharded one when SHARD_COUNT is set (`auto`: Discord decides).

    With SHARD_IDS this process connects only those shards of SHARD_COUNT; other
    processes serve the rest.
    """
    if settings.shard_count is None:
        return ArchiveBot(settings=settings, service=service, **options)
    count = None if settings.shard_count == "auto" else settings.shard_count
    if settings.shard_ids is not None:
        options["shard_ids"] = list(settings.shard_ids)
    return ShardedArchiveBot(settings=settings, service=service, shard_count=count, **options)
