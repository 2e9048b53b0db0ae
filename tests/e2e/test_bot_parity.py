"""Discord shows the same answers as `archive-bot ask`: one engine, one renderer per output."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import answer as answer_cmd
from bot.discord.client import ArchiveBot
from bot.settings import Settings
from tests.e2e.botkit import assert_clean
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

QUESTIONS = (
    "When did South Korea restore GSOMIA?",
    "what did esper tell moon",
    "who is tara o",
    "What is the capital of Australia?",
)


def cli_answer(question: str, knowledge_dir: Path) -> dict[str, Any]:
    """What `archive-bot ask --json QUESTION` prints, parsed."""
    out = io.StringIO()
    settings = Settings(_env_file=None, knowledge_dir=knowledge_dir)
    code = answer_cmd.ask(
        [question], knowledge_dir, settings, as_json=True, stdout=out, stdin=io.StringIO()
    )
    assert code == 0
    record: dict[str, Any] = json.loads(out.getvalue())
    return record


@pytest.mark.parametrize("question", QUESTIONS)
async def test_ask_in_discord_matches_the_command_line(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path, question: str
) -> None:
    """/ask and `archive-bot ask --json` give the same answer, quote and link, or both abstain."""
    expected = cli_answer(question, knowledge_dir)
    interaction = await fake_discord.send_slash_command("ask", {"question": question})
    final = await interaction.wait_for_final()
    embeds = final.get("embeds") or []
    if not expected["matched"]:
        assert embeds == []
        assert "I don't know" in final["content"]
        return
    embed = embeds[0]
    assert embed["url"] == expected["url"]
    assert expected["answer"] in embed["description"]
    assert expected["quote"] in embed["description"]
    assert_clean(fake_discord)
