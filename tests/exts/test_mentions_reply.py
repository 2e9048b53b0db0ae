"""Date questions that only a fact's text mentions, asked of the bot on Discord: the
real engine (over tests/engine/talks_sample.py) behind the cog and the spec'd fakes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest

from bot.discord.client import ArchiveBot
from bot.engine import Engine
from tests.engine.talks_sample import AGREE, make_talks
from tests.exts.fakes import ANSWER_CHANNEL_ID, BOT_ID

MakeMessage = Callable[..., mock.MagicMock]
SentKwargs = Callable[[mock.MagicMock], dict[str, Any]]
MENTION = f"<@{BOT_ID}>"


@pytest.fixture(scope="module")
def talks_engine() -> Engine:
    """The real engine over the talks archive (built once: engines are immutable)."""
    return Engine.build(make_talks())


@pytest.fixture
def engine(talks_engine: Engine) -> Engine:
    """The service of these tests answers with the real engine, not the stand-in."""
    return talks_engine


async def _mention(bot: ArchiveBot, make_message: MakeMessage, text: str) -> mock.MagicMock:
    message = make_message(f"{MENTION} {text}")
    cog = bot.get_cog("QA")
    assert cog is not None
    await cog.on_message(message)  # type: ignore[attr-defined]
    return message


async def test_a_year_a_fact_mentions_is_answered_as_likely(
    bot: ArchiveBot, make_message: MakeMessage, sent_kwargs: SentKwargs
) -> None:
    """ "what happened in 1965?" gets the fact that mentions 1965, saying how it understood."""
    message = await _mention(bot, make_message, "what happened in 1965?")
    embed = sent_kwargs(message.channel.send)["embed"]
    assert embed.title == "The old treaty"
    assert embed.description.startswith("Answering: *What did the old treaty settle?*\n")
    assert "The 1965 treaty settled the claims between the two countries." in embed.description
    assert embed.footer.text.startswith("Likely")


async def test_a_month_and_year_no_fact_mentions_together_is_not_answered(
    bot: ArchiveBot, make_message: MakeMessage, sent_kwargs: SentKwargs
) -> None:
    """November 1965: no answer (no post is from then, which the reply says), with a
    button for each fact that mentions a part."""
    message = await _mention(bot, make_message, "what happened in november 1965")
    kwargs = sent_kwargs(message.channel.send)
    assert kwargs["content"].startswith("The archive holds no posts from November 1965.")
    assert "embed" not in kwargs
    labels = {child.item.label for child in kwargs["view"].children}
    assert labels == {AGREE, "What did the old treaty settle?"}


async def test_a_year_nothing_mentions_gets_no_buttons(
    bot: ArchiveBot, make_message: MakeMessage, sent_kwargs: SentKwargs
) -> None:
    """A year the archive never mentions: no answer, and nothing to click."""
    message = await _mention(bot, make_message, "what happened in 1910")
    kwargs = sent_kwargs(message.channel.send)
    assert kwargs["content"].startswith("The archive holds no posts from 1910.")
    assert "Maybe one of these?" not in kwargs["content"]
    assert kwargs.get("view") is None


async def test_a_likely_date_answer_stays_out_of_answer_channels(
    bot: ArchiveBot, make_message: MakeMessage
) -> None:
    """Unasked (no mention), the likely 1965 answer is not posted in an answer channel."""
    message = make_message("what happened in 1965?", channel_id=ANSWER_CHANNEL_ID)
    cog = bot.get_cog("QA")
    assert cog is not None
    await cog.on_message(message)  # type: ignore[attr-defined]
    message.channel.send.assert_not_awaited()
