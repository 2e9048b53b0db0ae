"""End to end: /search lists the matching posts five a page, for the member who asked."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord.client import ArchiveBot
from tests.e2e.botkit import assert_clean
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e


def message_id(interaction: Any) -> int:
    value = interaction.original_message_id
    assert value is not None
    return int(value)


async def test_search_pages_through_the_matching_posts(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    interaction = await fake_discord.send_slash_command("search", {"query": "gsomia"})
    first = await interaction.wait_for_final()
    assert first["flags"] & 64  # private unless asked for in public
    (embed,) = first["embeds"]
    assert embed["title"] == "Search: gsomia"
    assert len(embed["fields"]) == 5
    assert embed["fields"][0]["name"].startswith("1. ")
    assert all("[Read the post](https://" in f["value"] for f in embed["fields"])
    assert embed["footer"]["text"].startswith("Page 1 of 2 · ")
    (previous, following) = [c for row in first["components"] for c in row["components"]]
    assert previous["disabled"] is True
    turn = await fake_discord.click_button(message_id(interaction), following["custom_id"])
    await turn.wait_for_response()
    second = fake_discord.messages[message_id(interaction)]
    (page_two,) = second["embeds"]
    assert page_two["fields"][0]["name"].startswith("6. ")
    assert page_two["footer"]["text"].startswith("Page 2 of 2 · ")
    titles = {f["name"].split(". ", 1)[1] for f in embed["fields"] + page_two["fields"]}
    assert len(titles) == len(embed["fields"]) + len(page_two["fields"])  # a post once
    assert_clean(fake_discord)


async def test_search_with_no_match_says_so_and_public_results_show_in_the_channel(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    nothing = await fake_discord.send_slash_command("search", {"query": "zebra quokka"})
    (embed,) = (await nothing.wait_for_final())["embeds"]
    assert embed["description"] == "Nothing in the archive matches that."
    public = await fake_discord.send_slash_command(
        "search", {"query": "Harry Harris", "public": True}
    )
    shown = await public.wait_for_final()
    assert not shown.get("flags", 0) & 64
    (embed,) = shown["embeds"]
    assert "Harris" in embed["fields"][0]["name"] + embed["fields"][0]["value"]
    assert_clean(fake_discord)


async def test_only_the_member_who_searched_turns_the_pages(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    interaction = await fake_discord.send_slash_command(
        "search", {"query": "gsomia", "public": True}
    )
    first = await interaction.wait_for_final()
    following = [c for row in first["components"] for c in row["components"]][1]
    other = await fake_discord.click_button(
        message_id(interaction), following["custom_id"], user=fake_discord.admin_user
    )
    refused = await other.wait_for_final()
    assert refused["flags"] & 64
    assert "belongs to someone else" in refused["content"]
    (embed,) = fake_discord.messages[message_id(interaction)]["embeds"]
    assert embed["footer"]["text"].startswith("Page 1 of 2")  # unchanged
    assert_clean(fake_discord)
