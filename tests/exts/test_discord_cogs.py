"""The cogs with spec'd Discord fakes: /ask, mentions, answer channels, /latest, /about, /reload."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from unittest import mock

import discord
import pytest
from discord import app_commands

from bot.discord.client import ArchiveBot
from bot.discord.exts.qa import LOOKUPS_PER_REPLY
from bot.discord.tree import NotArchiveAdmin
from bot.engine.types import Tier
from bot.knowledge import LoadResult
from bot.service import ArchiveService
from tests.exts.fakes import (
    ADMIN_ROLE_ID,
    ANSWER_CHANNEL_ID,
    BOT_ID,
    CHANNEL_ID,
    FakeEngine,
    make_knowledge,
    make_no_answer,
    make_reply,
)

MakeInteraction = Callable[..., mock.MagicMock]
MakeMessage = Callable[..., mock.MagicMock]
SentKwargs = Callable[[mock.MagicMock], dict[str, Any]]
MENTION = f"<@{BOT_ID}>"


def get_cog(bot: ArchiveBot, name: str) -> Any:
    cog = bot.get_cog(name)
    assert cog is not None
    return cog


async def ask(
    bot: ArchiveBot, interaction: mock.MagicMock, question: str, private: bool = False
) -> None:
    cog = get_cog(bot, "QA")
    await cog.interaction_check(interaction)
    await cog.ask.callback(cog, interaction, question, private)


async def test_ask_answers_with_the_reply_embed(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """/ask sends the answer card publicly, without pings."""
    interaction = make_interaction()
    await ask(bot, interaction, "When was GSOMIA restored?")
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is False
    assert kwargs["embed"].title == make_reply().post_title
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_ask_private_is_ephemeral(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """/ask private:true answers only the asker."""
    interaction = make_interaction()
    await ask(bot, interaction, "When was GSOMIA restored?", private=True)
    assert sent_kwargs(interaction.response.send_message)["ephemeral"] is True


async def test_ask_without_answer_offers_suggestion_buttons(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """A NoAnswer says "I don't know" with up to three suggestion buttons."""
    engine.result = make_no_answer(n=5)
    interaction = make_interaction()
    await ask(bot, interaction, "What is the airspeed of a swallow?")
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["content"].startswith("I don't know")
    # the extension loader imports the cog module afresh, so compare ids, not classes
    custom_ids = [str(getattr(item, "custom_id", "")) for item in kwargs["view"].children]
    assert len(custom_ids) == 3
    assert all(custom_id.startswith("archive:suggest:") for custom_id in custom_ids)


async def test_repeated_ask_points_to_the_earlier_answer(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """The same question in the same channel gets a link to the first answer, privately."""
    await ask(bot, make_interaction(), "When was GSOMIA restored?")
    second = make_interaction()
    await ask(bot, second, "when was gsomia restored")
    kwargs = sent_kwargs(second.response.send_message)
    assert kwargs["ephemeral"] is True
    assert "/777" in second.response.send_message.await_args.args[0]
    assert len(engine.questions) == 1


async def test_private_answers_are_not_pointed_to(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction
) -> None:
    """A private answer is invisible to others, so a repeat is answered again."""
    await ask(bot, make_interaction(), "When was GSOMIA restored?", private=True)
    await ask(bot, make_interaction(), "When was GSOMIA restored?")
    assert len(engine.questions) == 2


async def test_slow_answers_are_deferred_then_followed_up(
    bot: ArchiveBot,
    engine: FakeEngine,
    make_interaction: MakeInteraction,
    sent_kwargs: SentKwargs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the engine is slower than the ack budget, /ask defers and sends a followup."""
    cog = get_cog(bot, "QA")
    monkeypatch.setattr(cog, "answer", _slow_answer(engine))
    cog.ack_budget = 0.01
    interaction = make_interaction()
    await ask(bot, interaction, "When was GSOMIA restored?")
    interaction.response.defer.assert_awaited_once()
    assert "embed" in sent_kwargs(interaction.followup.send)


