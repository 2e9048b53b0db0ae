"""Several processes of one bot: shards passed to discord.py, shown by /about, and the
fleet cog's reactions to reloads (the PostgreSQL round trip is in tests/e2e/test_bot_fleet.py
and tests/storage/test_notify.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import discord
import pytest

from bot.discord.client import ArchiveBot, ShardedArchiveBot, create_bot
from bot.discord.exts.fleet import NO_FAN_OUT_WARNING, Fleet
from bot.discord.process import compact_ids, shard_summary
from bot.knowledge import LoadResult
from bot.reloads import ReloadReport
from bot.service import ArchiveService
from bot.settings import Settings
from bot.storage.factory import open_storage
from bot.storage.notify import ReloadNotice, publish
from tests.exts.fakes import FakeEngine, make_knowledge


def sharded_settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(
        _env_file=None, discord_token="MTIz.NDU2.Nzg5", knowledge_dir=tmp_path, **values
    )


def reloading_service(*versions: str) -> tuple[ArchiveService, list[str]]:
    """A service whose reloads serve `versions` in turn; the list records each reload."""
    served: list[str] = []
    pending = list(versions)

    def loader() -> LoadResult:
        served.append(pending[0] if len(pending) == 1 else pending.pop(0))
        return LoadResult(make_knowledge(served[-1]), (), ())

    service = ArchiveService(
        FakeEngine(make_knowledge("v1")),
        loader=loader,
        builder=lambda knowledge, previous: FakeEngine(knowledge),
    )
    return service, served


async def loaded(bot: ArchiveBot) -> Any:
    """The Fleet cog, loaded as setup_hook loads it (a module object of its own)."""
    await bot.load_extension("bot.discord.exts.fleet")
    cog = bot.get_cog("Fleet")
    assert cog is not None
    return cog


@pytest.mark.parametrize(
    ("ids", "shown"),
    [((0,), "0"), ((0, 2), "0, 2"), ((0, 1, 2, 3), "0-3"), ((5, 1, 4, 6, 2), "1, 2, 4-6")],
)
def test_shard_ids_are_shown_compactly(ids: tuple[int, ...], shown: str) -> None:
    """Runs of three or more shards read as a range, the rest one by one."""
    assert compact_ids(ids) == shown


def test_shard_ids_reach_discord_py(tmp_path: Path, service: ArchiveService) -> None:
    """SHARD_IDS and SHARD_COUNT make a sharded bot that connects only those shards."""
    settings = sharded_settings(tmp_path, shard_count=4, shard_ids="1-2")
    bot = create_bot(settings, service)
    assert isinstance(bot, ShardedArchiveBot)
    assert bot.shard_ids == [1, 2]
    assert bot.shard_count == 4
    assert shard_summary(bot) == "1, 2 of 4"


def test_without_shard_ids_the_bot_serves_every_shard(
    tmp_path: Path, service: ArchiveService
) -> None:
    """SHARD_COUNT alone: this one process connects every shard."""
    bot = create_bot(sharded_settings(tmp_path, shard_count=3), service)
    assert isinstance(bot, ShardedArchiveBot)
    assert bot.shard_ids is None
    assert shard_summary(bot) == "0-2 of 3"


async def test_about_shows_this_process_shards(
    tmp_path: Path, service: ArchiveService, make_interaction: Any
) -> None:
    """/about names the shards this process serves, next to the knowledge version."""
    bot = create_bot(sharded_settings(tmp_path, shard_count=2, shard_ids="1"), service)
    await bot.load_extension("bot.discord.exts.info")
    cog: Any = bot.get_cog("Info")
    interaction = make_interaction()
    await cog.about.callback(cog, interaction)
    embed: discord.Embed = interaction.response.send_message.await_args.kwargs["embed"]
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Shards (this process)"] == "1 of 2"
    assert fields["Knowledge version"] == "v1"


async def test_about_says_unsharded_for_one_connection(
    bot: ArchiveBot, make_interaction: Any
) -> None:
    """Without SHARD_COUNT /about says the process is unsharded."""
    cog: Any = bot.get_cog("Info")
    interaction = make_interaction()
    await cog.about.callback(cog, interaction)
    embed: discord.Embed = interaction.response.send_message.await_args.kwargs["embed"]
    assert {f.name: f.value for f in embed.fields}["Shards (this process)"] == "unsharded"


async def test_shard_ids_without_postgresql_warn_that_nothing_is_shared(
    tmp_path: Path, service: ArchiveService, caplog: pytest.LogCaptureFixture
) -> None:
    """A process started with SHARD_IDS but on SQLite says /reload will not reach the others."""
    bot = create_bot(sharded_settings(tmp_path, shard_count=2, shard_ids="0"), service)
    cog = await loaded(bot)
    assert cog.reloads is None
    assert NO_FAN_OUT_WARNING in caplog.text
    assert any(r.levelno == logging.WARNING for r in caplog.records)


async def test_one_process_on_sqlite_does_not_warn(
    settings: Settings, service: ArchiveService, caplog: pytest.LogCaptureFixture
) -> None:
    """A single process on SQLite has nothing to share: no warning, fan-out simply off."""
    bot = ArchiveBot(settings=settings, service=service)
    cog = await loaded(bot)
    assert cog.reloads is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_notice_from_another_process_reloads_and_logs_the_version(
    bot: ArchiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    """On another process's notice the cog reloads once and logs what it now serves."""
    service, served = reloading_service("v2")
    cog = Fleet(bot)
    cog.service = service
    with caplog.at_level(logging.INFO, logger="bot.discord.exts.fleet"):
        await cog.on_notice(ReloadNotice("host:1:aa", "v2"))
    assert served == ["v2"]
    assert service.knowledge.version == "v2"
    assert "Now serving knowledge v2 (was v1), after a reload by host:1:aa" in caplog.text


