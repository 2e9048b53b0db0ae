"""Discord API payload builders for the fake server: the fixed test world and message shapes.

Every builder returns plain dicts in the shape Discord's API v10 sends, complete enough for
discord.py 2.7's parsers (state.py, guild.py, member.py, message.py, interactions.py).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

#: What @everyone may do in the fake guild: an ordinary community server's defaults.
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
#: The bot's managed role: what a bot invited with a sensible scope gets.
BOT_PERMISSIONS = (
    EVERYONE_PERMISSIONS | EMBED_LINKS | ATTACH_FILES | USE_EXTERNAL_EMOJIS | MANAGE_MESSAGES
)

MESSAGE_CONTENT_INTENT = 1 << 15
GUILD_TEXT = 0
DM = 1

_FIXED_BASE_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z: fixed ids for the world.


def snowflake_at(ms: int, increment: int) -> int:
    """A Discord snowflake for a unix time in milliseconds and a per-process increment."""
    return ((ms - DISCORD_EPOCH_MS) << 22) | (increment & 0xFFF)


class SnowflakeFactory:
    """Makes unique, increasing snowflakes for messages, interactions and commands."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self) -> int:
        return snowflake_at(int(time.time() * 1000), next(self._counter))


def iso_now() -> str:
    """The current UTC time as Discord formats timestamps."""
    return datetime.now(UTC).isoformat()


def user(user_id: int, username: str, *, bot: bool = False) -> dict[str, Any]:
    """A full user object."""
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": None if bot else username.title(),
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
    }


def role(
    role_id: int, name: str, permissions: int, *, position: int, **extra: Any
) -> dict[str, Any]:
    """A guild role object."""
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
        **extra,
    }


def member(user_payload: dict[str, Any], role_ids: list[int], *, joined_at: str) -> dict[str, Any]:
    """A guild member object including its user."""
    return {
        "user": user_payload,
        "nick": None,
        "avatar": None,
        "banner": None,
        "roles": [str(r) for r in role_ids],
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }


def text_channel(channel_id: int, guild_id: int, name: str, *, position: int) -> dict[str, Any]:
    """A guild text channel object."""
    return {
        "id": str(channel_id),
        "type": GUILD_TEXT,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }


def dm_channel(channel_id: int, recipient: dict[str, Any]) -> dict[str, Any]:
    """A DM channel object."""
    return {"id": str(channel_id), "type": DM, "last_message_id": None, "recipients": [recipient]}


