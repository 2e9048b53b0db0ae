"""The bundled archive is faithful to the page it comes from and fits Discord."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.models import Knowledge

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "tests" / "data" / "gsomia-tag-page.txt"


def flatten(text: str) -> str:
    """NFC, and every run of whitespace (NBSP and line breaks included) as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    result = load_knowledge(ROOT / "knowledge")
    assert result.knowledge is not None, "\n".join(map(str, result.errors))
    return result.knowledge


@pytest.fixture(scope="module")
def page() -> str:
    return flatten(PAGE.read_text(encoding="utf-8"))


def paragraphs(text: str) -> list[str]:
    return [p for p in (flatten(chunk) for chunk in text.split("\n\n")) if p]


def test_every_body_paragraph_is_verbatim_in_the_page(knowledge: Knowledge, page: str) -> None:
    """Each paragraph of each post's body is copied from the page, whitespace aside."""
    missing = [
        (post.id, para)
        for post in knowledge.posts
        for para in paragraphs(post.body or "")
        if para not in page
    ]
    assert missing == []


def test_every_quoted_excerpt_is_verbatim_in_the_page(knowledge: Knowledge, page: str) -> None:
    """Each paragraph of each news excerpt is copied from the page, whitespace aside."""
    missing = [
        (post.id, para)
        for post in knowledge.posts
        for quote in post.quotes
        for para in paragraphs(quote.text)
        if para not in page
    ]
    assert missing == []


def test_every_fact_quote_is_verbatim_in_the_page(knowledge: Knowledge, page: str) -> None:
    """The passage each fact shows is on the page, so no quote is ever invented."""
    assert [f.id for f in knowledge.facts if flatten(f.quote) not in page] == []


def test_every_post_title_is_a_headline_of_the_page(knowledge: Knowledge, page: str) -> None:
    """Titles are the page's own headlines."""
    assert [p.id for p in knowledge.posts if p.title not in page] == []


def test_post_dates_follow_the_page_order(knowledge: Knowledge, page: str) -> None:
    """The page lists posts newest first, and the derived dates agree."""
    in_page_order = sorted(knowledge.posts, key=lambda p: page.index(p.title))
    dates = [p.date for p in in_page_order]
    assert dates == sorted(dates, reverse=True)


def test_every_post_has_facts_and_every_fact_three_phrasings(knowledge: Knowledge) -> None:
    """Each post supports at least three facts; each fact has at least three phrasings."""
    cited = {post.id: 0 for post in knowledge.posts}
    for fact in knowledge.facts:
        cited[fact.post] += 1
    assert min(cited.values()) >= 3
    assert [f.id for f in knowledge.facts if len(f.questions) < 3] == []


def test_every_fact_fits_a_discord_embed(knowledge: Knowledge) -> None:
    """Answers fit an embed description with room for the quote; phrasings fit autocomplete."""
    assert max(len(f.answer) for f in knowledge.facts) <= 300
    assert max(len(q) for f in knowledge.facts for q in f.questions) <= 100
    assert max(len(p.title) for p in knowledge.posts) <= 256


def test_no_post_links_anywhere_but_the_archive_page(knowledge: Knowledge) -> None:
    """The page gives no permalinks, so every post links to the tag page itself."""
    assert {p.url for p in knowledge.posts} == {knowledge.archive.url}
