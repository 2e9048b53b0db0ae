"""Driving the bot: the events a test dispatches as users would cause them."""

from __future__ import annotations

import secrets
from typing import Any

from . import gateway as op
from .messages import build_message
from .payloads import MESSAGE_CONTENT_INTENT
from .records import FakeInteraction, now
from .state import (
    APPLICATION_COMMAND,
    AUTO,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    FakeState,
    UserRef,
)


def _option_type(value: Any) -> int:
    """Discord option type for a Python value: str 3, int 4, bool 5, float 10."""
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


class Driver(FakeState):
    """send_message, send_slash_command, send_autocomplete, click_button, request_reconnect."""

    async def send_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        author: UserRef = None,
        mention_bot: bool = False,
        mentions: list[int] | None = None,
        dm: bool = False,
        reference: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_CREATE from a user (default: member_user in #general; a channel of
        the second guild sends it in that guild).

        mention_bot prefixes `<@botid> ` and lists the bot in mentions; `mentions` adds user
        ids (appended to the content as <@id> when missing); dm sends it in a DM channel.
        Connections without the message_content intent get empty content, embeds, attachments
        and components unless the bot is mentioned, it is a DM or the bot wrote it, like real
        Discord. Returns the full (unstripped) payload.
        """
        author_user = self._user(author, self.world.member_id)
        author_id = int(author_user["id"])
        if mention_bot:
            content = f"<@{self.world.bot_id}> {content}"
        mention_ids = list(mentions or [])
        if mention_bot:
            mention_ids.insert(0, self.world.bot_id)
        world = self.world_for_channel(None if dm else channel_id)
        guild_id: int | None = None if dm else world.guild_id
        if dm:
            channel_id = int(self._dm_channel_for(author_id)["id"])
        elif channel_id is None:
            channel_id = self.general_channel_id
        mention_text = " ".join(f"<@{m}>" for m in mention_ids if f"<@{m}>" not in content)
        body: dict[str, Any] = {"content": content + (f" {mention_text}" if mention_text else "")}
        if reference is not None:
            body["message_reference"] = {
                "message_id": reference["id"],
                "channel_id": reference["channel_id"],
            }
        referenced = self.messages.get(int(reference["id"])) if reference else None
        message = build_message(
            world,
            message_id=self.new_id(),
            channel_id=channel_id,
            guild_id=guild_id,
            author=author_user,
            body=body,
            attachments=[],
            referenced=referenced,
        )
        if guild_id is not None and author_id in world.member_roles:
            message["member"] = world.member(author_id, with_user=False)
        self.messages[int(message["id"])] = message
        bot_mentioned = any(int(m["id"]) == self.world.bot_id for m in message["mentions"])
        for session in self._sessions_for(guild_id):
            payload = message
            keep = (
                session.has_intent(MESSAGE_CONTENT_INTENT)
                or bot_mentioned
                or guild_id is None
                or author_id == self.world.bot_id
            )
            if not keep:
                payload = message | {
                    "content": "",
                    "embeds": [],
                    "attachments": [],
                    "components": [],
                }
            await session.dispatch("MESSAGE_CREATE", payload)
        return message

    def _option_list(
        self, values: dict[str, Any] | list[dict[str, Any]] | None, definition: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        if values is None:
            return []
        if isinstance(values, list):
            return values
        types = {o["name"]: o.get("type") for o in definition}
        return [
            {"name": name, "type": types.get(name) or _option_type(value), "value": value}
            for name, value in values.items()
        ]

    def _command_data(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        guild: bool,
        command_guild_id: int | None = AUTO,
        home_guild_id: int | None = None,
    ) -> dict[str, Any]:
        """data for a chat-input interaction; "group sub" names become nested subcommands.

        data.guild_id marks a guild-scoped command: taken from the synced definition (of the
        guild the interaction is in, `home_guild_id`, else global) unless command_guild_id
        says otherwise (None: global; an id: that guild's command)."""
        top, *path = name.split()
        if command_guild_id is AUTO:
            home = home_guild_id or self.guild_id
            definition = (
                (self.get_command(top, guild_id=home) or self.get_command(top, guild_id=None))
                if guild
                else self.get_command(top, guild_id=None)
            )
            scope = definition.get("guild_id") if definition else None
        else:
            definition = self.get_command(top, guild_id=command_guild_id)
            scope = command_guild_id
        data: dict[str, Any] = {
            "id": definition["id"] if definition else str(self.new_id()),
            "name": top,
            "type": 1,
        }
        if scope is not None:
            data["guild_id"] = str(scope)
        level: list[dict[str, Any]] = (definition or {}).get("options") or []
        container = data
        for part in path:
            sub_def = next((o for o in level if o["name"] == part), {})
            sub = {"name": part, "type": sub_def.get("type", 1), "options": []}
            container["options"] = [sub]
            container = sub
            level = sub_def.get("options") or []
        container["options"] = self._option_list(options, level)
        return data

    def _interaction_base(
        self, kind: int, data: dict[str, Any], user: UserRef, channel_id: int | None, guild: bool
    ) -> dict[str, Any]:
        invoker = self._user(user, self.world.member_id)
        invoker_id = int(invoker["id"])
        world = self.world_for_channel(channel_id if guild else None)
        app_permissions = str(world.permissions_of(world.bot_id))
        payload: dict[str, Any] = {
            "id": str(self.new_id()),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": "itoken-" + secrets.token_urlsafe(24),
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild:
            channel_id = channel_id or self.general_channel_id
            channel = world.channel(channel_id) or {"id": str(channel_id), "type": 0}
            member = (
                world.member(invoker_id)
                if invoker_id in world.member_roles
                else {
                    "user": invoker,
                    "roles": [],
                    "joined_at": world.joined_at,
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                    "pending": False,
                    "nick": None,
                    "avatar": None,
                }
            )
            member["permissions"] = str(world.permissions_of(invoker_id))
            payload |= {
                "guild_id": str(world.guild_id),
                "guild": {"id": str(world.guild_id), "locale": "en-US", "features": []},
                "guild_locale": "en-US",
                "channel_id": str(channel_id),
                "channel": channel,
                "member": member,
                "app_permissions": app_permissions,
                "authorizing_integration_owners": {"0": str(world.guild_id)},
                "context": 0,
            }
        else:
            channel = self._dm_channel_for(invoker_id)
            payload |= {
                "channel_id": channel["id"],
                "channel": channel,
                "user": invoker,
                "app_permissions": app_permissions,
                "authorizing_integration_owners": {"0": str(self.guild_id)},
                "context": 1,
            }
        return payload

    async def _dispatch_interaction(self, payload: dict[str, Any]) -> FakeInteraction:
        handle = FakeInteraction(payload, dispatched_at=now())
        self.interactions[handle.id] = handle
        count = await self.dispatch(
            "INTERACTION_CREATE",
            payload,
            guild_id=int(payload["guild_id"]) if "guild_id" in payload else None,
        )
        if count == 0:
            raise AssertionError("fake discord: no identified gateway connection to dispatch to")
        return handle

    async def send_slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        user: UserRef = None,
        channel_id: int | None = None,
        guild: bool = True,
        resolved: dict[str, Any] | None = None,
        command_guild_id: int | None = AUTO,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE type 2 for a slash command (default user: member_user,
        channel: #general). Option types come from the synced definition when there is one,
        else from the Python values (str 3, int 4, bool 5, float 10); a list of option dicts is
        sent as is. "group sub" names nest subcommands. guild=False sends it from a DM."""
        home = self.world_for_channel(channel_id).guild_id
        data = self._command_data(name, options, guild, command_guild_id, home)
        if resolved:
            data["resolved"] = resolved
        payload = self._interaction_base(APPLICATION_COMMAND, data, user, channel_id, guild)
        return await self._dispatch_interaction(payload)

    async def send_autocomplete(
        self,
        name: str,
        options: dict[str, Any] | None,
        focused_option: str,
        *,
        user: UserRef = None,
        channel_id: int | None = None,
        guild: bool = True,
        command_guild_id: int | None = AUTO,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE type 4 with `focused: true` on focused_option (added with
        value "" when missing from options). The bot answers with callback type 8."""
        values = dict(options or {})
        values.setdefault(focused_option, "")
        home = self.world_for_channel(channel_id).guild_id
        data = self._command_data(name, values, guild, command_guild_id, home)
        container = data
        while container.get("options") and container["options"][0].get("type") in (1, 2):
            container = container["options"][0]
        for option in container.get("options", []):
            if option["name"] == focused_option:
                option["focused"] = True
                option["value"] = str(option["value"])
                option["type"] = 3 if option["type"] not in (3, 4, 10) else option["type"]
        payload = self._interaction_base(AUTOCOMPLETE, data, user, channel_id, guild)
        return await self._dispatch_interaction(payload)

    async def click_button(
        self,
        message: dict[str, Any] | int,
        custom_id: str,
        *,
        user: UserRef = None,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> FakeInteraction:
        """Dispatch INTERACTION_CREATE type 3 for a component on a message the bot sent
        (a message dict or id; the stored, latest version is used). For select menus pass
        component_type=3 and values."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        stored = self.messages.get(message_id)
        if stored is None:
            raise AssertionError(f"fake discord: no stored message {message_id}")
        custom_ids = [
            c.get("custom_id")
            for row in stored.get("components", [])
            for c in row.get("components", [])
        ]
        if custom_id not in custom_ids:
            raise AssertionError(f"custom_id {custom_id!r} not on message; it has {custom_ids}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        guild = "guild_id" in stored
        payload = self._interaction_base(
            MESSAGE_COMPONENT, data, user, int(stored["channel_id"]), guild
        )
        payload["message"] = stored
        return await self._dispatch_interaction(payload)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every live connection (the client should RESUME)."""
        for session in self.live_sessions:
            await session.send(op.RECONNECT, None)
