"""End to end: /latest, /about and /reload with the real ArchiveBot on the fake Discord."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.discord.client import ArchiveBot
from tests.e2e.botkit import ACK_LIMIT, assert_clean
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

ConnectClient = Callable[..., Awaitable[Any]]

NEW_POST = """\
posts:
  - id: e2e-new-post
    title: A Post Added During the Test
    date: 2024-01-02
    url: https://example.org/e2e-new-post/
    tags: [E2E]
    summary: Added by the end-to-end reload test.
    body: The pineapple treaty was signed on a Tuesday by both kingdoms.

facts:
  - id: e2e-pineapple-treaty
    questions:
      - When was the pineapple treaty signed?
    answer: The pineapple treaty was signed on a Tuesday.
    post: e2e-new-post
    quote: The pineapple treaty was signed on a Tuesday
"""

BROKEN_POST = """\
posts:
  - id: e2e-broken
    title: Broken
    date: 2024-02-30
    url: https://example.org/broken/
"""


async def test_latest_shows_the_newest_posts(fake_discord: FakeDiscord, bot: ArchiveBot) -> None:
    """/latest count:2 shows the two newest posts with title, date, summary and link."""
    interaction = await fake_discord.send_slash_command("latest", {"count": 2})
    final = await interaction.wait_for_final()
    newest = bot.service.knowledge.posts[:2]
    assert [e["title"] for e in final["embeds"]] == [p.title for p in newest]
    first = final["embeds"][0]
    assert first["url"] == newest[0].url
    assert "2023" in first["footer"]["text"]
    assert first["description"]
    assert interaction.response_time is not None
    assert interaction.response_time < ACK_LIMIT
    assert_clean(fake_discord)


async def test_latest_tag_autocomplete_within_limits(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """/latest tag autocomplete offers matching tags, at most 25 of at most 100 characters."""
    interaction = await fake_discord.send_autocomplete("latest", {"tag": "ja"}, "tag")
    response = await interaction.wait_for_response()
    choices = response["data"]["choices"]
    assert "Japan" in [c["value"] for c in choices]
    assert len(choices) <= 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert_clean(fake_discord)


async def test_about_shows_name_counts_and_version(
    fake_discord: FakeDiscord, bot: ArchiveBot
) -> None:
    """/about shows the archive name, counts and the knowledge version."""
    interaction = await fake_discord.send_slash_command("about")
    (embed,) = (await interaction.wait_for_final())["embeds"]
    knowledge = bot.service.knowledge
    values = {f["name"]: f["value"] for f in embed["fields"]}
    assert embed["title"] == knowledge.archive.name
    assert values["Posts"] == str(len(knowledge.posts))
    assert values["Knowledge version"] == knowledge.version
    assert "Uptime" in values
    assert_clean(fake_discord)


async def test_reload_by_admin_reports_changes(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path
) -> None:
    """An admin's /reload picks up a new post file and reports +1 post privately."""
    (knowledge_dir / "posts" / "99-e2e-new-post.yaml").write_text(NEW_POST, encoding="utf-8")
    interaction = await fake_discord.send_slash_command("reload", user=fake_discord.admin_user)
    final = await interaction.wait_for_final()
    assert final["flags"] & 64
    assert "Posts: 11 (+1 −0" in final["content"]
    assert interaction.response_time is not None
    assert interaction.response_time < ACK_LIMIT
    ask = await fake_discord.send_slash_command(
        "ask", {"question": "When was the pineapple treaty signed?"}
    )
    (embed,) = (await ask.wait_for_final())["embeds"]
    assert "Tuesday" in embed["description"]
    assert_clean(fake_discord)


async def test_reload_by_member_is_refused(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path
) -> None:
    """A plain member's /reload is refused privately and reloads nothing."""
    version = bot.service.knowledge.version
    (knowledge_dir / "posts" / "99-e2e-new-post.yaml").write_text(NEW_POST, encoding="utf-8")
    interaction = await fake_discord.send_slash_command("reload", user=fake_discord.member_user)
    final = await interaction.wait_for_final()
    assert final["flags"] & 64
    assert "permission" in final["content"]
    assert bot.service.knowledge.version == version
    assert_clean(fake_discord)


async def test_reload_with_a_broken_file_reports_errors_and_keeps_serving(
    fake_discord: FakeDiscord, bot: ArchiveBot, knowledge_dir: Path
) -> None:
    """A broken file is reported as file:line and the old knowledge still answers."""
    version = bot.service.knowledge.version
    (knowledge_dir / "posts" / "98-broken.yaml").write_text(BROKEN_POST, encoding="utf-8")
    interaction = await fake_discord.send_slash_command("reload", user=fake_discord.admin_user)
    final = await interaction.wait_for_final()
    assert "Reload failed" in final["content"]
    assert "posts/98-broken.yaml:4:" in final["content"]
    assert bot.service.knowledge.version == version
    ask = await fake_discord.send_slash_command("ask", {"question": "When was GSOMIA restored?"})
    (embed,) = (await ask.wait_for_final())["embeds"]
    assert "March 21, 2023" in embed["description"]
    assert_clean(fake_discord)
