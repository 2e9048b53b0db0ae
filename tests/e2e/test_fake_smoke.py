"""Smoke tests for the fake Discord: a minimal real discord.py bot works end to end against it."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

FRUITS = ("apple", "apricot", "banana", "cherry")


class PingView(discord.ui.View):
    """One button that answers the click."""

    @discord.ui.button(label="OK", custom_id="smoke:ok")
    async def ok(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message("clicked", ephemeral=True)


class SmokeBot(commands.Bot):
    """The smallest bot exercising messages, slash commands, defer, autocomplete and buttons."""

    def __init__(self, guild_id: int, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix="!", intents=intents, allowed_mentions=discord.AllowedMentions.none()
        )
        self.guild_id = guild_id
        self.seen: list[str] = []

    async def setup_hook(self) -> None:
        guild = discord.Object(self.guild_id)
        slash_commands: tuple[app_commands.Command[Any, ..., None], ...] = (
            echo,
            slow,
            slowedit,
            pick,
            buttons,
            perms,
        )
        for command in slash_commands:
            self.tree.add_command(command, guild=guild)
        await self.tree.sync(guild=guild)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.append(message.content)
        if message.content == "ping":
            await message.reply("pong", allowed_mentions=discord.AllowedMentions.none())
        elif message.content == "file":
            upload = discord.File(io.BytesIO(b"quote text"), filename="quote.txt")
            await message.channel.send("see file", file=upload)


class ShardedSmokeBot(commands.AutoShardedBot):
    """An auto-sharded bot with no commands."""

    def __init__(self, shard_count: int | None = 2) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), shard_count=shard_count
        )


@app_commands.command(description="Say the text back.")
async def echo(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text)


@app_commands.command(description="Think, then answer with a followup.")
async def slow(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.followup.send("done")


@app_commands.command(description="Think, then edit the original response.")
async def slowedit(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.edit_original_response(content="edited")


@app_commands.command(description="Pick a fruit.")
async def pick(interaction: discord.Interaction, fruit: str) -> None:
    await interaction.response.send_message(fruit)


@pick.autocomplete("fruit")
async def pick_fruit(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]


@app_commands.command(description="Show a button.")
async def buttons(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("press it", view=PingView())


@app_commands.command(description="Say whether the user may manage the guild.")
async def perms(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(f"manage_guild={interaction.permissions.manage_guild}")


@pytest.fixture
async def bot(fake_discord: FakeDiscord, connect_client: Any) -> SmokeBot:
    """A connected SmokeBot with the message_content intent."""
    connected: SmokeBot = await connect_client(SmokeBot(fake_discord.guild_id))
    return connected


async def test_connect_sees_ready_and_guild(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """READY names the bot user and GUILD_CREATE fills the guild with roles and channels."""
    guild = bot.get_guild(fake_discord.guild_id)
    assert bot.user is not None
    assert bot.user.id == fake_discord.application_id
    assert guild is not None
    assert {c.name for c in guild.text_channels} == {"general", "answers"}
    admins = guild.get_role(fake_discord.admin_role_id)
    assert admins is not None
    assert admins.permissions.manage_guild


async def test_ping_is_answered_with_a_reply(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """A "ping" message gets a "pong" reply that references it and mentions nobody."""
    sent = await fake_discord.send_message("ping")
    request = await fake_discord.wait_for_request("POST", r"/channels/\d+/messages$")
    assert request.json["content"] == "pong"
    assert request.json["message_reference"]["message_id"] == int(sent["id"])
    assert request.json["allowed_mentions"]["parse"] == []
    reply = await fake_discord.wait_for_message(fake_discord.general_channel_id)
    assert reply["mentions"] == []


async def test_setup_hook_syncs_guild_commands(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """Syncing to the guild PUTs the commands, which the fake stores with ids."""
    path = rf"/applications/{fake_discord.application_id}/guilds/{fake_discord.guild_id}/commands"
    await fake_discord.wait_for_request("PUT", path)
    names = {c["name"] for c in fake_discord.commands[fake_discord.guild_id]}
    assert names == {"echo", "slow", "slowedit", "pick", "buttons", "perms"}


async def test_slash_command_gets_a_message_callback(
    fake_discord: FakeDiscord, bot: SmokeBot
) -> None:
    """/echo answers with callback type 4 carrying the text."""
    interaction = await fake_discord.send_slash_command("echo", {"text": "hello"})
    response = await interaction.wait_for_response()
    assert response["type"] == 4
    assert response["data"]["content"] == "hello"


async def test_defer_then_followup_is_final(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """/slow defers (type 5) and its followup becomes the final message."""
    interaction = await fake_discord.send_slash_command("slow")
    assert (await interaction.wait_for_response())["type"] == 5
    assert (await interaction.wait_for_final())["content"] == "done"


async def test_defer_then_edit_original(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """/slowedit defers and then PATCHes @original with the answer."""
    interaction = await fake_discord.send_slash_command("slowedit")
    final = await interaction.wait_for_final()
    kinds = [r.kind for r in interaction.responses]
    assert kinds == ["callback", "edit_original"]
    assert final["content"] == "edited"


async def test_autocomplete_returns_choices(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """Autocomplete on /pick answers callback type 8 with the matching choices."""
    interaction = await fake_discord.send_autocomplete("pick", {"fruit": "ap"}, "fruit")
    response = await interaction.wait_for_response()
    assert response["type"] == 8
    assert [c["value"] for c in response["data"]["choices"]] == ["apple", "apricot"]


async def test_button_click_is_answered(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """Clicking the button on the bot's message runs the view callback."""
    command = await fake_discord.send_slash_command("buttons")
    await command.wait_for_final()
    assert command.original_message_id is not None
    click = await fake_discord.click_button(command.original_message_id, "smoke:ok")
    response = await click.wait_for_response()
    assert response["type"] == 4
    assert response["data"]["content"] == "clicked"


