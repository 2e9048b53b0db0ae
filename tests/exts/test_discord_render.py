"""The Discord renderer: content, and Discord's limits whatever the input size."""

from __future__ import annotations

import datetime as dt
import re

import discord
import pytest

from bot.discord import limits
from bot.discord.embed import (
    SUGGEST_PREFIX,
    about_embed,
    latest_embeds,
    no_answer_content,
    reload_content,
    reply_embed,
    suggestion_buttons,
)
from bot.engine.types import NoAnswer, Suggestion, Tier
from bot.knowledge.models import Quote
from bot.reloads import ReloadReport
from tests.exts.fakes import make_knowledge, make_no_answer, make_post, make_reply

HUGE = ("word " * 30_000).strip()
PINGS = "@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678>"


def assert_embed_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) <= limits.EMBED_FIELDS
    for field in embed.fields:
        assert 0 < len(field.name or "") <= limits.FIELD_NAME
        assert 0 < len(field.value or "") <= limits.FIELD_VALUE
    assert len(embed.footer.text or "") <= limits.FOOTER_TEXT
    assert len(embed.url or "") <= limits.EMBED_URL
    assert len(embed) <= limits.EMBED_TOTAL


def assert_no_raw_mentions(text: str) -> None:
    for raw in ("@everyone", "@here", "<@1", "<@!1", "<@&1"):
        assert raw not in text