async def test_a_failed_reload_on_notice_keeps_serving_and_warns(
    bot: ArchiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    """When the reload a notice asks for fails, the old knowledge stays and a warning says so."""
    service = ArchiveService(
        FakeEngine(make_knowledge("v1")),
        loader=lambda: LoadResult(None, (mock.sentinel.problem,), ()),
    )
    cog = Fleet(bot)
    cog.service = service
    await cog.on_notice(ReloadNotice("host:1:aa", "v2"))
    assert service.knowledge.version == "v1"
    assert "failed with 1 error(s); still serving knowledge v1" in caplog.text


async def test_a_reconnection_catches_up_with_one_reload(
    bot: ArchiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Back after a lost listener connection, the cog reloads once in case it missed one."""
    service, served = reloading_service("v3")
    cog = Fleet(bot)
    cog.service = service
    with caplog.at_level(logging.INFO, logger="bot.discord.exts.fleet"):
        await cog.catch_up()
    assert served == ["v3"]
    assert "Now serving knowledge v3" in caplog.text


async def test_an_unreachable_database_when_publishing_is_a_warning(
    bot: ArchiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    """If the notice cannot be sent, /reload still worked here; the log says the others
    were not told (without the password)."""
    cog = Fleet(bot)
    cog.url = "postgresql://bot:hunter2-secret@127.0.0.1:1/none"
    report = ReloadReport(
        ok=True, duration=0.1, version="v2", previous_version="v1", posts=1, facts=1
    )
    await cog.tell_the_others(report)
    assert "Could not ask the other processes to reload" in caplog.text
    assert "hunter2-secret" not in caplog.text


async def test_without_postgresql_nothing_is_published(bot: ArchiveBot) -> None:
    """On SQLite a /reload publishes nothing (there is nobody to tell)."""
    cog = Fleet(bot)
    report = ReloadReport(
        ok=True, duration=0.1, version="v2", previous_version="v1", posts=1, facts=1
    )
    with mock.patch("bot.discord.exts.fleet.publish") as publish:
        await cog.tell_the_others(report)
    publish.assert_not_called()


class FleetLog(logging.Handler):
    """The fleet cog's log lines as they come, with a way to wait for them."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self.changed.set()

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    async def until(self, text: str, times: int = 1) -> None:
        async def loop() -> None:
            while self.count(text) < times:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(loop(), 10)


@pytest.fixture
def fleet_log() -> Iterator[FleetLog]:
    handler = FleetLog()
    logger = logging.getLogger("bot.discord.exts.fleet")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


async def test_two_bots_on_one_database_reload_together_once_each(
    tmp_path: Path, pg_database: str, make_interaction: Any, fleet_log: FleetLog
) -> None:
    """Two bots sharing PostgreSQL (as two processes would): /reload in A reloads B; A acts
    only on notices from others, so a later foreign notice is the only other one it follows."""
    settings = sharded_settings(
        tmp_path,
        shard_count=2,
        database_url=pg_database,
        user_hash_salt="one-salt-for-the-whole-fleet",
        data_dir=tmp_path / "data",
    )
    async with open_storage(settings) as storage_a, open_storage(settings) as storage_b:
        bots: list[ArchiveBot] = []
        for storage in (storage_a, storage_b):
            service, _ = reloading_service("v2")
            bot = ArchiveBot(settings=settings, service=service, storage=storage)
            bot.loop = asyncio.get_running_loop()
            await bot.load_extension("bot.discord.exts.admin")
            await loaded(bot)
            bots.append(bot)
        a, b = bots
        fleet_a: Any = a.get_cog("Fleet")
        fleet_b: Any = b.get_cog("Fleet")
        try:
            for fleet in (fleet_a, fleet_b):
                await fleet.reloads.wait_listening(10)
            admin: Any = a.get_cog("Admin")
            await admin.reload.callback(admin, make_interaction(manage_guild=True))
            await fleet_log.until(f"after a reload by {fleet_a.origin}")
            assert b.service.knowledge.version == "v2"

            await publish(pg_database, ReloadNotice("test-sentinel", "v9"))
            await fleet_log.until("after a reload by test-sentinel", times=2)
        finally:
            for bot in bots:
                await bot.unload_extension("bot.discord.exts.fleet")
    assert fleet_log.count(f"Process {fleet_a.origin} reloaded") == 1  # B's, never A's own
    assert fleet_log.count("Asked the other processes to reload") == 1
    assert fleet_a.reloads.listening is False