def _slow_answer(engine: FakeEngine) -> Any:
    async def answer(question: str) -> Any:
        await asyncio.sleep(0.2)
        return engine.answer(question), "v1"

    return answer


async def test_ask_cooldown_raises_for_the_error_handler(
    bot: ArchiveBot, make_interaction: MakeInteraction
) -> None:
    """Past the per-user limit, /ask's check raises CommandOnCooldown."""
    cog = get_cog(bot, "QA")
    for _ in range(bot.settings.question_burst):
        await cog.interaction_check(make_interaction())
    with pytest.raises(app_commands.CommandOnCooldown):
        await cog.interaction_check(make_interaction())


async def test_suggestion_click_edits_the_message_into_the_answer(
    bot: ArchiveBot, engine: FakeEngine, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """Clicking a suggestion replaces the "I don't know" text and buttons with the answer."""
    interaction = make_interaction(kind=discord.InteractionType.component)
    await get_cog(bot, "QA").answer_suggestion(interaction, "Suggested question 0?")
    kwargs = sent_kwargs(interaction.response.edit_message)
    assert kwargs["embed"] is not None
    assert kwargs["content"] is None
    assert kwargs["view"] is None
    assert engine.questions == ["Suggested question 0?"]


async def test_mention_is_answered_as_a_reply_without_ping(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage, sent_kwargs: SentKwargs
) -> None:
    """A mention gets the answer as a reply, mention stripped from the question, no pings."""
    message = make_message(f"{MENTION} When was GSOMIA restored?")
    await get_cog(bot, "QA").on_message(message)
    kwargs = sent_kwargs(message.channel.send)
    assert engine.questions == ["When was GSOMIA restored?"]
    assert kwargs["mention_author"] is False
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert kwargs["reference"] is not None
    assert "embed" in kwargs


async def test_messages_from_bots_are_ignored(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage
) -> None:
    """Other bots (and the bot itself) are never answered."""
    message = make_message(f"{MENTION} When was GSOMIA restored?", author_bot=True)
    await get_cog(bot, "QA").on_message(message)
    message.channel.send.assert_not_awaited()
    assert engine.questions == []


async def test_plain_messages_elsewhere_are_ignored(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage
) -> None:
    """Without a mention, messages outside answer channels are not answered."""
    message = make_message("When was GSOMIA restored?", channel_id=CHANNEL_ID)
    await get_cog(bot, "QA").on_message(message)
    message.channel.send.assert_not_awaited()


async def test_answer_channel_question_is_answered(
    bot: ArchiveBot, make_message: MakeMessage
) -> None:
    """A question in an answer channel gets a confident answer without a mention."""
    message = make_message("When was GSOMIA restored?", channel_id=ANSWER_CHANNEL_ID)
    await get_cog(bot, "QA").on_message(message)
    message.channel.send.assert_awaited_once()


async def test_answer_channel_chatter_is_ignored(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage
) -> None:
    """Chatter in an answer channel gets no reply and no engine call."""
    message = make_message("good morning everyone", channel_id=ANSWER_CHANNEL_ID)
    await get_cog(bot, "QA").on_message(message)
    message.channel.send.assert_not_awaited()
    assert engine.questions == []


@pytest.mark.parametrize("result", [make_reply(tier=Tier.LIKELY), make_no_answer()])
async def test_answer_channel_stays_silent_when_unsure(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage, result: Any
) -> None:
    """Likely (not confident) replies and NoAnswers are not posted in answer channels."""
    engine.result = result
    message = make_message("When was GSOMIA restored?", channel_id=ANSWER_CHANNEL_ID)
    await get_cog(bot, "QA").on_message(message)
    message.channel.send.assert_not_awaited()


async def test_silence_in_an_answer_channel_does_not_use_the_cooldown(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage
) -> None:
    """Questions the bot stays silent on in an answer channel leave the user's cooldown intact."""
    cog = get_cog(bot, "QA")
    engine.result = make_reply(tier=Tier.LIKELY)
    count = bot.settings.question_burst
    past_every_cap = count * LOOKUPS_PER_REPLY + count
    for i in range(past_every_cap):
        await cog.on_message(make_message(f"is this question {i}?", channel_id=ANSWER_CHANNEL_ID))
    engine.result = make_reply()
    asked = make_message(f"{MENTION} When was GSOMIA restored?")
    await cog.on_message(asked)
    assert "embed" in asked.channel.send.await_args.kwargs


async def test_a_flood_of_silent_questions_is_looked_up_only_so_often(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage
) -> None:
    """Unanswered answer-channel questions stop reaching the engine past a per-user cap."""
    cog = get_cog(bot, "QA")
    engine.result = make_no_answer()
    cap = bot.settings.question_burst * LOOKUPS_PER_REPLY
    for i in range(cap + 5):
        await cog.on_message(make_message(f"is this question {i}?", channel_id=ANSWER_CHANNEL_ID))
    assert len(engine.questions) == cap


async def test_mention_past_the_limit_gets_one_notice_then_reactions(
    bot: ArchiveBot, make_message: MakeMessage
) -> None:
    """Past the limit a mention gets one notice, then a ⏳ reaction instead of silence."""
    cog = get_cog(bot, "QA")
    for i in range(bot.settings.question_burst):
        await cog.on_message(make_message(f"{MENTION} question number {i}?"))
    warned = make_message(f"{MENTION} one more question?")
    await cog.on_message(warned)
    silent = make_message(f"{MENTION} and another question?")
    await cog.on_message(silent)
    assert "a lot of questions at once" in warned.channel.send.await_args.kwargs["content"]
    silent.channel.send.assert_not_awaited()
    silent.add_reaction.assert_awaited_once_with("⏳")


async def test_repeated_mention_points_to_the_earlier_answer(
    bot: ArchiveBot, engine: FakeEngine, make_message: MakeMessage
) -> None:
    """The same question again in the channel gets a link instead of a second answer."""
    cog = get_cog(bot, "QA")
    await cog.on_message(make_message(f"{MENTION} When was GSOMIA restored?"))
    again = make_message(f"{MENTION} when was GSOMIA restored")
    await cog.on_message(again)
    assert "/4321" in again.channel.send.await_args.kwargs["content"]
    assert len(engine.questions) == 1


async def test_empty_mention_gets_help(bot: ArchiveBot, make_message: MakeMessage) -> None:
    """A bare mention explains how to ask."""
    message = make_message(MENTION)
    await get_cog(bot, "QA").on_message(message)
    assert "/ask" in message.channel.send.await_args.kwargs["content"]


async def test_bare_mentions_count_toward_the_cooldown(
    bot: ArchiveBot, make_message: MakeMessage
) -> None:
    """Spamming bare mentions gets help only up to the per-user limit, not one reply each."""
    cog = get_cog(bot, "QA")
    messages = [make_message(MENTION) for _ in range(bot.settings.question_burst + 3)]
    for message in messages:
        await cog.on_message(message)
    replies = [
        m.channel.send.await_args.kwargs["content"] for m in messages if m.channel.send.await_args
    ]
    assert sum("/ask" in reply for reply in replies) == bot.settings.question_burst
    assert sum("a lot of questions" in reply for reply in replies) == 1


async def test_missing_message_content_is_reported_once(
    bot: ArchiveBot, make_message: MakeMessage, caplog: pytest.LogCaptureFixture
) -> None:
    """Answer-channel messages arriving without text log one Message Content warning."""
    cog = get_cog(bot, "QA")
    for _ in range(6):
        await cog.on_message(make_message("", channel_id=ANSWER_CHANNEL_ID))
    warnings = [r for r in caplog.records if "Message Content" in r.getMessage()]
    assert len(warnings) == 1


async def test_forbidden_reply_is_logged_not_raised(
    bot: ArchiveBot, make_message: MakeMessage, caplog: pytest.LogCaptureFixture
) -> None:
    """Missing permission to reply is a warning in the log, not a crash."""
    message = make_message(f"{MENTION} When was GSOMIA restored?")
    message.channel.send.side_effect = discord.Forbidden(mock.MagicMock(status=403), "Missing")
    await get_cog(bot, "QA").on_message(message)
    assert "Missing permission" in caplog.text


async def test_latest_sends_post_embeds(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """/latest count:2 sends the two newest posts as embeds."""
    cog = get_cog(bot, "Info")
    interaction = make_interaction()
    await cog.latest.callback(cog, interaction, 2, None)
    embeds = sent_kwargs(interaction.response.send_message)["embeds"]
    assert [e.title for e in embeds] == [p.title for p in bot.service.knowledge.posts[:2]]


async def test_latest_with_unknown_tag_says_so(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """/latest with a tag no post has answers privately that nothing matched."""
    cog = get_cog(bot, "Info")
    interaction = make_interaction()
    await cog.latest.callback(cog, interaction, 1, "nope")
    assert sent_kwargs(interaction.response.send_message)["ephemeral"] is True
    assert "nope" in interaction.response.send_message.await_args.args[0]


async def test_about_shows_the_archive(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """/about sends the archive card."""
    cog = get_cog(bot, "Info")
    interaction = make_interaction()
    await cog.about.callback(cog, interaction)
    assert sent_kwargs(interaction.response.send_message)["embed"].title == "ROK Drop"


@pytest.mark.parametrize(
    ("manage_guild", "roles", "allowed"),
    [(True, (), True), (False, (ADMIN_ROLE_ID,), True), (False, (), False)],
)
async def test_reload_runtime_gate(
    bot: ArchiveBot,
    make_interaction: MakeInteraction,
    manage_guild: bool,
    roles: tuple[int, ...],
    allowed: bool,
) -> None:
    """/reload passes with Manage Server or an admin role, and refuses anyone else."""
    command = bot.tree.get_command("reload")
    assert isinstance(command, app_commands.Command)
    interaction = make_interaction(manage_guild=manage_guild, role_ids=roles)
    if allowed:
        assert await command._check_can_run(interaction)
    else:
        with pytest.raises(NotArchiveAdmin):
            await command._check_can_run(interaction)


async def test_reload_in_dms_is_refused(bot: ArchiveBot, make_interaction: MakeInteraction) -> None:
    """/reload outside a guild is refused even with permissions."""
    command = bot.tree.get_command("reload")
    assert isinstance(command, app_commands.Command)
    with pytest.raises(app_commands.CheckFailure):
        await command._check_can_run(make_interaction(guild_id=None, manage_guild=True))


async def test_reload_defers_and_reports_ephemerally(
    bot: ArchiveBot, make_interaction: MakeInteraction, sent_kwargs: SentKwargs
) -> None:
    """/reload defers privately, reloads, and sends the report as a private followup."""
    new = make_knowledge("v2", posts=3)
    bot.service._loader = lambda: LoadResult(new, (), ())
    bot.service._builder = lambda knowledge, previous: FakeEngine(knowledge)
    cog = get_cog(bot, "Admin")
    interaction = make_interaction(manage_guild=True)
    await cog.reload.callback(cog, interaction)
    assert sent_kwargs(interaction.response.defer)["ephemeral"] is True
    assert sent_kwargs(interaction.followup.send)["ephemeral"] is True
    assert "`v1` → `v2`" in interaction.followup.send.await_args.args[0]
    assert isinstance(bot.service, ArchiveService)
    assert bot.service.knowledge.version == "v2"


async def test_an_engine_error_on_a_mention_is_told_not_swallowed(
    bot: ArchiveBot,
    engine: FakeEngine,
    make_message: MakeMessage,
    sent_kwargs: SentKwargs,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broken engine gets the member an apology (never "I don't know") and one log entry."""
    cog = get_cog(bot, "QA")

    def broken(question: str) -> Any:
        raise RuntimeError("index broken")

    monkeypatch.setattr(engine, "answer", broken)
    message = make_message(f"{MENTION} When was GSOMIA restored?")
    await cog.on_message(message)
    content = sent_kwargs(message.channel.send)["content"]
    assert "went wrong" in content
    assert "don't know" not in content
    errors = [r.exc_info[1] for r in caplog.records if r.exc_info]
    assert len(errors) == 1
    assert str(errors[0]) == "index broken"
