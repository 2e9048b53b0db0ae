"""End to end, on SQLite and on a real PostgreSQL: the curator loop through Discord.

A miss and a thumbs-down in Discord show up in /misses, /stats and `archive-bot
report`; feedback buttons work; /forget-me deletes a member's rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from bot.discord.client import ArchiveBot, create_bot
from bot.discord.embed import FEEDBACK_PREFIX
from bot.service import ArchiveService
from bot.settings import Settings
from bot.storage.curator import Period
from bot.storage.factory import Storage, open_storage
from bot.storage.sqlite import DB_FILE
from tests.e2e.botkit import assert_clean, settings_for
from tests.fakediscord import FakeDiscord
from tests.pgserver import running_server

pytestmark = pytest.mark.e2e

ConnectClient = Callable[..., Awaitable[Any]]

MISS = "what did the pineapple council decide about gsomia cheese"
"""Not answerable from the archive (and not a golden question)."""
ANSWERED = "When was GSOMIA signed?"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_settings(
    request: pytest.FixtureRequest, fake_discord: FakeDiscord, knowledge_dir: Path
) -> Settings:
    """Bot settings whose storage is a fresh SQLite file or a fresh PostgreSQL database."""
    extra: dict[str, Any] = {}
    if request.param == "postgresql":
        extra["database_url"] = request.getfixturevalue("pg_database")
    return settings_for(fake_discord, knowledge_dir, **extra)


@pytest.fixture
async def storage(store_settings: Settings) -> AsyncIterator[Storage]:
    async with open_storage(store_settings) as opened:
        yield opened


@pytest.fixture
async def bot(
    connect_client: ConnectClient, store_settings: Settings, storage: Storage
) -> ArchiveBot:
    service = ArchiveService.start(store_settings)
    connected: ArchiveBot = await connect_client(
        create_bot(store_settings, service, storage=storage)
    )
    return connected


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components", []) for c in row["components"]]


def message_id(interaction: Any) -> int:
    value = interaction.original_message_id
    assert value is not None
    return int(value)


async def test_a_miss_and_a_thumbs_down_reach_misses_stats_and_the_report(
    fake_discord: FakeDiscord, bot: ArchiveBot, store_settings: Settings
) -> None:
    general = fake_discord.general_channel_id
    await fake_discord.send_message(MISS, mention_bot=True)
    missed = await fake_discord.wait_for_message(general)
    assert missed["content"].startswith("I don't know")
    assert not any(b["custom_id"].startswith(FEEDBACK_PREFIX) for b in buttons(missed))

    ask = await fake_discord.send_slash_command("ask", {"question": ANSWERED})
    answered = await ask.wait_for_final()
    labels = [b["label"] for b in buttons(answered)]
    assert labels[-2:] == ["Helpful", "Not what I asked"]
    thumbs_down = next(b for b in buttons(answered) if b["label"] == "Not what I asked")
    click = await fake_discord.click_button(message_id(ask), thumbs_down["custom_id"])
    private = await click.wait_for_final()
    assert private["flags"] & 64
    assert "curators will see" in private["content"]
    assert buttons(private), "the other candidates come as buttons"

    misses = await fake_discord.send_slash_command(
        "misses", {"days": 7}, user=fake_discord.admin_user
    )
    page = await misses.wait_for_final()
    assert page["flags"] & 64
    (embed,) = page["embeds"]
    shown = " ".join(f["name"] + " " + f["value"] for f in embed["fields"])
    assert MISS in shown
    assert ANSWERED in shown  # the thumbs-down question
    assert "1 thumbs-down" in shown

    stats = await fake_discord.send_slash_command("stats", user=fake_discord.admin_user)
    (figures,) = (await stats.wait_for_final())["embeds"]
    assert figures["description"].startswith("2 question(s) from 1 member(s)")
    fields = {f["name"]: f["value"] for f in figures["fields"]}
    assert "👎 1" in fields["Feedback"]
    assert "`gsomia-signed-2016` ×1" in fields["Top facts"]

    await bot.storage.recorder.flush()  # type: ignore[union-attr]
    report = io.StringIO()
    env = {"DATA_DIR": str(store_settings.data_dir)}
    if store_settings.database_url is not None:
        env["DATABASE_URL"] = store_settings.database_url.get_secret_value()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(report):
        for name, value in env.items():
            patch.setenv(name, value)
        # the command line runs its own event loop: off this one, as from a shell
        assert await asyncio.to_thread(main, ["report", "--days", "7"]) == 0
    text = report.getvalue()
    assert "asked: 2 by 1 people" in text
    assert MISS in text
    assert_clean(fake_discord)


async def test_misses_is_for_admins_only(fake_discord: FakeDiscord, bot: ArchiveBot) -> None:
    interaction = await fake_discord.send_slash_command("misses")
    final = await interaction.wait_for_final()
    assert final["flags"] & 64
    assert "permission" in final["content"]
    assert not final.get("embeds")
    assert_clean(fake_discord)


async def test_helpful_is_thanked_and_forget_me_deletes_the_members_rows(
    fake_discord: FakeDiscord, bot: ArchiveBot, storage: Storage
) -> None:
    ask = await fake_discord.send_slash_command("ask", {"question": ANSWERED})
    answered = await ask.wait_for_final()
    helpful = next(b for b in buttons(answered) if b["label"] == "Helpful")
    thanks = await (
        await fake_discord.click_button(message_id(ask), helpful["custom_id"])
    ).wait_for_final()
    assert thanks["content"].startswith("Thanks!")
    await storage.recorder.flush()
    forget = await fake_discord.send_slash_command("forget-me")
    done = await forget.wait_for_final()
    assert done["flags"] & 64
    assert "deleted 2 stored question(s) and feedback" in done["content"]
    await storage.recorder.flush()
    stats = await fake_discord.send_slash_command("stats", user=fake_discord.admin_user)
    (figures,) = (await stats.wait_for_final())["embeds"]
    assert figures["description"].startswith("0 question(s)")
    assert_clean(fake_discord)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_database_outage_loses_no_answer_and_the_rows_arrive_afterwards(
    fake_discord: FakeDiscord,
    connect_client: ConnectClient,
    knowledge_dir: Path,
    backend: str,
) -> None:
    """With the database down, members are still answered; the rows are written once it is
    back. SQLite: another connection holds an exclusive lock; PostgreSQL: its own server is
    stopped and started again."""
    with contextlib.ExitStack() as stack:
        extra: dict[str, Any] = {}
        server = None
        if backend == "postgresql":
            server = stack.enter_context(running_server())
            extra["database_url"] = await server.create_database()
        settings = settings_for(fake_discord, knowledge_dir, **extra)
        async with open_storage(settings) as storage:
            bot = create_bot(settings, ArchiveService.start(settings), storage=storage)
            await connect_client(bot)
            lock: sqlite3.Connection | None = None
            if server is not None:
                server.stop()
            else:
                lock = sqlite3.connect(settings.data_dir / DB_FILE, isolation_level=None)
                lock.execute("BEGIN EXCLUSIVE")
            general = fake_discord.general_channel_id
            for question in (ANSWERED, "Who is Harry Harris?", MISS):
                await fake_discord.send_message(question, mention_bot=True)
                reply = await fake_discord.wait_for_message(general)
                assert reply.get("embeds") or reply["content"].startswith("I don't know")
            for _ in range(200):
                if not storage.recorder.stats.healthy:
                    break
                await asyncio.sleep(0.05)
            assert not storage.recorder.stats.healthy  # it noticed the outage
            if server is not None:
                server.start()
            else:
                assert lock is not None
                lock.rollback()
                lock.close()
            for _ in range(400):
                if await storage.recorder.flush() and storage.recorder.stats.pending == 0:
                    break
                await asyncio.sleep(0.05)
            period = Period.last(1)
            kept = await storage.store.questions(period.since, period.until)
            assert sorted(row.question for row in kept) == sorted(
                [ANSWERED, "Who is Harry Harris?", MISS]
            )
            assert storage.recorder.stats.dropped == 0
            await bot.close()
    assert_clean(fake_discord)