def embed_text(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{f.name} {f.value}" for f in embed.fields]
    return "\n".join(parts)


def test_reply_embed_shows_answer_quote_source_and_link() -> None:
    """The answer card has the answer, the quote as a block quote with its source, the link."""
    reply = make_reply()
    embed = reply_embed(reply, version="abc123")
    assert embed.description is not None
    assert embed.description.startswith(reply.answer)
    assert f"> {reply.quote}" in embed.description
    assert "Yonhap" in embed.description
    assert embed.title == reply.post_title
    assert embed.url == reply.url
    assert "#:~:text=" in (embed.url or "")


def test_reply_embed_footer_has_confidence_and_version() -> None:
    """The footer names the confidence and the knowledge version."""
    embed = reply_embed(make_reply(tier=Tier.LIKELY, confidence=0.62), version="abc123")
    assert embed.footer.text is not None
    assert "Likely · confidence 62%" in embed.footer.text
    assert "abc123" in embed.footer.text


def test_a_confident_answer_never_shows_a_low_confidence() -> None:
    """A clear lead makes an answer confident above a modest gate probability: the footer
    says "Confident" and no percentage that would contradict it."""
    embed = reply_embed(make_reply(tier=Tier.CONFIDENT, confidence=0.45), version="abc123")
    assert embed.footer.text == "Confident · knowledge abc123"


def test_reply_embed_shows_the_post_date() -> None:
    """The post's publication date is shown in words."""
    embed = reply_embed(make_reply(post_date=dt.date(2019, 11, 22)), version="v")
    assert "November 22, 2019" in embed_text(embed)


def test_reply_embed_multiline_quote_prefixes_every_line() -> None:
    """Every line of a multi-line quote is block-quoted."""
    embed = reply_embed(make_reply(quote="first line\nsecond line"), version="v")
    assert "> first line\n> second line" in (embed.description or "")


def test_reply_embed_fits_discord_limits_with_huge_inputs() -> None:
    """Huge answer, quote, title, source, url and version still give a valid embed."""
    reply = make_reply(
        answer=HUGE,
        quote="\n".join([HUGE[:5000]] * 20),
        quote_source=HUGE,
        post_title=HUGE,
        url="https://example.org/p#:~:text=" + "a" * 5000,
    )
    embed = reply_embed(reply, version=HUGE)
    assert_embed_within_limits(embed)


def test_reply_embed_keeps_the_source_line_when_the_quote_is_huge() -> None:
    """A huge quote is cut, not the attribution after it."""
    embed = reply_embed(make_reply(quote=HUGE), version="v")
    assert (embed.description or "").rstrip().endswith("quoted in the post")


def test_reply_embed_drops_an_overlong_text_fragment_from_the_url() -> None:
    """A deep link over Discord's URL limit falls back to the post URL."""
    embed = reply_embed(make_reply(url="https://example.org/p#:~:text=" + "a" * 5000), version="v")
    assert embed.url == "https://example.org/p"


def test_reply_embed_neutralizes_mentions_in_knowledge_text() -> None:
    """Mentions inside the answer, quote, source and title do not render as mentions."""
    reply = make_reply(answer=PINGS, quote=PINGS, quote_source=PINGS, post_title=PINGS)
    assert_no_raw_mentions(embed_text(reply_embed(reply, version="v")))


def test_no_answer_content_links_related_posts_without_previews() -> None:
    """Posts that may help are linked as `<url>` (no preview), titles markdown-escaped,
    and everything fits one message however long the titles."""
    from bot.engine.types import SearchHit

    hits = tuple(
        SearchHit(
            f"p{i}",
            f"A *bold* [title] {i} " + "x" * 900,
            dt.date(2019, 11, 21),
            "passage",
            f"https://example.org/p{i}#:~:text=passage",
            50.0,
        )
        for i in range(2)
    )
    content = no_answer_content(NoAnswer("q?", (), 0.0, "no-match", related=hits))
    assert "Posts that may help:" in content
    assert "(<https://example.org/p0#:~:text=passage>)" in content
    assert "\\*bold\\*" in content
    assert "November 21, 2019" in content
    assert len(content) <= limits.MESSAGE_CONTENT


def test_no_answer_content_says_i_dont_know_and_echoes_safely() -> None:
    """The abstention names the question with mentions and markdown neutralized."""
    content = no_answer_content(make_no_answer(f"{PINGS} **bold**?"))
    assert content.startswith("I don't know")
    assert_no_raw_mentions(content)
    assert "**bold**" not in content


@pytest.mark.parametrize("control", ["\u202e", "\u202b", "\u2067", "\u2066"])
def test_no_answer_content_drops_direction_overrides_from_the_question(control: str) -> None:
    """A right-to-left override in the question cannot flip the bot's own words after it."""
    content = no_answer_content(make_no_answer(f"{control}yes the answer is"))
    assert control not in content
    assert "“yes the answer is” from the archive." in content


def test_no_answer_content_fits_a_message_with_a_huge_question() -> None:
    """A huge question is cut so the text fits one message."""
    content = no_answer_content(make_no_answer(HUGE))
    assert len(content) <= limits.MESSAGE_CONTENT


@pytest.mark.parametrize(
    "link", ["https://example.com/a_b*c", "HTTP://example.com", "<https://example.com/x>"]
)
def test_no_answer_content_echoes_links_without_previews(link: str) -> None:
    """A link in the echoed question is wrapped in <...>, so Discord shows no preview."""
    content = no_answer_content(make_no_answer(f"what is {link} about?"))
    bare = link.strip("<>")
    assert f"<{bare}>" in content
    assert re.findall(r"https?://[^\s<>]+", content, re.IGNORECASE) == [bare]
    assert f"<<{bare}>>" not in content


def test_no_answer_content_never_cuts_a_link_open() -> None:
    """A question cut inside a long link drops the link rather than leave it previewable."""
    question = "word " * 30 + "https://example.com/" + "x" * 300
    content = no_answer_content(make_no_answer(question))
    assert "https://" not in content
    assert len(content) <= limits.MESSAGE_CONTENT


@pytest.mark.parametrize("cut", range(200, 300, 10))
def test_echoed_links_stay_wrapped_wherever_the_question_is_cut(cut: int) -> None:
    """Whatever the cut point, every echoed link keeps both its < and >."""
    question = (
        "a " * (cut // 2) + "see https://example.com/path and https://example.org/" + "y" * 30
    )
    content = no_answer_content(make_no_answer(question))
    assert not re.search(r"(?<!<)https?://", content)
    assert not re.search(r"<https?://[^\s<>]*(?:$|[\s”])", content)


def test_no_answer_for_an_empty_question_invites_a_question() -> None:
    """An empty question gets an invitation with an example, not "I don't know"."""
    result = NoAnswer("", (Suggestion("When was GSOMIA restored?"),), 0.0, "empty")
    content = no_answer_content(result)
    assert "When was GSOMIA restored?" in content
    assert "I don't know" not in content


def test_suggestion_buttons_are_at_most_three_within_limits() -> None:
    """Up to three buttons; labels <= 80 and custom ids <= 100 characters."""
    suggestions = tuple(Suggestion(f"{i} {HUGE}") for i in range(6))
    buttons = suggestion_buttons(NoAnswer("q", suggestions, 1.0, "no-match"))
    assert len(buttons) == 3
    for label, custom_id in buttons:
        assert len(label) <= limits.BUTTON_LABEL
        assert len(custom_id) <= limits.CUSTOM_ID
        assert custom_id.startswith(SUGGEST_PREFIX)


def test_suggestion_buttons_skip_duplicates() -> None:
    """Two suggestions with the same question give one button."""
    suggestions = (Suggestion("Same?"), Suggestion("Same?"), Suggestion("Other?"))
    buttons = suggestion_buttons(NoAnswer("q", suggestions, 1.0, "no-match"))
    assert [label for label, _ in buttons] == ["Same?", "Other?"]


def test_latest_embeds_share_the_message_total() -> None:
    """Five posts with huge summaries stay within 6,000 characters together."""
    posts = [make_post(f"p{i}", summary=HUGE, title=HUGE, tags=(HUGE,)) for i in range(5)]
    embeds = latest_embeds(posts)
    assert len(embeds) == 5
    for embed in embeds:
        assert_embed_within_limits(embed)
    assert sum(len(e) for e in embeds) <= limits.EMBED_TOTAL


def test_latest_embed_shows_title_link_date_and_summary() -> None:
    """A post card links the title and shows date and summary."""
    post = make_post("p", summary="Short summary.")
    (embed,) = latest_embeds([post])
    assert embed.title == post.title
    assert embed.url == post.url
    assert embed.description == "Short summary."
    assert "March 21, 2023" in (embed.footer.text or "")


def test_latest_embed_without_summary_uses_the_quote() -> None:
    """A post with no summary or body shows the start of its first quote."""
    post = make_post("p", summary=None, body=None, quotes=(Quote("Quoted text."),))
    (embed,) = latest_embeds([post])
    assert embed.description == "Quoted text."


def test_about_embed_has_counts_dates_version_and_uptime() -> None:
    """/about shows archive name, counts, date range, version and uptime."""
    knowledge = make_knowledge(version="abc123", posts=3, facts=4)
    embed = about_embed(
        knowledge,
        uptime=dt.timedelta(hours=2, minutes=5),
        loaded_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    text = embed_text(embed)
    assert embed.title == "ROK Drop"
    assert "3" in text
    assert "4" in text
    assert "January 1, 2019 – January 3, 2019" in text
    assert "abc123" in text
    assert "2 h 5 min" in text
    assert_embed_within_limits(embed)


def _report(**fields: object) -> ReloadReport:
    values: dict[str, object] = {
        "ok": True,
        "duration": 0.25,
        "version": "new",
        "previous_version": "old",
        "posts": 11,
        "facts": 30,
    }
    values.update(fields)
    return ReloadReport(**values)  # type: ignore[arg-type]


def test_reload_content_reports_what_changed() -> None:
    """A successful reload names both versions and the +/- counts."""
    text = reload_content(_report(posts_added=1, facts_added=3, facts_removed=1))
    assert "`old` → `new`" in text
    assert "Posts: 11 (+1 −0" in text
    assert "Facts: 30 (+3 −1" in text


def test_reload_content_says_when_nothing_changed() -> None:
    """A reload of unchanged files says so."""
    assert "nothing changed" in reload_content(_report(version="same", previous_version="same"))


def test_reload_content_lists_errors_with_file_and_line() -> None:
    """A failed reload lists `file:line: field: message` and says the old knowledge serves."""
    errors = ("posts/a.yaml:3: posts[0].date: not a real date",)
    text = reload_content(_report(ok=False, version="old", errors=errors))
    assert "still serving" in text
    assert "posts/a.yaml:3: posts[0].date: not a real date" in text


def test_reload_content_truncates_many_errors_with_a_count() -> None:
    """Hundreds of errors are cut to fit one message, ending with "... and N more"."""
    errors = tuple(f"posts/{i}.yaml:{i}: posts[0].title: {'x' * 80}" for i in range(500))
    text = reload_content(_report(ok=False, errors=errors))
    assert len(text) <= limits.MESSAGE_CONTENT
    assert "posts/0.yaml:0:" in text
    assert "more" in text.splitlines()[-2]


def test_reload_content_neutralizes_mentions_in_errors() -> None:
    """Error lines quoting @everyone do not carry a raw mention."""
    text = reload_content(_report(ok=False, errors=(f"a.yaml:1: title: {PINGS}",)))
    assert_no_raw_mentions(text)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("alpha beta gamma delta epsilon", 25, "alpha beta gamma delta…"),
        ("abcdefghijkl", 5, "abcd…"),
    ],
)
def test_truncate_cuts_on_words_within_the_limit(text: str, limit: int, expected: str) -> None:
    """truncate keeps short text and cuts long text near a word boundary with an ellipsis."""
    assert limits.truncate(text, limit) == expected


def test_join_within_counts_what_did_not_fit() -> None:
    """join_within keeps whole lines and reports the rest as "... and N more"."""
    text = limits.join_within([f"line {i:03d}" for i in range(100)], 100)
    assert len(text) <= 100
    assert text.startswith("line 000\nline 001")
    kept = text.count("line ")
    assert text.endswith(f"... and {100 - kept} more")


def test_neutralize_mentions_breaks_every_kind_of_mention() -> None:
    """@everyone, @here, user, nickname and role mentions all get a zero-width space."""
    assert_no_raw_mentions(limits.neutralize_mentions(PINGS))