async def test_bad_token_raises_login_failure(fake_discord: FakeDiscord) -> None:
    """A token the fake does not know makes bot.start raise LoginFailure."""
    bot = SmokeBot(fake_discord.guild_id)
    try:
        with pytest.raises(discord.LoginFailure):
            await bot.start("not-the-token")
    finally:
        await bot.close()


async def test_without_message_content_intent_content_is_empty(
    fake_discord: FakeDiscord, connect_client: Any
) -> None:
    """Without the intent the bot sees empty content, except when it is mentioned."""
    bot: SmokeBot = await connect_client(SmokeBot(fake_discord.guild_id, message_content=False))
    await fake_discord.send_message("secret words")
    await fake_discord.send_message("hello bot", mention_bot=True)
    await fake_discord.send_message("ping")
    bot_id = fake_discord.application_id
    assert await _eventually(lambda: len(bot.seen) == 3)
    assert bot.seen == ["", f"<@{bot_id}> hello bot", ""]


async def test_auto_sharded_bot_connects_every_shard(
    fake_discord: FakeDiscord, connect_client: Any
) -> None:
    """An AutoShardedBot with two shards identifies twice and gets the guild on its shard."""
    bot = await connect_client(ShardedSmokeBot())
    shards = sorted(tuple(s.shard) for s in fake_discord.live_sessions if s.shard)
    assert shards == [(0, 2), (1, 2)]
    guild = bot.get_guild(fake_discord.guild_id)
    assert guild is not None
    assert guild.shard_id == (fake_discord.guild_id >> 22) % 2


