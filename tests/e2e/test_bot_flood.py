"""End to end: flood control at the default settings spares a real member and stops a flood."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.discord.client import ArchiveBot
from bot.discord.embed import WAIT_REACTION
from bot.service import ArchiveService
from bot.settings import Settings
from tests.e2e.botkit import assert_clean
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

ConnectClient = Callable[..., Awaitable[Any]]

CONFIDENT = (
    "When did South Korea restore GSOMIA?",
    "Who is Harry Harris?",
    "what is gsomia",
    "When was GSOMIA signed?",
    "Did Harry Harris know about plans to scrap GSOMIA?",
    "When did the defense ministry start normalizing GSOMIA?",
    "Who is Mark Esper?",
    "how many posts are in the archive",
    "what was posted most recently",
)
"""Nine different questions the bundled archive answers at the confident tier, so that
an answer channel (which only answers those) replies to each."""


class ManualClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


def default_settings(fake: FakeDiscord, knowledge_dir: Path) -> Settings:
    """The shipped flood-control defaults (no override), in the fake world."""
    return Settings(
        _env_file=None,
        discord_token=FakeDiscord.TOKEN,
        knowledge_dir=knowledge_dir,
        dev_guild_id=fake.guild_id,
        answer_channel_ids=[fake.answers_channel_id],
    )


async def connected(
    fake: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path, clock: ManualClock
) -> ArchiveBot:
    settings = default_settings(fake, knowledge_dir)
    bot = ArchiveBot(settings=settings, service=ArchiveService.start(settings), clock=clock)
    connected_bot: ArchiveBot = await connect_client(bot)
    return connected_bot


async def test_a_member_asking_nine_questions_in_forty_seconds_gets_every_answer(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """Mentions, the answer channel and /ask share one bucket, and a natural pace fits it."""
    clock = ManualClock()
    await connected(fake_discord, connect_client, knowledge_dir, clock)
    general, answers = fake_discord.general_channel_id, fake_discord.answers_channel_id
    replies: list[dict[str, Any]] = []
    for i, question in enumerate(CONFIDENT):
        door = i % 3
        if door == 0:
            await fake_discord.send_message(question, mention_bot=True)
            replies.append(await fake_discord.wait_for_message(general))
        elif door == 1:
            await fake_discord.send_message(question, channel_id=answers)
            replies.append(await fake_discord.wait_for_message(answers))
        else:
            interaction = await fake_discord.send_slash_command("ask", {"question": question})
            replies.append(await interaction.wait_for_final())
        clock.now += 5  # nine questions over 40 seconds
    assert len(replies) == 9
    assert all(reply.get("embeds") for reply in replies), [r.get("content") for r in replies]
    assert fake_discord.reactions == []
    assert_clean(fake_discord)


async def test_a_flood_of_forty_mentions_in_ten_seconds_gets_one_notice_then_reactions(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """Past the burst the member is told once, and every later message gets a ⏳."""
    clock = ManualClock()
    await connected(fake_discord, connect_client, knowledge_dir, clock)
    general = fake_discord.general_channel_id
    sent_ids: list[int] = []
    for i in range(40):
        payload = await fake_discord.send_message(
            f"is gsomia question {i} answered?", mention_bot=True
        )
        sent_ids.append(int(payload["id"]))
        clock.now += 0.25
    replies: list[dict[str, Any]] = []
    while True:
        try:
            replies.append(await fake_discord.wait_for_message(general, timeout=0.5))
        except AssertionError:  # the fake's "timed out": nothing more was sent
            break
    for _ in range(100):  # let the last reactions arrive
        if len(replies) + len(fake_discord.reactions) >= 40:
            break
        await asyncio.sleep(0.02)
    notices = [r for r in replies if "a lot of questions at once" in (r.get("content") or "")]
    answered = [r for r in replies if r not in notices]  # answers or "I don't know"s
    # the shipped burst of 10, plus at most the 1 question refilled in 10 s (1 per 6 s)
    assert 10 <= len(answered) <= 11
    assert len(notices) == 1
    assert WAIT_REACTION in notices[0]["content"]
    reacted = [message for _, message, emoji in fake_discord.reactions if emoji == WAIT_REACTION]
    assert len(reacted) == 40 - len(answered) - 1
    assert set(reacted) <= set(sent_ids[10:])
    assert_clean(fake_discord)


async def test_an_admin_is_never_limited(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """Members with Manage Server can ask past the burst (a curator testing the archive)."""
    clock = ManualClock()
    await connected(fake_discord, connect_client, knowledge_dir, clock)
    general = fake_discord.general_channel_id
    for i in range(12):
        await fake_discord.send_message(
            f"{CONFIDENT[i % 9]} ({i})", mention_bot=True, author=fake_discord.admin_user
        )
    replies = [await fake_discord.wait_for_message(general) for _ in range(12)]
    assert not any("a lot of questions" in (r.get("content") or "") for r in replies)
    assert fake_discord.reactions == []
    assert_clean(fake_discord)