@dataclass
class World:
    """The fixed guild, users, roles and channels the fake serves. Ids are deterministic."""

    application_id: int = snowflake_at(_FIXED_BASE_MS, 1)
    owner_id: int = snowflake_at(_FIXED_BASE_MS, 2)
    admin_id: int = snowflake_at(_FIXED_BASE_MS, 3)
    member_id: int = snowflake_at(_FIXED_BASE_MS, 4)
    curator_id: int = snowflake_at(_FIXED_BASE_MS, 5)
    guild_id: int = snowflake_at(_FIXED_BASE_MS + 1000, 6)
    admin_role_id: int = snowflake_at(_FIXED_BASE_MS + 2000, 7)
    curator_role_id: int = snowflake_at(_FIXED_BASE_MS + 2000, 8)
    bot_role_id: int = snowflake_at(_FIXED_BASE_MS + 2000, 9)
    general_channel_id: int = snowflake_at(_FIXED_BASE_MS + 3000, 10)
    answers_channel_id: int = snowflake_at(_FIXED_BASE_MS + 3000, 11)
    guild_name: str = "Archive Test Guild"
    joined_at: str = "2024-01-01T00:00:00+00:00"
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    member_roles: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.users = {
            self.bot_id: user(self.bot_id, "archive-bot", bot=True),
            self.owner_id: user(self.owner_id, "owner"),
            self.admin_id: user(self.admin_id, "admin"),
            self.member_id: user(self.member_id, "member"),
            self.curator_id: user(self.curator_id, "curator"),
        }
        self.member_roles = {
            self.bot_id: [self.bot_role_id],
            self.owner_id: [],
            self.admin_id: [self.admin_role_id],
            self.member_id: [],
            self.curator_id: [self.curator_role_id],
        }

    @property
    def bot_id(self) -> int:
        """Modern bots share their id with their application."""
        return self.application_id

    def roles(self) -> list[dict[str, Any]]:
        """All guild roles, @everyone first (its id is the guild id)."""
        return [
            role(self.guild_id, "@everyone", EVERYONE_PERMISSIONS, position=0),
            role(self.curator_role_id, "Curators", 0, position=1),
            role(self.admin_role_id, "Admins", MANAGE_GUILD, position=2),
            role(
                self.bot_role_id,
                "archive-bot",
                BOT_PERMISSIONS,
                position=3,
                managed=True,
                tags={"bot_id": str(self.bot_id)},
            ),
        ]

    def permissions_of(self, user_id: int) -> int:
        """Guild-level permissions of a member, computed the way Discord does (no overwrites)."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        by_id = {int(r["id"]): int(r["permissions"]) for r in self.roles()}
        value = by_id[self.guild_id]
        for role_id in self.member_roles.get(user_id, []):
            value |= by_id.get(role_id, 0)
        if value & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return value

    def member(self, user_id: int, *, with_user: bool = True) -> dict[str, Any]:
        """A member payload for a known user; without the user key for message payloads."""
        payload = member(
            self.users[user_id], self.member_roles.get(user_id, []), joined_at=self.joined_at
        )
        if not with_user:
            del payload["user"]
        return payload

    def channels(self) -> list[dict[str, Any]]:
        """The guild's text channels."""
        return [
            text_channel(self.general_channel_id, self.guild_id, "general", position=0),
            text_channel(self.answers_channel_id, self.guild_id, "answers", position=1),
        ]

    def channel(self, channel_id: int) -> dict[str, Any] | None:
        """A guild channel by id."""
        return next((c for c in self.channels() if int(c["id"]) == channel_id), None)

    def guild(self) -> dict[str, Any]:
        """The guild object as REST returns it (no members or channels)."""
        return {
            "id": str(self.guild_id),
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": self.roles(),
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": str(self.general_channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "widget_enabled": False,
            "widget_channel_id": None,
            "incidents_data": None,
        }

    def guild_create(self) -> dict[str, Any]:
        """The GUILD_CREATE dispatch payload: the guild plus members, channels and state."""
        return {
            **self.guild(),
            "unavailable": False,
            "joined_at": self.joined_at,
            "large": False,
            "member_count": len(self.users),
            "members": [self.member(uid) for uid in self.users],
            "channels": self.channels(),
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "embedded_activities": [],
            "lazy": True,
            "hub_type": None,
        }

    def application(self) -> dict[str, Any]:
        """The application object from GET /oauth2/applications/@me; the guild owner owns it."""
        return {
            "id": str(self.application_id),
            "name": "archive-bot",
            "icon": None,
            "description": "Answers questions about the archive.",
            "summary": "",
            "type": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.users[self.owner_id],
            "team": None,
            "flags": 1 << 19,  # GATEWAY_MESSAGE_CONTENT_LIMITED: the intent may be enabled.
            "bot": self.users[self.bot_id],
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": 1,
            "integration_types_config": {"0": {}},
        }

    def ready(self, session_id: str, resume_url: str, shard: list[int] | None) -> dict[str, Any]:
        """The READY dispatch payload for one shard; guilds are listed as unavailable."""
        payload: dict[str, Any] = {
            "v": 10,
            "user": self.users[self.bot_id] | {"verified": True, "mfa_enabled": False},
            "guilds": [
                {"id": str(gid), "unavailable": True} for gid in self.guild_ids_for_shard(shard)
            ],
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": resume_url,
            "application": {"id": str(self.application_id), "flags": 1 << 19},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "_trace": ["fake-discord"],
        }
        if shard is not None:
            payload["shard"] = shard
        return payload

    def guild_ids_for_shard(self, shard: list[int] | None) -> list[int]:
        """The guild ids a shard owns: (guild_id >> 22) % shard_count == shard_id."""
        if shard is None:
            return [self.guild_id]
        shard_id, count = shard
        return [gid for gid in (self.guild_id,) if shard_of(gid, count) == shard_id]


def second_world() -> World:
    """A second guild of the same bot, with the same users, application and role names, and
    ids of its own; with two shards it is on shard 1 while the first guild is on shard 0."""
    return World(
        guild_id=snowflake_at(_FIXED_BASE_MS + 1001, 12),
        admin_role_id=snowflake_at(_FIXED_BASE_MS + 2001, 13),
        curator_role_id=snowflake_at(_FIXED_BASE_MS + 2001, 14),
        bot_role_id=snowflake_at(_FIXED_BASE_MS + 2001, 15),
        general_channel_id=snowflake_at(_FIXED_BASE_MS + 3001, 16),
        answers_channel_id=snowflake_at(_FIXED_BASE_MS + 3001, 17),
        guild_name="Archive Second Guild",
    )


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events."""
    return (guild_id >> 22) % shard_count
