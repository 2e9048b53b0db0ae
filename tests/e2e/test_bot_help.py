"""End to end: a member who asks for help by mention, in a DM or with /help gets the guide."""

from __future__ import annotations

import pytest

from bot.discord.client import ArchiveBot
from tests.e2e.botkit import assert_clean
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e


def assert_is_the_guide(text: str) -> None:
    assert "ROK Drop" in text  # the archive's name
    assert "10 posts, November 10, 2019 to March 21, 2023" in text  # its range
    assert "`/ask`" in text  # the commands
    assert "`/latest`" in text
    assert "Try: *" in text  # example questions from the knowledge


@pytest.mark.parametrize(
    "words", ["help", "what can you do?", "What is this bot?", "hi", "Hello there!"]
)
async def test_help_by_mention_gets_the_guide(
    fake_discord: FakeDiscord, bot: ArchiveBot, words: str
) -> None:
    await fake_discord.send_message(words, mention_bot=True)
    reply = await fake_discord.wait_for_message(fake_discord.general_channel_id)
    assert_is_the_guide(reply["content"])
    assert_clean(fake_discord)


async def test_slash_help_is_private(fake_discord: FakeDiscord, bot: ArchiveBot) -> None:
    interaction = await fake_discord.send_slash_command("help")
    final = await interaction.wait_for_final()
    assert final["flags"] & 64
    assert_is_the_guide(final["content"])
    assert_clean(fake_discord)


async def test_a_question_that_mentions_help_is_not_given_the_guide(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """Only a whole-message request for help gets the guide; a question is looked up."""
    await fake_discord.send_message("did the us help keep gsomia alive?", mention_bot=True)
    reply = await fake_discord.wait_for_message(fake_discord.general_channel_id)
    assert "Try: *" not in (reply.get("content") or "")
    assert_clean(fake_discord)


async def test_thanks_by_mention_gets_a_short_welcome(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """ "thanks!" is no question: a short welcome, not "I don't know"."""
    await fake_discord.send_message("thanks so much!", mention_bot=True)
    reply = await fake_discord.wait_for_message(fake_discord.general_channel_id)
    assert reply["content"].startswith("You're welcome!")
    assert "I don't know" not in reply["content"]
    assert_clean(fake_discord)


async def test_slash_ask_thanks_is_a_private_welcome(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    interaction = await fake_discord.send_slash_command("ask", {"question": "thank you!"})
    final = await interaction.wait_for_final()
    assert final["flags"] & 64
    assert final["content"].startswith("You're welcome!")
    assert_clean(fake_discord)
