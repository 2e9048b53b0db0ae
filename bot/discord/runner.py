"""`archive-bot run` and `archive-bot sync`: own every lifetime, fail fast and plainly.

Start-up problems (no token, a malformed or rejected token, invalid knowledge,
a missing privileged intent) print one plain line on stderr (plus the list of
knowledge problems) and return a non-zero exit code; no traceback.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

import discord
from discord.ext import commands

from bot import exitcodes
from bot.discord.client import ArchiveBot, create_bot
from bot.service import ArchiveService, StartupError
from bot.settings import Settings
from bot.storage import StorageError
from bot.storage.factory import open_storage

log = logging.getLogger(__name__)


_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")

INTENT_HELP = (
    "Discord refused the Message Content intent, which ANSWER_CHANNEL_IDS needs. Enable it in "
    "the Developer Portal (your application > Bot > Privileged Gateway Intents > Message "
    "Content Intent), or unset ANSWER_CHANNEL_IDS to answer only mentions and /ask."
)


def read_token(settings: Settings) -> tuple[str | None, str | None]:
    """(token, None) when it looks usable, else (None, the reason). The token is never echoed."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        return None, "DISCORD_TOKEN is not set (put it in the environment or in .env)."
    token = settings.discord_token.get_secret_value().strip()
    if token[:4].lower() == "bot ":
        return None, (
            "DISCORD_TOKEN starts with 'Bot ': put only the token itself in DISCORD_TOKEN, "
            "without the 'Bot ' prefix (the bot adds it when it connects)."
        )
    if not _TOKEN_SHAPE.fullmatch(token):
        return None, (
            "DISCORD_TOKEN is malformed: a bot token is three dot-separated parts "
            "(copy it again from the Developer Portal, Bot > Reset Token)."
        )
    return token, None


def configure_logging(settings: Settings) -> None:
    """discord.py's loggers follow LOG_LEVEL; handlers come from the CLI's basicConfig."""
    logging.getLogger("discord").setLevel(settings.log_level)
    logging.getLogger("bot").setLevel(settings.log_level)


def _fail(message: str, stream: TextIO | None = None) -> None:
    print(f"archive-bot: {message}", file=stream or sys.stderr)


def _start_service(settings: Settings, stderr: TextIO) -> ArchiveService | None:
    try:
        return ArchiveService.start(settings)
    except StartupError as exc:
        _fail(f"the knowledge folder {settings.knowledge_dir} is invalid:", stderr)
        for line in exc.lines:
            print(line, file=stderr)
        return None


def _install_signal_handlers(bot: ArchiveBot) -> Callable[[], None]:
    """SIGINT/SIGTERM close the bot gracefully; returns a function that removes the handlers."""
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()
    installed: list[signal.Signals] = []

    def on_signal(sig: signal.Signals) -> None:
        log.info("Received %s: shutting down", sig.name)
        task = loop.create_task(bot.close())
        tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(tasks.discard)

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
        except (NotImplementedError, RuntimeError, ValueError):
            continue  # not the main thread, or a platform without signal support
        installed.append(sig)

    def remove() -> None:
        for sig in installed:
            loop.remove_signal_handler(sig)

    return remove


async def _guarded(action: Callable[[], Awaitable[int]], stderr: TextIO) -> int:
    """Run `action`, turning the known start-up failures into one plain line."""
    try:
        return await action()
    except discord.LoginFailure:
        _fail(
            "Discord rejected DISCORD_TOKEN (improper token); reset it in the Developer Portal.",
            stderr,
        )
    except discord.PrivilegedIntentsRequired:
        _fail(INTENT_HELP, stderr)
    except commands.ExtensionError as exc:
        log.error("Extension %s failed to load", exc.name, exc_info=exc)
        _fail(f"the extension {exc.name} failed to load (see the log above).", stderr)
    except discord.HTTPException as exc:
        _fail(f"Discord API error at start-up: {exc.status} {exc.text or ''}".rstrip(), stderr)
    except OSError as exc:
        _fail(f"could not reach Discord: {exc.strerror or exc.__class__.__name__}", stderr)
    return exitcodes.FAILURE


async def serve(bot: ArchiveBot, token: str, *, stderr: TextIO | None = None) -> int:
    """Log in, connect and run until closed (by a signal or `bot.close()`)."""
    err = stderr or sys.stderr

    async def action() -> int:
        async with bot:
            remove = _install_signal_handlers(bot)
            try:
                await bot.start(token)
            finally:
                remove()
        return exitcodes.OK

    return await _guarded(action, err)


async def sync_globally(
    bot: ArchiveBot, token: str, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Log in (no gateway), sync the global command list once, and exit."""
    out = stdout or sys.stdout

    async def action() -> int:
        async with bot:
            await bot.login(token)
            synced = await bot.tree.sync()
        names = ", ".join(f"/{command.name}" for command in synced)
        print(f"Synced {len(synced)} command(s) globally: {names}", file=out)
        print("Discord may take a few minutes to show global changes everywhere.", file=out)
        return exitcodes.OK

    return await _guarded(action, stderr or sys.stderr)


def _main(settings: Settings, *, sync: bool, stdout: TextIO, stderr: TextIO) -> int:
    token, problem = read_token(settings)
    if token is None:
        _fail(problem or "DISCORD_TOKEN is not usable.", stderr)
        return exitcodes.USAGE
    configure_logging(settings)
    service = _start_service(settings, stderr)
    if service is None:
        return exitcodes.FAILURE
    knowledge = service.knowledge
    log.info(
        "Knowledge %s: %d posts, %d facts from %s",
        knowledge.version or "unversioned",
        len(knowledge.posts),
        len(knowledge.facts),
        settings.knowledge_dir,
    )
    if settings.answer_channel_ids:
        log.info(
            "Answer channels: %s (needs the Message Content intent)",
            ", ".join(map(str, settings.answer_channel_ids)),
        )

    async def main() -> int:
        if sync:
            bot = create_bot(settings, service, sync_dev_guild=False)
            return await sync_globally(bot, token, stdout=stdout, stderr=stderr)
        try:
            async with open_storage(settings) as storage:
                bot = create_bot(settings, service, storage=storage)
                return await serve(bot, token, stderr=stderr)
        except StorageError as exc:  # at start-up only: later outages are buffered
            _fail(f"storage: {exc}", stderr)
            return exitcodes.FAILURE

    return asyncio.run(main())


def run_bot(settings: Settings) -> int:
    """`archive-bot run`: serve until SIGINT/SIGTERM; the exit code for the CLI."""
    try:
        return _main(settings, sync=False, stdout=sys.stdout, stderr=sys.stderr)
    except KeyboardInterrupt:  # Ctrl+C before the signal handlers are installed
        return exitcodes.INTERRUPTED


def sync_commands(settings: Settings) -> int:
    """`archive-bot sync`: push the global command list to Discord, then exit."""
    try:
        return _main(settings, sync=True, stdout=sys.stdout, stderr=sys.stderr)
    except KeyboardInterrupt:
        return exitcodes.INTERRUPTED
