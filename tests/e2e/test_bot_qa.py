"""End to end: the real ArchiveBot answering questions on the fake Discord."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.discord.client import ArchiveBot
from bot.engine import Engine
from bot.engine.types import NoAnswer, Reply, SearchHit, Suggestion
from bot.knowledge.models import Knowledge, Post
from bot.service import EngineLike
from tests.e2e.botkit import ACK_LIMIT, assert_clean, build_bot, settings_for
from tests.exts.fakes import SLASH_COMMANDS
from tests.fakediscord import FakeDiscord
from tests.questions import likely_question

pytestmark = pytest.mark.e2e

ConnectClient = Callable[..., Awaitable[Any]]
QUESTION = "When was GSOMIA restored?"


def reply_embed(message: dict[str, Any]) -> dict[str, Any]:
    (embed,) = message["embeds"]
    assert isinstance(embed, dict)
    return embed


async def test_commands_are_synced_to_the_dev_guild(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """setup_hook syncs the commands to DEV_GUILD_ID and never globally."""
    names = {c["name"] for c in fake_discord.commands.get(fake_discord.guild_id, [])}
    assert names == SLASH_COMMANDS
    assert not fake_discord.commands.get(None)
    assert_clean(fake_discord)


async def test_mention_gets_an_answer_as_a_reply(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """A mention is answered with the answer embed as a reply that pings nobody."""
    asked = await fake_discord.send_message(QUESTION, mention_bot=True)
    message = await fake_discord.wait_for_message(fake_discord.general_channel_id)
    assert message["message_reference"]["message_id"] == asked["id"]
    embed = reply_embed(message)
    assert "March 21, 2023" in embed["description"]
    assert message["mentions"] == []
    request = await fake_discord.wait_for_request("POST", r"/channels/\d+/messages$")
    assert request.json["allowed_mentions"]["parse"] == []
    assert request.json["allowed_mentions"]["replied_user"] is False
    assert_clean(fake_discord)


async def test_question_in_answer_channel_is_answered(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """A question in #answers is answered without a mention."""
    await fake_discord.send_message(QUESTION, channel_id=fake_discord.answers_channel_id)
    message = await fake_discord.wait_for_message(fake_discord.answers_channel_id)
    assert "GSOMIA" in reply_embed(message)["description"]
    assert_clean(fake_discord)


