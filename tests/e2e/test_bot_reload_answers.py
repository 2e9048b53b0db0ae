"""End to end: after a /reload that changed the knowledge, answers come from the new one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.discord.client import ArchiveBot
from bot.discord.embed import GONE_NOTE, SUGGEST_PREFIX
from bot.knowledge import load_knowledge
from tests.e2e.botkit import assert_clean, rewrite_answer
from tests.fakediscord import FakeDiscord
from tests.questions import likely_question

pytestmark = pytest.mark.e2e

QUESTION = "When was GSOMIA signed?"
OLD_ANSWER = "GSOMIA was signed in 2016"


def fact_of(knowledge_dir: Path, phrasing: str) -> str:
    knowledge = load_knowledge(knowledge_dir).knowledge
    assert knowledge is not None
    return next(f.id for f in knowledge.facts if phrasing in f.questions)


def description(message: dict[str, Any]) -> str:
    (embed,) = message["embeds"]
    return str(embed["description"])


async def reload(fake_discord: FakeDiscord) -> None:
    interaction = await fake_discord.send_slash_command("reload", user=fake_discord.admin_user)
    final = await interaction.wait_for_final()
    assert final["content"].startswith("Reloaded"), final["content"]
    await fake_discord.wait_for_message(fake_discord.general_channel_id)  # that same reply


async def test_a_repeated_question_after_a_reload_gets_the_new_answer(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path
) -> None:
    """Before the reload a repeat gets a pointer; after it, the new answer itself."""
    general = fake_discord.general_channel_id
    await fake_discord.send_message(QUESTION, mention_bot=True)
    first = await fake_discord.wait_for_message(general)
    assert OLD_ANSWER in description(first)
    await fake_discord.send_message(QUESTION, mention_bot=True)
    pointer = await fake_discord.wait_for_message(general)
    assert str(first["id"]) in pointer["content"]

    new_answer = rewrite_answer(knowledge_dir, "gsomia-signed-2016", "(reloaded answer)")
    await reload(fake_discord)
    await fake_discord.send_message(QUESTION, mention_bot=True)
    again = await fake_discord.wait_for_message(general)
    assert again.get("embeds"), again.get("content")
    assert new_answer in description(again)
    assert_clean(fake_discord)


async def test_a_button_from_before_a_reload_answers_from_the_new_knowledge(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path
) -> None:
    """A suggestion button made before the reload answers with the reloaded fact."""
    interaction = await fake_discord.send_slash_command("ask", {"question": likely_question()})
    final = await interaction.wait_for_final()
    (button, *_) = [c for row in final["components"] for c in row["components"]]
    assert button["custom_id"].startswith(SUGGEST_PREFIX + "v")
    phrasing = button["custom_id"].split(":", 3)[3]
    new_answer = rewrite_answer(knowledge_dir, fact_of(knowledge_dir, phrasing), "(reloaded)")
    await reload(fake_discord)
    click = await fake_discord.click_button(_message_id(interaction), button["custom_id"])
    await click.wait_for_response()
    edited = fake_discord.messages[_message_id(interaction)]
    assert new_answer in description(edited)
    assert_clean(fake_discord)


async def test_a_button_whose_answer_is_gone_after_a_reload_says_so(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path
) -> None:
    """When the reloaded knowledge no longer answers a button's question, the reply says so."""
    interaction = await fake_discord.send_slash_command("ask", {"question": likely_question()})
    final = await interaction.wait_for_final()
    (button, *_) = [c for row in final["components"] for c in row["components"]]
    for path in (knowledge_dir / "posts").glob("*.yaml"):
        path.unlink()  # an empty archive answers nothing
    await reload(fake_discord)
    click = await fake_discord.click_button(_message_id(interaction), button["custom_id"])
    await click.wait_for_response()
    edited = fake_discord.messages[_message_id(interaction)]
    assert edited["content"].startswith(GONE_NOTE)
    assert_clean(fake_discord)


def _message_id(interaction: Any) -> int:
    """The id of the message an interaction's reply created (it must have one)."""
    message_id = interaction.original_message_id
    assert message_id is not None
    return int(message_id)
