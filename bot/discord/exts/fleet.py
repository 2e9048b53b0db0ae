"""Several processes of one bot: a /reload in any of them reloads them all (PostgreSQL).

After a successful /reload here, this cog publishes a notice (this process's id
and the new knowledge version) with PostgreSQL NOTIFY; on a notice from another
process it reloads too and logs the version it now serves. Its own notices are
ignored. With SQLite (no DATABASE_URL) nothing is shared: /reload reloads only
the process that received it. The LISTEN/NOTIFY machinery is bot.storage.notify.
"""

from __future__ import annotations

import logging

from discord.ext import commands

from bot.discord.client import ArchiveBot
from bot.discord.process import shard_summary
from bot.reloads import ReloadReport
from bot.storage import StorageError
from bot.storage.notify import ReloadListener, ReloadNotice, new_origin, publish

log = logging.getLogger(__name__)

RELOADED_EVENT = "knowledge_reloaded"
"""Dispatched by /reload with its ReloadReport after a successful reload in this process."""

NO_FAN_OUT_WARNING = (
    "SHARD_IDS is set but DATABASE_URL is not: this process keeps its own SQLite memory, "
    "and /reload reloads only the process that receives it. Set DATABASE_URL (PostgreSQL) "
    "on every process to share one memory and reload them all at once."
)


def shared_database_url(bot: ArchiveBot) -> str | None:
    """The PostgreSQL URL the bot's storage uses, or None (SQLite, or no storage)."""
    url = bot.settings.database_url
    storage = bot.storage
    if url is None or storage is None or storage.store.backend != "postgresql":
        return None
    return url.get_secret_value()


class Fleet(commands.Cog):
    """Keeps every process of the bot on the same knowledge."""

    def __init__(self, bot: ArchiveBot) -> None:
        self.bot = bot
        self.service = bot.service
        self.origin = new_origin()
        """This process's id in the notices it publishes."""
        self.url = shared_database_url(bot)
        self.reloads: ReloadListener | None = None

    async def cog_load(self) -> None:
        if self.url is None:
            if self.bot.settings.shard_ids is not None:
                log.warning("%s", NO_FAN_OUT_WARNING)
            else:
                log.info("Reload fan-out off (no PostgreSQL): /reload reloads this process only")
            return
        self.reloads = ReloadListener(
            self.url, origin=self.origin, on_notice=self.on_notice, on_reconnect=self.catch_up
        )
        await self.reloads.start()
        log.info(
            "This process is %s, shards %s; /reload here reloads every process",
            self.origin,
            shard_summary(self.bot),
        )

    async def cog_unload(self) -> None:
        if self.reloads is not None:
            await self.reloads.close()

    @commands.Cog.listener(f"on_{RELOADED_EVENT}")
    async def tell_the_others(self, report: ReloadReport) -> None:
        """After this process's own /reload: every other process should reload too."""
        if self.url is None or not report.ok:
            return
        try:
            await publish(self.url, ReloadNotice(self.origin, report.version))
        except StorageError as exc:
            log.warning("Could not ask the other processes to reload: %s", exc)
            return
        log.info(
            "Asked the other processes to reload (this one serves knowledge %s)", report.version
        )

    async def on_notice(self, notice: ReloadNotice) -> None:
        """Another process reloaded: reload here and say what this process now serves."""
        log.info(
            "Process %s reloaded to knowledge %s; reloading here", notice.origin, notice.version
        )
        await self._reload(f"a reload by {notice.origin}")

    async def catch_up(self) -> None:
        """Back after a lost connection: a notice may have been missed, so reload once."""
        await self._reload("reconnecting to the reload channel (a notice may have been missed)")

    async def _reload(self, why: str) -> None:
        report = await self.service.reload()
        if report.ok:
            log.info(
                "Now serving knowledge %s (was %s), after %s",
                report.version or "unversioned",
                report.previous_version or "unversioned",
                why,
            )
        else:
            log.warning(
                "Reload after %s failed with %d error(s); still serving knowledge %s",
                why,
                len(report.errors),
                report.version or "unversioned",
            )


async def setup(bot: ArchiveBot) -> None:
    await bot.add_cog(Fleet(bot))
