"""End to end: one bot as two OS processes on different shards, sharing one PostgreSQL.

Each process is `archive-bot run` (tests/e2e/fleet_launcher.py) with SHARD_COUNT=2 and its
own SHARD_IDS, against the fake Discord running in this test process. The fake has two
guilds, one per shard, so every event of guild A reaches only process A and every event of
guild B only process B. A /reload in guild A must make process B answer with the new
knowledge too, through PostgreSQL LISTEN/NOTIFY.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot import exitcodes
from bot.knowledge import load_knowledge
from bot.storage.notify import ReloadNotice, publish
from tests.e2e.botkit import assert_clean, copy_knowledge, rewrite_answer
from tests.e2e.processes import START_TIMEOUT, BotProcess, start_bot_process
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

QUESTION = "When was GSOMIA signed?"
OLD_ANSWER = "GSOMIA was signed in 2016"
FACT_ID = "gsomia-signed-2016"
RELOADED = r"Reloaded knowledge \S+ -> \S+"
"""The service's own line for every successful reload in a process."""
ASKED_TO_RELOAD = r"reloaded to knowledge .*; reloading here"
"""The fleet cog's line for a notice from another process."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """The fake Discord with a second guild, which lives on shard 1 of 2."""
    async with FakeDiscord(second_guild=True) as server:
        yield server


@pytest.fixture
async def fleet(
    fake: FakeDiscord, pg_database: str, tmp_path: Path
) -> AsyncIterator[tuple[BotProcess, BotProcess]]:
    """Process A (shard 0: guild A) and process B (shard 1: guild B), both connected and
    listening; stopped with SIGTERM afterwards, each of which must exit 0."""
    knowledge = copy_knowledge(tmp_path)
    common = {
        "DISCORD_TOKEN": FakeDiscord.TOKEN,
        "KNOWLEDGE_DIR": str(knowledge),
        "DATABASE_URL": pg_database,
        "USER_HASH_SALT": "one-salt-for-the-whole-fleet",
        "SHARD_COUNT": "2",
        "LOG_LEVEL": "INFO",
    }
    homes = {name: tmp_path / name for name in ("a", "b")}
    for home in homes.values():
        home.mkdir()
    guilds = {"a": fake.world, "b": fake.second_world}
    processes = await asyncio.gather(
        *(
            start_bot_process(
                name,
                fake,
                common
                | {
                    "SHARD_IDS": str(shard),
                    "DEV_GUILD_ID": str(guilds[name].guild_id),
                    "DATA_DIR": str(homes[name] / "data"),
                },
                cwd=homes[name],
            )
            for shard, name in enumerate(("a", "b"))
        )
    )
    try:
        for process in processes:
            await process.wait_for_log("Listening for reloads", timeout=START_TIMEOUT)
            await process.wait_for_log(r"Connected as .*; shards: ", timeout=START_TIMEOUT)
        a, b = processes
        yield a, b
    finally:
        codes = await asyncio.gather(*(p.stop() for p in processes))
    for process, code in zip(processes, codes, strict=True):
        assert code == exitcodes.OK, f"{process.name} exited {code}:\n{process.log}"


async def ask_in(fake: FakeDiscord, channel_id: int, question: str) -> str:
    """Mention the bot with `question` in a channel; the answer's embed description."""
    await fake.send_message(question, channel_id=channel_id, mention_bot=True)
    reply = await fake.wait_for_message(channel_id, timeout=10)
    assert reply.get("embeds"), reply.get("content")
    return str(reply["embeds"][0]["description"])


async def about_in(fake: FakeDiscord, channel_id: int) -> dict[str, Any]:
    """/about in a channel: the embed's fields by name."""
    interaction = await fake.send_slash_command("about", channel_id=channel_id)
    (embed,) = (await interaction.wait_for_final(timeout=10))["embeds"]
    return {f["name"]: f["value"] for f in embed["fields"]}


async def test_reload_in_one_process_reloads_the_other(
    fake: FakeDiscord, fleet: tuple[BotProcess, BotProcess], tmp_path: Path
) -> None:
    """An admin's /reload in guild A (process A) makes process B, serving guild B, answer
    with the edited fact; each process reloads exactly once for it."""
    a, b = fleet
    guild_b_general = fake.second_world.general_channel_id
    assert OLD_ANSWER in await ask_in(fake, guild_b_general, QUESTION)

    knowledge_dir = tmp_path / "knowledge"
    new_answer = rewrite_answer(knowledge_dir, FACT_ID, "(told by another process)")
    interaction = await fake.send_slash_command("reload", user=fake.admin_user)
    final = await interaction.wait_for_final(timeout=30)
    assert final["content"].startswith("Reloaded"), final["content"]

    await b.wait_for_log(r"Now serving knowledge \S+ \(was \S+\), after a reload by ")
    assert new_answer in await ask_in(fake, guild_b_general, QUESTION)

    assert a.count(RELOADED) == 1
    assert b.count(RELOADED) == 1
    assert a.count(ASKED_TO_RELOAD) == 0, a.log
    assert_clean(fake)


async def test_a_process_ignores_its_own_notice(
    fake: FakeDiscord, fleet: tuple[BotProcess, BotProcess], pg_database: str
) -> None:
    """After its own /reload a process does not reload again on its own notice: a later
    notice from elsewhere is the only one it acts on."""
    a, b = fleet
    interaction = await fake.send_slash_command("reload", user=fake.admin_user)
    await interaction.wait_for_final(timeout=30)
    await b.wait_for_log(ASKED_TO_RELOAD)
    # Notices reach each listener in the order they were sent, one at a time: once A has
    # handled this later one, its own earlier notice has certainly been seen (and ignored).
    await publish(pg_database, ReloadNotice("test-sentinel", "sentinel"))
    for process in (a, b):
        await process.wait_for_log(r"after a reload by test-sentinel")
    assert a.count(ASKED_TO_RELOAD) == 1, a.log
    assert a.count(RELOADED) == 2
    assert b.count(ASKED_TO_RELOAD) == 2, b.log
    assert_clean(fake)


async def test_each_process_reports_its_shards_and_version(
    fake: FakeDiscord, fleet: tuple[BotProcess, BotProcess], tmp_path: Path
) -> None:
    """/about in each guild comes from that guild's process: its own shard, and the same
    knowledge version after a reload through the other process."""
    rewrite_answer(tmp_path / "knowledge", FACT_ID, "(new version)")
    interaction = await fake.send_slash_command("reload", user=fake.admin_user)
    await interaction.wait_for_final(timeout=30)
    _, b = fleet
    await b.wait_for_log(r"Now serving knowledge")
    knowledge = load_knowledge(tmp_path / "knowledge").knowledge
    assert knowledge is not None

    in_a = await about_in(fake, fake.general_channel_id)
    in_b = await about_in(fake, fake.second_world.general_channel_id)
    assert in_a["Shards (this process)"] == "0 of 2"
    assert in_b["Shards (this process)"] == "1 of 2"
    assert in_a["Knowledge version"] == in_b["Knowledge version"] == knowledge.version
    assert_clean(fake)
