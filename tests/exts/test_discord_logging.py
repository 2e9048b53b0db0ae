"""What the bot writes to its log: one line per question, no secrets, no voice noise."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import discord
import pytest

from bot.discord.client import ArchiveBot
from bot.logs import DISCORD_PAYLOAD_LOGGERS, setup_logging
from tests.exts.fakes import BOT_ID, USER_ID, FakeEngine, make_no_answer

MakeMessage = Callable[..., mock.MagicMock]
MENTION = f"<@{BOT_ID}>"


def qa(bot: ArchiveBot) -> Any:
    cog = bot.get_cog("QA")
    assert cog is not None
    return cog


def question_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "bot.discord.exts.qa" and r.getMessage().startswith("question via")
    ]


async def test_each_question_logs_one_info_line_with_tier_fact_and_time(
    bot: ArchiveBot, make_message: MakeMessage, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.discord.exts.qa"):
        await qa(bot).on_message(make_message(f"{MENTION} When was GSOMIA restored?"))
    (line,) = question_lines(caplog)
    text = line.getMessage()
    assert line.levelno == logging.INFO
    assert text.startswith("question via mention: confident gsomia-fully-restored score 92 in ")
    assert text.endswith(f" ms ({len('When was GSOMIA restored?')} chars)")
    assert str(USER_ID) not in text


async def test_an_unanswered_question_logs_why(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage, caplog: pytest.LogCaptureFixture
) -> None:
    engine.result = make_no_answer()
    with caplog.at_level(logging.INFO, logger="bot.discord.exts.qa"):
        await qa(bot).on_message(make_message(f"{MENTION} What is the airspeed of a swallow?"))
    (line,) = question_lines(caplog)
    assert "unsure no-answer:" in line.getMessage()


@pytest.fixture
def restore_loggers() -> Iterator[None]:
    saved = {name: logging.getLogger(name).level for name in DISCORD_PAYLOAD_LOGGERS}
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
    setup_logging("WARNING")


@pytest.mark.usefixtures("restore_loggers")
def test_debug_keeps_discord_payload_dumps_out_unless_asked() -> None:
    """LOG_LEVEL=DEBUG alone does not log gateway events and requests (interaction tokens)."""
    setup_logging("DEBUG")
    assert logging.getLogger().level == logging.DEBUG
    for name in DISCORD_PAYLOAD_LOGGERS:
        assert logging.getLogger(name).getEffectiveLevel() == logging.INFO, name
    setup_logging("DEBUG", discord_debug=True)
    for name in DISCORD_PAYLOAD_LOGGERS:
        assert logging.getLogger(name).getEffectiveLevel() == logging.DEBUG, name


def test_the_bot_never_warns_about_voice(bot: ArchiveBot) -> None:
    """A text-only bot does not print "PyNaCl is not installed" at every start."""
    assert not getattr(discord.VoiceClient, "warn_nacl", False)
    assert not getattr(discord.VoiceClient, "warn_dave", False)
