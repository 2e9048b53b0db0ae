"""What this process serves of the bot: its shards, for /about and the logs."""

from __future__ import annotations

from collections.abc import Iterable

import discord


def compact_ids(ids: Iterable[int]) -> str:
    """`0-3`, `0, 2`, `1, 4-6`: sorted ids with runs of three or more as ranges."""
    ordered = sorted(set(ids))
    parts: list[str] = []
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{ordered[start]}-{ordered[end]}")
        else:
            parts.extend(str(n) for n in ordered[start : end + 1])
        start = end + 1
    return ", ".join(parts)


def shard_summary(client: discord.Client) -> str:
    """The shards this process serves, e.g. `0-1 of 4`, or `unsharded`."""
    if not isinstance(client, discord.AutoShardedClient):
        return "unsharded"
    count: int | None = client.shard_count  # None until connected when Discord chooses
    if count is None:
        return "automatic (not connected yet)"
    ids = client.shard_ids if client.shard_ids is not None else range(count)
    return f"{compact_ids(ids)} of {count}"


def add_process_fields(embed: discord.Embed, client: discord.Client) -> discord.Embed:
    """Adds what this process serves (its shards) to an embed such as /about's."""
    embed.add_field(name="Shards (this process)", value=shard_summary(client), inline=True)
    return embed
