"""Helpers for the bot's end-to-end tests: settings for the fake world, a knowledge copy,
and a real ArchiveBot over the real loader and engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from bot.discord.client import ArchiveBot, create_bot
from bot.knowledge import load_knowledge
from bot.service import ArchiveService, Builder
from bot.settings import BUNDLED_KNOWLEDGE, Settings
from tests.fakediscord import FakeDiscord

ACK_LIMIT = 3.0
"""Discord's deadline for an interaction's first response."""


def copy_knowledge(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge folder that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    return target


def rewrite_answer(knowledge_dir: Path, fact_id: str, marker: str) -> str:
    """Append `marker` to one fact's answer in its YAML file; returns the new answer."""
    knowledge = load_knowledge(knowledge_dir).knowledge
    assert knowledge is not None
    fact = next(f for f in knowledge.facts if f.id == fact_id)
    path = Path(fact.file) if Path(fact.file).is_absolute() else knowledge_dir / fact.file
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    new_answer = f"{fact.answer} {marker}"
    for number in range(fact.line - 1, len(lines)):
        stripped = lines[number].lstrip()
        if stripped.startswith("answer:"):
            indent = len(lines[number]) - len(stripped)
            end = number + 1  # a folded or multi-line value continues, more indented
            while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > indent:
                end += 1
            # a JSON string is a valid YAML double-quoted scalar
            lines[number:end] = [f"{' ' * indent}answer: {json.dumps(new_answer)}\n"]
            break
    else:
        raise AssertionError(f"no answer line for {fact_id}")
    path.write_text("".join(lines), encoding="utf-8")
    return new_answer


def settings_for(fake: FakeDiscord, knowledge_dir: Path, **overrides: Any) -> Settings:
    """Settings for the fake world: dev guild sync, #answers as answer channel."""
    values: dict[str, Any] = {
        "discord_token": FakeDiscord.TOKEN,
        "knowledge_dir": knowledge_dir,
        "dev_guild_id": fake.guild_id,
        "answer_channel_ids": [fake.answers_channel_id],
        "question_burst": 50,
        "question_refill_seconds": 1.2,
        "repeat_window_seconds": 300,
        "data_dir": knowledge_dir.parent / "data",  # the SQLite store of this test only
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def build_bot(settings: Settings, *, builder: Builder | None = None) -> ArchiveBot:
    """A real bot over the real loader and engine (or `builder`'s engine)."""
    service = ArchiveService.start(settings, builder=builder)
    return create_bot(settings, service)


def assert_clean(fake: FakeDiscord) -> None:
    """No unknown route, no rejected request, every interaction acknowledged within 3 s."""
    assert fake.unhandled == []
    assert fake.rejected == []
    for interaction in fake.interactions.values():
        assert interaction.response_time is not None, interaction.payload
        assert interaction.response_time < ACK_LIMIT
