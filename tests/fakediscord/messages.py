"""Message objects: building them the way Discord returns them, and who a message notifies."""

from __future__ import annotations

import re
from typing import Any

from .payloads import World, iso_now
from .records import RecordedFile

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE_MENTION = re.compile(r"@(everyone|here)")

EPHEMERAL = 1 << 6
LOADING = 1 << 7

#: Keys a message create/edit body may set directly on the stored message.
_EDITABLE = ("content", "embeds", "components", "flags", "poll", "sticker_ids", "tts")


def notified(
    body: dict[str, Any], content: str, replied_author_id: int | None
) -> tuple[list[int], list[int], bool]:
    """(user ids, role ids, everyone) a message would notify, applying allowed_mentions.

    Without allowed_mentions Discord parses every mention in the content and pings the
    author of a replied-to message.
    """
    users = [int(u) for u in USER_MENTION.findall(content)]
    roles = [int(r) for r in ROLE_MENTION.findall(content)]
    everyone = bool(EVERYONE_MENTION.search(content))
    allowed = body.get("allowed_mentions")
    if allowed is None:
        if replied_author_id is not None:
            users.append(replied_author_id)
        return _unique(users), _unique(roles), everyone
    parse = set(allowed.get("parse") or [])
    allowed_users = {int(u) for u in allowed.get("users") or []}
    allowed_roles = {int(r) for r in allowed.get("roles") or []}
    users = [u for u in users if "users" in parse or u in allowed_users]
    roles = [r for r in roles if "roles" in parse or r in allowed_roles]
    if replied_author_id is not None and allowed.get("replied_user", False):
        users.append(replied_author_id)
    return _unique(users), _unique(roles), everyone and "everyone" in parse


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def attachments_for(
    body: dict[str, Any], files: list[RecordedFile], base_url: str, new_id: Any
) -> list[dict[str, Any]]:
    """Attachment objects for uploaded files (descriptions from the body's attachments list)."""
    described = {str(a.get("id")): a for a in body.get("attachments") or []}
    result = []
    for index, file in enumerate(files):
        attachment_id = new_id()
        meta = described.get(str(index), {})
        url = f"{base_url}/attachments/{attachment_id}/{file.filename}"
        result.append(
            {
                "id": str(attachment_id),
                "filename": file.filename,
                "description": meta.get("description"),
                "content_type": file.content_type,
                "size": file.size,
                "url": url,
                "proxy_url": url,
                "ephemeral": False,
            }
        )
    return result


def build_message(
    world: World,
    *,
    message_id: int,
    channel_id: int,
    guild_id: int | None,
    author: dict[str, Any],
    body: dict[str, Any],
    attachments: list[dict[str, Any]],
    referenced: dict[str, Any] | None,
    message_type: int = 0,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A full message object for a message the bot (or a user) created."""
    content = body.get("content") or ""
    replied_author = int(referenced["author"]["id"]) if referenced else None
    user_ids, role_ids, everyone = notified(body, content, replied_author)
    mentions = []
    for uid in user_ids:
        if uid in world.users:
            entry = dict(world.users[uid])
            if guild_id is not None:
                entry["member"] = world.member(uid, with_user=False)
            mentions.append(entry)
    message: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": everyone,
        "mentions": mentions,
        "mention_roles": [str(r) for r in role_ids],
        "attachments": attachments,
        "embeds": list(body.get("embeds") or []),
        "reactions": [],
        "pinned": False,
        "type": message_type,
        "flags": int(body.get("flags") or 0),
        "components": list(body.get("components") or []),
    }
    if guild_id is not None:
        message["guild_id"] = str(guild_id)
    if body.get("nonce") is not None:
        message["nonce"] = body["nonce"]
    if body.get("poll") is not None:
        message["poll"] = body["poll"]
    reference = body.get("message_reference")
    if reference:
        message["type"] = 19 if message_type == 0 else message_type
        message["message_reference"] = {
            "type": reference.get("type", 0),
            "message_id": str(reference.get("message_id")),
            "channel_id": str(reference.get("channel_id") or channel_id),
            "guild_id": str(reference["guild_id"])
            if reference.get("guild_id")
            else (str(guild_id) if guild_id else None),
        }
        message["referenced_message"] = referenced
    if extra:
        message.update(extra)
    return message


def apply_edit(
    message: dict[str, Any], body: dict[str, Any], attachments: list[dict[str, Any]]
) -> dict[str, Any]:
    """Apply a PATCH body to a stored message in place and return it."""
    for key in _EDITABLE:
        if key in body:
            value = body[key]
            if key == "flags":
                # The loading flag goes away with the first edit; ephemeral stays as it was.
                message["flags"] = (int(value or 0) & ~LOADING) | (message["flags"] & EPHEMERAL)
            else:
                message[key] = value if value is not None else ([] if key != "content" else "")
    if "attachments" in body:
        kept = {str(a.get("id")) for a in body["attachments"] or []}
        message["attachments"] = [a for a in message["attachments"] if a["id"] in kept]
    message["attachments"] = message["attachments"] + attachments
    message["flags"] = message["flags"] & ~LOADING
    message["edited_timestamp"] = iso_now()
    return message
