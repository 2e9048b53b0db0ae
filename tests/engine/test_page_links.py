"""Every fact's link highlights its quote alone on the real GSOMIA tag page.

All posts of the bundled archive share the tag page's url, so a link's start
and end words must be unique on the whole page, not just in their own post.
The links are checked by simulating the browser's match against a copy of the
real page (tests/data/gsomia-tag-page.txt), not the page built from knowledge.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.pages import PageTexts
from bot.engine.quotes import fragment_url, trim_quote
from bot.knowledge import Fact, Knowledge, load_knowledge
from tests.engine.test_fragments import highlighted, normalized_page, place_of

ROOT = Path(__file__).resolve().parents[2]
TAG_PAGE_URL = "https://rokdrop.net/tag/gsomia/"


@pytest.fixture(scope="module")
def real_knowledge() -> Knowledge:
    """The repository's knowledge folder."""
    result = load_knowledge(ROOT / "knowledge")
    assert result.knowledge is not None, result.errors[:5]
    return result.knowledge


GLUED_CAPTION = "Candlelight vigil-GSOMIAMembers of the Seoul"
"""The text copy glues an image's title to its caption, a block of its own on the page."""


@pytest.fixture(scope="module")
def real_page() -> str:
    """The real tag page's text, normalized as a browser matches it."""
    page = (ROOT / "tests" / "data" / "gsomia-tag-page.txt").read_text("utf-8")
    assert page.count(GLUED_CAPTION) == 1
    return normalized_page(page.replace(GLUED_CAPTION, GLUED_CAPTION.replace("AM", "A\n\nM")))


def _directive(url: str) -> str:
    _base, sep, directive = url.partition("#:~:")
    assert sep, url
    return directive


def _link(knowledge: Knowledge, pages: PageTexts | None, fact: Fact) -> tuple[str, str]:
    """The quote and link of a fact's reply, built as the engine does."""
    post = knowledge.posts_by_id[fact.post]
    quote = trim_quote(fact.quote)
    page = None if pages is None else pages.for_url(post.url)
    return quote, fragment_url(post.url, quote, page=page)


def test_every_post_is_on_the_tag_page(real_knowledge: Knowledge) -> None:
    """The premise: one url for all ten posts, so all facts share one page."""
    assert len(real_knowledge.posts) == 10
    assert {p.url for p in real_knowledge.posts} == {TAG_PAGE_URL}


def _title_order(text: str, knowledge: Knowledge) -> list[str]:
    """Post ids in the order their titles stand as paragraphs of a normalized page."""
    lines = text.split("\n")
    where = {p.id: lines.index(" ".join(p.title.split()).casefold()) for p in knowledge.posts}
    return sorted(where, key=where.__getitem__)


def test_page_text_lists_the_posts_newest_first(real_knowledge: Knowledge, real_page: str) -> None:
    """Titles then texts, in knowledge order; the real page differs only within a day."""
    built = PageTexts(real_knowledge).for_url(TAG_PAGE_URL)
    first = real_knowledge.posts[0]
    assert built.startswith(f"{first.title}\n\n{first.texts()[0][0]}\n\n")
    built_order = _title_order(normalized_page(built), real_knowledge)
    assert built_order == [p.id for p in real_knowledge.posts]
    real_order = _title_order(real_page, real_knowledge)
    dates = [real_knowledge.posts_by_id[i].date for i in real_order]
    assert dates == sorted(dates, reverse=True)
    assert real_order != built_order  # two posts of 2019-11-15 stand the other way round


def test_every_fact_link_highlights_its_quote_alone(
    real_knowledge: Knowledge, real_page: str
) -> None:
    """Start found where the quote starts, end where it ends: one post, nothing more."""
    pages = PageTexts(real_knowledge)
    wrong: list[str] = []
    for fact in real_knowledge.facts:
        quote, url = _link(real_knowledge, pages, fact)
        place = place_of(quote, real_page)
        for strict in (True, False):
            got = highlighted(_directive(url), real_page, strict_start=strict)
            if got != place:
                wrong.append(f"{fact.id}: {_directive(url)} -> {got}, quote at {place}")
    assert not wrong, "\n".join(wrong)
    assert len(real_knowledge.facts) >= 80


def test_without_the_page_a_link_spans_two_posts(real_knowledge: Knowledge, real_page: str) -> None:
    """The old links: one starts at an earlier post's photo caption and runs into the next post."""
    wider: dict[str, tuple[int, int]] = {}
    for fact in real_knowledge.facts:
        quote, url = _link(real_knowledge, None, fact)
        got = highlighted(_directive(url), real_page)
        place = place_of(quote, real_page)
        if got != place:
            assert got is not None
            assert got[0] < place[0], fact.id
            assert got[1] >= place[1], fact.id
            wider[fact.id] = got
    assert "yoon-agreed-completely-normalize" in wider
    start, end = wider["yoon-agreed-completely-normalize"]
    caption = "president yoon suk yeol (l) shakes hands"
    assert real_page.startswith(caption, start)
    second_title = " ".join(real_knowledge.posts[1].title.split()).casefold()
    assert second_title in real_page[start:end]


def test_pages_are_cached_per_url(real_knowledge: Knowledge) -> None:
    """The same url gives the same text object; the prepared form is built once too."""
    pages = PageTexts(real_knowledge)
    assert pages.for_url(TAG_PAGE_URL) is pages.for_url(TAG_PAGE_URL)
    assert pages.prepared(TAG_PAGE_URL) is pages.prepared(TAG_PAGE_URL)
    assert pages.for_url("https://example.org/other/") == ""


def test_engine_replies_carry_the_unique_links(real_knowledge: Knowledge, real_page: str) -> None:
    """What members get: a fact's reply (asked by its first phrasing) links to its quote alone."""
    from bot.engine import Engine, Reply

    engine = Engine.build(real_knowledge)
    wrong: list[str] = []
    for fact in real_knowledge.facts:
        result = engine.answer(fact.questions[0])
        if not isinstance(result, Reply) or result.fact_id != fact.id:
            continue  # tests/engine/test_real_archive.py checks the phrasings themselves
        got = highlighted(_directive(result.url), real_page)
        if got != place_of(result.quote, real_page):
            wrong.append(fact.id)
    assert not wrong