async def test_auto_sharded_bot_takes_shard_count_from_gateway_bot(
    fake_discord: FakeDiscord, connect_client: Any
) -> None:
    """Without shard_count the bot asks GET /gateway/bot and opens that many shards."""
    fake_discord.recommended_shards = 3
    bot = await connect_client(ShardedSmokeBot(shard_count=None))
    await fake_discord.wait_for_request("GET", "^/gateway/bot$")
    assert bot.shard_count == 3
    assert sorted(s.shard_id for s in fake_discord.live_sessions) == [0, 1, 2]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin_user", "True"),
        ("member_user", "False"),
        ("curator_user", "False"),
        ("owner_user", "True"),
    ],
)
async def test_interaction_permissions_follow_roles(
    fake_discord: FakeDiscord, bot: SmokeBot, who: str, expected: str
) -> None:
    """Admins (Manage Guild) and the owner may manage the guild; members and curators not."""
    interaction = await fake_discord.send_slash_command("perms", user=getattr(fake_discord, who))
    assert (await interaction.wait_for_final())["content"] == f"manage_guild={expected}"


async def test_no_unhandled_requests_in_a_session(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """A full start plus a command touches only routes the fake implements, all accepted."""
    interaction = await fake_discord.send_slash_command("echo", {"text": "x"})
    await interaction.wait_for_final()
    assert fake_discord.unhandled == []
    assert fake_discord.rejected == []


async def test_gateway_uses_zlib_stream_and_heartbeats(
    fake_discord: FakeDiscord, bot: SmokeBot
) -> None:
    """The client asks for zlib-stream, sends intents with message_content and heartbeats."""
    (session,) = fake_discord.live_sessions
    assert session.compression == "zlib-stream"
    assert session.intents == bot.intents.value
    assert session.has_intent(1 << 15)
    assert session.heartbeats >= 1


async def test_file_upload_is_recorded(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """A multipart upload is recorded with its payload_json and the file bytes."""
    await fake_discord.send_message("file")
    request = await fake_discord.wait_for_request("POST", r"/channels/\d+/messages$")
    assert request.json["content"] == "see file"
    assert [(f.filename, f.size) for f in request.files] == [("quote.txt", 10)]
    message = await fake_discord.wait_for_message(fake_discord.general_channel_id)
    assert message["attachments"][0]["filename"] == "quote.txt"


async def test_too_long_content_is_rejected(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """A reply over 2000 characters gets Discord's 400 Invalid Form Body."""
    interaction = await fake_discord.send_slash_command("echo", {"text": "x" * 2001})
    request = await fake_discord.wait_for_request("POST", r"/interactions/\d+/.+/callback")
    assert request.status == 400
    assert request.response["code"] == 50035
    assert interaction.responses == []


async def test_late_callback_is_unknown_interaction(
    fake_discord: FakeDiscord, bot: SmokeBot
) -> None:
    """A callback after the interaction timeout gets 404 Unknown interaction (10062)."""
    fake_discord.interaction_timeout = 0.0
    interaction = await fake_discord.send_slash_command("echo", {"text": "late"})
    request = await fake_discord.wait_for_request("POST", r"/interactions/\d+/.+/callback")
    assert (request.status, request.response["code"]) == (404, 10062)
    assert interaction.errors


async def test_dm_keeps_content_without_intent(
    fake_discord: FakeDiscord, connect_client: Any
) -> None:
    """Direct messages carry their content even without the message_content intent."""
    bot: SmokeBot = await connect_client(SmokeBot(fake_discord.guild_id, message_content=False))
    await fake_discord.send_message("ping", dm=True)
    reply = await fake_discord.wait_for_request("POST", r"/channels/\d+/messages$")
    assert reply.json["content"] == "pong"
    assert bot.seen == ["ping"]


async def test_reconnect_resumes_the_session(fake_discord: FakeDiscord, bot: SmokeBot) -> None:
    """After op 7 RECONNECT the client RESUMEs on a new connection and still gets events."""
    (first,) = fake_discord.live_sessions
    await fake_discord.request_reconnect()
    assert await _eventually(
        lambda: (
            [s.session_id for s in fake_discord.live_sessions] == [first.session_id]
            and fake_discord.live_sessions[0] is not first
        )
    )
    interaction = await fake_discord.send_slash_command("echo", {"text": "again"})
    assert (await interaction.wait_for_final())["content"] == "again"


async def _eventually(check: Callable[[], bool], seconds: float = 2.0) -> bool:
    """Poll `check` on the event loop until it is true or the timeout passes."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True
