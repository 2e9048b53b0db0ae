"""REST handlers for users, gateway, application, commands, guilds and channels."""

from __future__ import annotations

import re
from typing import Any

from .limits import command_problems, message_problems
from .messages import apply_edit, build_message
from .payloads import World
from .records import RecordedRequest
from .rest import (
    NO_CONTENT,
    ApiError,
    Route,
    invalid_form,
    route,
)
from .state import FakeState


class CoreRoutes(FakeState):
    """Everything under /api/v10 except interaction callbacks and webhooks."""

    def core_routes(self) -> list[Route]:
        """The routes this class handles, most specific first."""
        c = r"/channels/{channel}"
        a = r"/applications/{app}"
        return [
            route("GET", "/users/@me", self._get_me),
            route("GET", "/users/{user}", self._get_user),
            route("POST", "/users/@me/channels", self._create_dm),
            route("GET", "/gateway", self._get_gateway, auth=False),
            route("GET", "/gateway/bot", self._get_gateway_bot),
            route("GET", "/oauth2/applications/@me", self._get_application),
            route("GET", "/applications/@me", self._get_application),
            route("GET", a + "/commands", self._get_commands),
            route("PUT", a + "/commands", self._put_commands),
            route("POST", a + "/commands", self._post_command),
            route("GET", a + "/commands/{command}", self._get_command),
            route("PATCH", a + "/commands/{command}", self._patch_command),
            route("DELETE", a + "/commands/{command}", self._delete_command),
            route("GET", a + "/guilds/{guild}/commands", self._get_commands),
            route("PUT", a + "/guilds/{guild}/commands", self._put_commands),
            route("POST", a + "/guilds/{guild}/commands", self._post_command),
            route("GET", a + "/guilds/{guild}/commands/{command}", self._get_command),
            route("PATCH", a + "/guilds/{guild}/commands/{command}", self._patch_command),
            route("DELETE", a + "/guilds/{guild}/commands/{command}", self._delete_command),
            route("GET", c, self._get_channel),
            route("GET", c + "/messages", self._list_messages),
            route("POST", c + "/messages", self._create_message),
            route("GET", c + "/messages/{message}", self._get_message),
            route("PATCH", c + "/messages/{message}", self._edit_message),
            route("DELETE", c + "/messages/{message}", self._delete_message),
            route("POST", c + "/typing", self._typing),
            route("PUT", c + "/messages/{message}/reactions/{emoji}/@me", self._add_reaction),
            route("DELETE", c + "/messages/{message}/reactions/{emoji}/@me", self._remove_reaction),
            route("GET", "/guilds/{guild}", self._get_guild),
            route("GET", "/guilds/{guild}/channels", self._get_guild_channels),
            route("GET", "/guilds/{guild}/roles", self._get_roles),
            route("GET", "/guilds/{guild}/members/{user}", self._get_member),
        ]

    async def _get_me(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self.bot_user | {"verified": True, "mfa_enabled": False}

    async def _get_user(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        user = self.world.users.get(int(m["user"]))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return user

    async def _create_dm(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        recipient = int((req.json or {}).get("recipient_id", 0))
        if recipient not in self.world.users:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return self._dm_channel_for(recipient)

    async def _get_gateway(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return {"url": self.gateway_url}

    async def _get_gateway_bot(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return {
            "url": self.gateway_url,
            "shards": self.recommended_shards,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14_400_000,
                "max_concurrency": 1,
            },
        }

    async def _get_application(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self.world.application()

    def _scope(self, m: re.Match[str]) -> int | None:
        if int(m["app"]) != self.application_id:
            raise ApiError(404, 10002, "Unknown Application")
        guild = m.groupdict().get("guild")
        if guild is None:
            return None
        if self.world_for_guild(int(guild)) is None:
            raise ApiError(403, 50001, "Missing Access")
        return int(guild)

    def _stored_command(
        self, body: dict[str, Any], scope: int | None, existing: list[dict[str, Any]]
    ) -> dict[str, Any]:
        kind = body.get("type", 1)
        old = next((c for c in existing if c["name"] == body["name"] and c["type"] == kind), None)
        stored = {
            "name_localizations": None,
            "description_localizations": None,
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            "dm_permission": True,
            **body,
            "id": old["id"] if old else str(self.new_id()),
            "application_id": str(self.application_id),
            "version": str(self.new_id()),
            "type": kind,
            "description": body.get("description", ""),
        }
        if scope is not None:
            stored["guild_id"] = str(scope)
        return stored

    async def _get_commands(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self.commands.get(self._scope(m), [])

    async def _put_commands(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        scope = self._scope(m)
        body = req.json or []
        if problems := command_problems(body):
            raise invalid_form(problems)
        existing = self.commands.get(scope, [])
        self.commands[scope] = [self._stored_command(c, scope, existing) for c in body]
        return self.commands[scope]

    async def _post_command(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        scope = self._scope(m)
        if problems := command_problems([req.json]):
            raise invalid_form(problems)
        existing = self.commands.setdefault(scope, [])
        stored = self._stored_command(req.json, scope, existing)
        existing[:] = [c for c in existing if c["id"] != stored["id"]] + [stored]
        return stored

    def _find_command(self, m: re.Match[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        commands = self.commands.get(self._scope(m), [])
        found = next((c for c in commands if c["id"] == m["command"]), None)
        if found is None:
            raise ApiError(404, 10063, "Unknown application command")
        return commands, found

    async def _get_command(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._find_command(m)[1]

    async def _patch_command(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        _, found = self._find_command(m)
        found.update(req.json or {})
        return found

    async def _delete_command(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        commands, found = self._find_command(m)
        commands.remove(found)
        return NO_CONTENT

    async def _get_guild(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._check_guild(m["guild"]).guild()

    async def _get_guild_channels(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._check_guild(m["guild"]).channels()

    async def _get_roles(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._check_guild(m["guild"]).roles()

    async def _get_member(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        world = self._check_guild(m["guild"])
        user_id = int(m["user"])
        if user_id not in world.member_roles:
            raise ApiError(404, 10007, "Unknown Member")
        return world.member(user_id)

    def _check_guild(self, raw: str) -> World:
        world = self.world_for_guild(int(raw))
        if world is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return world

    async def _get_channel(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._channel(m["channel"])

    async def _list_messages(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        self._channel(m["channel"])
        limit = int(req.query.get("limit", 50))
        found = [msg for msg in self.messages.values() if msg["channel_id"] == m["channel"]]
        return sorted(found, key=lambda msg: int(msg["id"]), reverse=True)[:limit]

    async def _create_message(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        channel = self._channel(m["channel"])
        body = req.json or {}
        if problems := message_problems(body, file_count=len(req.files)):
            raise invalid_form(problems)
        referenced = None
        reference = body.get("message_reference")
        if reference:
            referenced = self.messages.get(int(reference["message_id"]))
            if referenced is None and reference.get("fail_if_not_exists", True):
                raise invalid_form(["message_reference: Unknown message"])
        message = build_message(
            self.world_for_channel(int(channel["id"])),
            message_id=self.new_id(),
            channel_id=int(channel["id"]),
            guild_id=int(channel["guild_id"]) if "guild_id" in channel else None,
            author=self.bot_user,
            body=body,
            attachments=self._attachments(body, req),
            referenced=referenced,
        )
        return self._store_bot_message(message)

    async def _get_message(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._message_in(m["channel"], m["message"])

    async def _edit_message(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        message = self._message_in(m["channel"], m["message"])
        if int(message["author"]["id"]) != self.world.bot_id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = req.json or {}
        if problems := message_problems(body, edit=True):
            raise invalid_form(problems)
        attachments = self._attachments(body, req)
        return apply_edit(message, body, attachments)

    async def _delete_message(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        message = self._message_in(m["channel"], m["message"])
        message["deleted"] = True
        del self.messages[int(message["id"])]
        return NO_CONTENT

    async def _typing(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        self._channel(m["channel"])
        return NO_CONTENT

    async def _add_reaction(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        self._message_in(m["channel"], m["message"])
        self.reactions.append((int(m["channel"]), int(m["message"]), m["emoji"]))
        return NO_CONTENT

    async def _remove_reaction(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        key = (int(m["channel"]), int(m["message"]), m["emoji"])
        if key in self.reactions:
            self.reactions.remove(key)
        return NO_CONTENT
