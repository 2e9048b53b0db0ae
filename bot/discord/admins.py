"""Who counts as an archive admin: Manage Server, Administrator, or an ADMIN_ROLE_IDS role."""

from __future__ import annotations

from collections.abc import Collection

import discord


def is_admin(
    user: discord.abc.User, permissions: discord.Permissions, admin_role_ids: Collection[int]
) -> bool:
    """True for Manage Server or Administrator here, or a member with a configured role."""
    if permissions.manage_guild or permissions.administrator:
        return True
    if isinstance(user, discord.Member) and admin_role_ids:
        return any(role.id in admin_role_ids for role in user.roles)
    return False