async def test_chatter_in_answer_channel_gets_no_reply(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """Chatter in #answers is ignored; only the question after it is answered."""
    channel = fake_discord.answers_channel_id
    await fake_discord.send_message("good morning everyone, nice weather", channel_id=channel)
    await fake_discord.send_message("lol same", channel_id=channel)
    await fake_discord.send_message(QUESTION, channel_id=channel)
    await fake_discord.wait_for_message(channel)
    assert len(fake_discord.bot_messages.get(channel, [])) == 1
    assert_clean(fake_discord)


async def test_ask_answers_with_answer_quote_and_deep_link(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """/ask shows the short answer, the block-quoted source text and a #:~:text= link."""
    interaction = await fake_discord.send_slash_command("ask", {"question": QUESTION})
    final = await interaction.wait_for_final()
    embed = reply_embed(final)
    assert "March 21, 2023" in embed["description"]
    assert "\n> " in embed["description"]
    assert "#:~:text=" in embed["url"]
    assert embed["footer"]["text"].startswith("Confident · knowledge ")
    assert not (final.get("flags", 0) & 64)
    assert interaction.response_time is not None
    assert interaction.response_time < ACK_LIMIT
    assert_clean(fake_discord)


async def test_ask_private_is_ephemeral(fake_discord: FakeDiscord, bot: ArchiveBot) -> None:
    """/ask private:true answers with the ephemeral flag (64)."""
    interaction = await fake_discord.send_slash_command(
        "ask", {"question": QUESTION, "private": True}
    )
    final = await interaction.wait_for_final()
    assert final["flags"] & 64
    assert interaction.response_time is not None
    assert interaction.response_time < ACK_LIMIT
    assert_clean(fake_discord)


async def test_ask_autocomplete_within_limits(fake_discord: FakeDiscord, bot: ArchiveBot) -> None:
    """/ask autocomplete answers with at most 25 choices of at most 100 characters."""
    interaction = await fake_discord.send_autocomplete("ask", {"question": "gsomia"}, "question")
    response = await interaction.wait_for_response()
    assert response["type"] == 8
    choices = response["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert all(0 < len(c["name"]) <= 100 and 0 < len(c["value"]) <= 100 for c in choices)
    assert interaction.response_time is not None
    assert interaction.response_time < ACK_LIMIT
    assert_clean(fake_discord)


async def test_everyone_in_a_question_never_pings(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """A question containing @everyone gets parse [] and no raw @everyone back."""
    interaction = await fake_discord.send_slash_command(
        "ask", {"question": "@everyone what is the airspeed of an unladen swallow"}
    )
    final = await interaction.wait_for_final()
    request = await fake_discord.wait_for_request("POST", r"/interactions/\d+/[^/]+/callback")
    assert request.json["data"]["allowed_mentions"]["parse"] == []
    text = str(final.get("content")) + str(final.get("embeds"))
    assert "@everyone" not in text
    assert final.get("mention_everyone") is not True
    assert_clean(fake_discord)


async def test_repeated_question_points_to_the_earlier_answer(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """The same question again in the channel gets a link to the first answer."""
    channel = fake_discord.general_channel_id
    await fake_discord.send_message(QUESTION, mention_bot=True)
    first = await fake_discord.wait_for_message(channel)
    await fake_discord.send_message("when was gsomia restored", mention_bot=True)
    second = await fake_discord.wait_for_message(channel)
    assert str(first["id"]) in second["content"]
    assert not second.get("embeds")
    assert_clean(fake_discord)


class SuggestingEngine:
    """The real engine, except one question abstains with real fact questions as suggestions."""

    ABSTAIN = "tell me something surprising"

    def __init__(self, real: Engine) -> None:
        self.real = real
        self.knowledge: Knowledge = real.knowledge

    def answer(self, question: str) -> Reply | NoAnswer:
        if question.startswith(self.ABSTAIN):
            suggestions = tuple(Suggestion(f.questions[0], f.id) for f in self.knowledge.facts[:3])
            return NoAnswer(question, suggestions, 10.0, "low-confidence")
        return self.real.answer(question)

    def latest(self, count: int = 1, tag: str | None = None) -> tuple[Post, ...]:
        return self.real.latest(count, tag)

    def complete(self, partial: str, limit: int = 25) -> tuple[str, ...]:
        return self.real.complete(partial, limit)

    def search(self, text: str, limit: int = 25) -> tuple[SearchHit, ...]:
        return self.real.search(text, limit)


def suggesting(knowledge: Knowledge, previous: EngineLike | None) -> EngineLike:
    return SuggestingEngine(Engine.build(knowledge))


async def test_suggestion_button_answers_in_place(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """ "I don't know" comes with buttons; a click edits that message into the answer."""
    settings = settings_for(fake_discord, knowledge_dir)
    await connect_client(build_bot(settings, builder=suggesting))
    interaction = await fake_discord.send_slash_command(
        "ask", {"question": SuggestingEngine.ABSTAIN}
    )
    final = await interaction.wait_for_final()
    assert final["content"].startswith("I don't know")
    buttons = [c for row in final["components"] for c in row["components"]]
    assert 1 <= len(buttons) <= 3
    message_id = _message_id(interaction)
    click = await fake_discord.click_button(message_id, buttons[0]["custom_id"])
    response = await click.wait_for_response()
    assert response["type"] == 7  # UPDATE_MESSAGE: answered in place
    edited = fake_discord.messages[message_id]
    assert edited["embeds"]
    assert edited["components"] == []
    assert click.response_time is not None
    assert click.response_time < ACK_LIMIT
    assert_clean(fake_discord)


async def test_links_in_an_echoed_question_are_not_previewed(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """ "I don't know" echoes a link in the question inside <...>, which Discord never previews."""
    settings = settings_for(fake_discord, knowledge_dir)
    await connect_client(build_bot(settings, builder=suggesting))
    question = f"{SuggestingEngine.ABSTAIN} https://example.com/page"
    interaction = await fake_discord.send_slash_command("ask", {"question": question})
    final = await interaction.wait_for_final()
    assert final["content"].startswith("I don't know")
    assert "<https://example.com/page>" in final["content"]
    assert final["content"].count("https://") == 1
    assert_clean(fake_discord)


async def test_ask_past_the_cooldown_is_told_to_slow_down(
    fake_discord: FakeDiscord, connect_client: ConnectClient, knowledge_dir: Path
) -> None:
    """Past QUESTION_BURST questions at once, /ask answers a private "slow down"."""
    settings = settings_for(
        fake_discord, knowledge_dir, question_burst=1, question_refill_seconds=60
    )
    await connect_client(build_bot(settings))
    first = await fake_discord.send_slash_command("ask", {"question": QUESTION})
    await first.wait_for_final()
    second = await fake_discord.send_slash_command("ask", {"question": "Who is Mark Esper?"})
    final = await second.wait_for_final()
    assert final["flags"] & 64
    assert "a lot of questions at once" in final["content"]
    assert_clean(fake_discord)


async def test_likely_answer_says_how_it_understood_and_offers_the_others(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """A likely answer opens with "Answering: ..." and carries the other candidates as buttons;
    a click answers the other candidate in place."""
    interaction = await fake_discord.send_slash_command("ask", {"question": likely_question()})
    final = await interaction.wait_for_final()
    embed = reply_embed(final)
    assert embed["description"].startswith("Answering: *")
    assert embed["footer"]["text"].startswith("Likely · confidence ")
    buttons = [c for row in final["components"] for c in row["components"]]
    assert 1 <= len(buttons) <= 3
    click = await fake_discord.click_button(_message_id(interaction), buttons[0]["custom_id"])
    response = await click.wait_for_response()
    assert response["type"] == 7
    assert fake_discord.messages[_message_id(interaction)]["embeds"]
    assert_clean(fake_discord)


def _message_id(interaction: Any) -> int:
    """The id of the message an interaction's reply created (it must have one)."""
    message_id = interaction.original_message_id
    assert message_id is not None
    return int(message_id)
