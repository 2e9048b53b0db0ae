"""The fake's state: the world, what it recorded, and the waiting and lookup helpers that the
driver, the REST routes and the server share."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .gateway import GatewaySession
from .messages import attachments_for
from .payloads import SnowflakeFactory, World, dm_channel, second_world, shard_of
from .records import FakeInteraction, RecordedRequest
from .rest import API_PREFIX, ApiError

log = logging.getLogger(__name__)

UserRef = int | dict[str, Any] | None
AUTO: Any = object()

# Interaction types.
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4


class FakeState:
    """State shared by every part of FakeDiscord (see server.py for the assembled class)."""

    #: The only bot token the fake accepts; any other gets 401 (discord.LoginFailure).
    TOKEN = "fake-discord-token.AAAAAA.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

    def __init__(
        self,
        *,
        interaction_timeout: float = 3.0,
        heartbeat_interval_ms: int = 41_250,
        recommended_shards: int = 1,
        second_guild: bool = False,
    ) -> None:
        self.world = World()
        #: Every guild the bot is in: `world`, and `second_world` when asked for.
        self.worlds: list[World] = [self.world, *([second_world()] if second_guild else [])]
        self.interaction_timeout = interaction_timeout
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.recommended_shards = recommended_shards
        self.new_id = SnowflakeFactory()

        self.requests: list[RecordedRequest] = []
        #: Registered application commands by scope: None = global, else the guild id.
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        #: Every message the fake knows, by id (user messages it dispatched, bot messages).
        self.messages: dict[int, dict[str, Any]] = {}
        #: Messages the bot created in each channel (channel POSTs and interaction replies).
        self.bot_messages: dict[int, list[dict[str, Any]]] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.sessions: list[GatewaySession] = []
        self.dm_channels: dict[int, dict[str, Any]] = {}
        self.reactions: list[tuple[int, int, str]] = []
        self.attachment_data: dict[str, bytes] = {}

        self._message_cursor: dict[int, int] = {}
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def application_id(self) -> int:
        """The application (and bot user) id."""
        return self.world.application_id

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's user object."""
        return self.world.users[self.world.bot_id]

    @property
    def owner_user(self) -> dict[str, Any]:
        """Owns the guild and the application (so is_owner() is true for them)."""
        return self.world.users[self.world.owner_id]

    @property
    def admin_user(self) -> dict[str, Any]:
        """A member with the Admins role (Manage Guild)."""
        return self.world.users[self.world.admin_id]

    @property
    def member_user(self) -> dict[str, Any]:
        """A plain member: @everyone permissions only."""
        return self.world.users[self.world.member_id]

    @property
    def curator_user(self) -> dict[str, Any]:
        """A member with the Curators role (no extra permissions)."""
        return self.world.users[self.world.curator_id]

    @property
    def guild_id(self) -> int:
        """The one guild's id."""
        return self.world.guild_id

    @property
    def second_world(self) -> World:
        """The second guild (FakeDiscord(second_guild=True)): on shard 1 of 2, the first on 0."""
        if len(self.worlds) < 2:
            raise AssertionError("fake discord: start it with second_guild=True")
        return self.worlds[1]

    def world_for_guild(self, guild_id: int | None) -> World | None:
        """The world of a guild id, or None when it is not one of the fake's guilds."""
        return next((w for w in self.worlds if w.guild_id == guild_id), None)

    def world_for_channel(self, channel_id: int | None) -> World:
        """The world owning a guild channel; the first world for anything else."""
        found = (w for w in self.worlds if channel_id and w.channel(channel_id) is not None)
        return next(found, self.world)

    @property
    def general_channel_id(self) -> int:
        """#general."""
        return self.world.general_channel_id

    @property
    def answers_channel_id(self) -> int:
        """#answers."""
        return self.world.answers_channel_id

    @property
    def admin_role_id(self) -> int:
        """The Admins role (Manage Guild)."""
        return self.world.admin_role_id

    @property
    def curator_role_id(self) -> int:
        """The Curators role (no permissions)."""
        return self.world.curator_role_id

    @property
    def api_base(self) -> str:
        """Value for discord.http.Route.BASE."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The websocket URL (what GET /gateway/bot answers)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def unhandled(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not implement (answered 404)."""
        return [r for r in self.requests if not r.handled]

    @property
    def rejected(self) -> list[RecordedRequest]:
        """Requests answered with a 4xx error (bad bodies, unknown ids, double responses...)."""
        return [r for r in self.requests if r.status >= 400]

    @property
    def live_sessions(self) -> list[GatewaySession]:
        """Identified gateway connections that are still open."""
        return [s for s in self.sessions if s.identified and not s.closed]

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, pick: Callable[[], Any], seconds: float, what: str) -> Any:
        assert self._changed is not None, "FakeDiscord.start() was not called"
        condition = self._changed

        async def loop() -> Any:
            async with condition:
                while (found := pick()) is None:
                    await condition.wait()
                return found

        try:
            return await asyncio.wait_for(loop(), seconds)
        except TimeoutError:
            recent = ", ".join(f"{r.method} {r.path} {r.status}" for r in self.requests[-8:])
            raise AssertionError(
                f"fake discord: timed out after {seconds}s waiting for {what}; "
                f"last requests: [{recent}]"
            ) from None

    def _is_ready(self) -> bool:
        live = self.live_sessions
        for count in {s.shard_count for s in live}:
            shards = {s.shard_id for s in live if s.shard_count == count}
            if shards >= set(range(count)):
                return True
        return False

    async def wait_until_ready(self, timeout: float = 10) -> None:  # noqa: ASYNC109
        """Wait until a client identified (every shard of it) and was sent GUILD_CREATE."""
        await self._wait(lambda: True if self._is_ready() else None, timeout, "IDENTIFY")

    def mark(self) -> int:
        """An index into `requests`; pass it as `after=` to wait only for later requests."""
        return len(self.requests)

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        timeout: float = 5,  # noqa: ASYNC109
        after: int | RecordedRequest | None = None,
    ) -> RecordedRequest:
        """The first recorded request whose method matches and whose path (relative to
        /api/v10) matches path_regex with re.search. `after` (an index from mark() or a
        RecordedRequest) skips earlier requests; None searches from the first request."""
        start = after.index + 1 if isinstance(after, RecordedRequest) else (after or 0)
        pattern = re.compile(path_regex)

        def pick() -> RecordedRequest | None:
            return next(
                (
                    r
                    for r in self.requests[start:]
                    if r.method == method.upper() and pattern.search(r.path) and r.status
                ),
                None,
            )

        found: RecordedRequest = await self._wait(pick, timeout, f"{method} {path_regex}")
        return found

    async def wait_for_message(
        self,
        channel_id: int,
        *,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> dict[str, Any]:
        """The next message the bot created in a channel that no earlier call returned
        (channel POSTs and interaction replies alike), as stored (edits included)."""

        def pick() -> dict[str, Any] | None:
            posted = self.bot_messages.get(channel_id, [])
            cursor = self._message_cursor.get(channel_id, 0)
            if cursor < len(posted):
                self._message_cursor[channel_id] = cursor + 1
                return posted[cursor]
            return None

        found: dict[str, Any] = await self._wait(pick, timeout, f"a message in {channel_id}")
        return found

    def get_command(self, name: str, *, guild_id: int | None = AUTO) -> dict[str, Any] | None:
        """A registered command by name: guild scope first, then global (or one scope)."""
        scopes = [self.guild_id, None] if guild_id is AUTO else [guild_id]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        return None

    def _sessions_for(self, guild_id: int | None) -> list[GatewaySession]:
        return [
            s
            for s in self.live_sessions
            if (
                s.shard_id == 0
                if guild_id is None
                else shard_of(guild_id, s.shard_count) == s.shard_id
            )
        ]

    async def dispatch(
        self, event: str, data: dict[str, Any], *, guild_id: int | None = AUTO
    ) -> int:
        """Send a DISPATCH event to the connection(s) that own the guild (data["guild_id"]
        by default; DMs go to shard 0). Returns how many connections got it."""
        if guild_id is AUTO:
            raw = data.get("guild_id")
            guild_id = int(raw) if raw is not None else None
        sessions = self._sessions_for(guild_id)
        for session in sessions:
            await session.dispatch(event, data)
        return len(sessions)

    def _user(self, user: UserRef, default: int) -> dict[str, Any]:
        if user is None:
            return self.world.users[default]
        if isinstance(user, dict):
            self.world.users.setdefault(int(user["id"]), user)
            return user
        return self.world.users[int(user)]

    def _dm_channel_for(self, user_id: int) -> dict[str, Any]:
        for channel in self.dm_channels.values():
            if int(channel["recipients"][0]["id"]) == user_id:
                return channel
        channel = dm_channel(self.new_id(), self.world.users[user_id])
        self.dm_channels[int(channel["id"])] = channel
        return channel

    def _store_bot_message(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[int(message["id"])] = message
        self.bot_messages.setdefault(int(message["channel_id"]), []).append(message)
        return message

    @property
    def _base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _attachments(self, body: dict[str, Any], req: RecordedRequest) -> list[dict[str, Any]]:
        """Attachment objects for a request's uploads; their bytes are served by the fake."""
        attachments = attachments_for(body, req.files, self._base_url, self.new_id)
        for attachment, file in zip(attachments, req.files, strict=True):
            self.attachment_data[attachment["id"]] = file.data
        return attachments

    def _channel(self, raw: str) -> dict[str, Any]:
        channel_id = int(raw)
        channel = self.world_for_channel(channel_id).channel(channel_id) or self.dm_channels.get(
            channel_id
        )
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def _message_in(self, channel_raw: str, message_raw: str) -> dict[str, Any]:
        self._channel(channel_raw)
        message = self.messages.get(int(message_raw))
        if message is None or message["channel_id"] != channel_raw:
            raise ApiError(404, 10008, "Unknown Message")
        return message
