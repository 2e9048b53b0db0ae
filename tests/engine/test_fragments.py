"""Text-fragment links (URL Fragment Text Directives) for quoted passages."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from bot.engine.pages import PreparedPage
from bot.engine.quotes import fragment_url, text_directive

_PARAGRAPH_RE = re.compile(r"\n\s*\n")


def normalized_page(page: str) -> str:
    """A page as text-fragment matching sees it: casefolded, each paragraph on one line."""
    paragraphs = (" ".join(p.split()).casefold() for p in _PARAGRAPH_RE.split(page))
    return "\n".join(p for p in paragraphs if p)


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _boundary(text: str, i: int) -> bool:
    return i in (0, len(text)) or not (_word_char(text[i - 1]) and _word_char(text[i]))


def _find(text: str, term: str, start: int, end_bounded: bool) -> int:
    i = text.find(term, start)
    while i >= 0:
        if _boundary(text, i) and (not end_bounded or _boundary(text, i + len(term))):
            return i
        i = text.find(term, i + 1)
    return -1


def directive_terms(directive: str) -> list[str]:
    """The percent-decoded `start[,end]` of a `text=` directive."""
    assert directive.startswith("text=")
    terms = [unquote(t) for t in directive.removeprefix("text=").split(",")]
    assert 1 <= len(terms) <= 2
    assert not any(t.endswith("-") or t.startswith("-") for t in terms), "no prefix or suffix"
    return terms


def highlighted(directive: str, text: str, *, strict_start: bool = True) -> tuple[int, int] | None:
    """Where a browser highlights the directive in `normalized_page` text, or None.

    The first match of the start at word boundaries, then the first match of the
    end after it; a term never spans a paragraph break. `strict_start=False`
    lets the start end inside a word (a more lenient reading of the spec).
    """
    terms = [" ".join(t.split()).casefold() for t in directive_terms(directive)]
    start = _find(text, terms[0], 0, end_bounded=strict_start or len(terms) == 1)
    if start < 0:
        return None
    if len(terms) == 1:
        return start, start + len(terms[0])
    end = _find(text, terms[1], start + len(terms[0]), end_bounded=True)
    return None if end < 0 else (start, end + len(terms[1]))


def place_of(passage: str, text: str) -> tuple[int, int]:
    """Where a passage (whitespace collapsed, cut marks "…" off) first stands in the text."""
    needle = " ".join(passage.strip("…").split()).casefold()
    start = _find(text.replace("\n", " "), needle, 0, end_bounded=True)
    assert start >= 0, f"not on the page: {passage!r}"
    return start, start + len(needle)


def assert_highlights_alone(directive: str, page: str, passage: str) -> None:
    """The directive highlights the passage's first place on the page and nothing else."""
    text = normalized_page(page)
    place = place_of(passage, text)
    assert highlighted(directive, text) == place, directive
    assert highlighted(directive, text, strict_start=False) == place, directive


def test_short_passage_is_one_encoded_text() -> None:
    """A short passage becomes `text=` with spaces percent-encoded."""
    assert text_directive("fully restored") == "text=fully%20restored"


def test_dash_comma_and_ampersand_are_encoded() -> None:
    """The directive's own syntax characters never appear raw in a value."""
    value = text_directive("intelligence-sharing, trade & export")
    assert value == "text=intelligence%2Dsharing%2C%20trade%20%26%20export"


def test_non_ascii_is_utf8_percent_encoded() -> None:
    """Curly quotes and accented letters are encoded as UTF-8 bytes."""
    assert text_directive("“smoothly” café") == "text=%E2%80%9Csmoothly%E2%80%9D%20caf%C3%A9"


def test_long_passage_uses_start_and_end() -> None:
    """A long passage becomes `text=start,end` with a few words each."""
    passage = (
        "South Korea on Tuesday fully restored its military intelligence-sharing pact with "
        "Tokyo, the foreign ministry said."
    )
    assert text_directive(passage) == (
        "text=South%20Korea%20on%20Tuesday,the%20foreign%20ministry%20said."
    )


def test_ellipsis_is_stripped() -> None:
    """The "…" of a trimmed quote is not part of the searched text."""
    assert text_directive("fully restored…") == "text=fully%20restored"


def test_url_without_fragment_gets_one() -> None:
    """A plain url gets `#:~:text=`."""
    assert fragment_url("https://example.org/p/", "restored") == (
        "https://example.org/p/#:~:text=restored"
    )


def test_existing_fragment_is_kept() -> None:
    """An existing `#fragment` stays, followed by the `:~:` delimiter."""
    assert fragment_url("https://example.org/p/#comments", "restored") == (
        "https://example.org/p/#comments:~:text=restored"
    )


def test_existing_directive_gets_another_text() -> None:
    """A url that already has a fragment directive gets `&text=` appended."""
    assert fragment_url("https://example.org/p/#:~:text=a", "b") == (
        "https://example.org/p/#:~:text=a&text=b"
    )


# ---- against the page the link opens

PASSAGE = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu."
WORDS = PASSAGE.rstrip(".").split(" ")


def test_without_page_the_start_may_match_earlier() -> None:
    """The fixed four words of the old directive start at an earlier mention on the page."""
    page = f"Alpha beta gamma delta score.\n\n{PASSAGE}"
    text = normalized_page(page)
    assert highlighted(text_directive(PASSAGE), text) != place_of(PASSAGE, text)


def test_repeated_start_grows_until_unique() -> None:
    """An earlier "alpha beta gamma delta" makes the start take a fifth word."""
    page = f"Alpha beta gamma delta score.\n\n{PASSAGE}"
    directive = text_directive(PASSAGE, page=page)
    assert directive == "text=alpha%20beta%20gamma%20delta%20epsilon,iota%20kappa%20lambda%20mu."
    assert_highlights_alone(directive, page, PASSAGE)


def test_start_grows_past_every_earlier_near_copy() -> None:
    """Earlier copies sharing five and then six words push the start to seven."""
    page = "\n\n".join(
        ["Alpha beta gamma delta epsilon x.", "alpha beta gamma delta epsilon zeta y.", PASSAGE]
    )
    directive = text_directive(PASSAGE, page=page)
    assert directive_terms(directive)[0] == "alpha beta gamma delta epsilon zeta eta"
    assert_highlights_alone(directive, page, PASSAGE)


def test_later_copy_of_the_start_grows_it_too() -> None:
    """The start is unique on the page: the page a link opens may order its posts otherwise."""
    page = f"{PASSAGE}\n\nAlpha beta gamma delta score."
    directive = text_directive(PASSAGE, page=page)
    assert directive_terms(directive)[0] == "alpha beta gamma delta epsilon"
    assert_highlights_alone(directive, page, PASSAGE)
    assert_highlights_alone(directive, "\n\n".join(reversed(page.split("\n\n"))), PASSAGE)


def test_end_repeated_inside_the_passage_grows() -> None:
    """An end that also occurs inside the passage would cut the highlight short."""
    passage = "alpha beta gamma delta red green blue pink alpha beta red green blue pink"
    page = f"Before. {passage}. After red green blue pink."
    directive = text_directive(passage, page=page)
    assert directive_terms(directive)[1] == "beta red green blue pink"
    assert_highlights_alone(directive, page, passage)


def test_end_after_the_passage_does_not_matter() -> None:
    """Later copies of the end words are never reached: the first match after the start wins."""
    page = f"{PASSAGE} Then iota kappa lambda mu. again."
    assert text_directive(PASSAGE, page=page) == text_directive(PASSAGE)


def test_match_inside_a_longer_word_is_no_competitor() -> None:
    """ "xalpha beta gamma delta" does not match at a word start, so four words still do."""
    page = f"Xalpha beta gamma delta score.\n\n{PASSAGE}"
    assert text_directive(PASSAGE, page=page) == text_directive(PASSAGE)


def test_match_ending_inside_a_longer_word_is_a_competitor() -> None:
    """ "alpha beta gamma deltaic" may match a start under a lenient reading: grow anyway."""
    page = f"Alpha beta gamma deltaic.\n\n{PASSAGE}"
    directive = text_directive(PASSAGE, page=page)
    assert directive_terms(directive)[0] == "alpha beta gamma delta epsilon"
    assert_highlights_alone(directive, page, PASSAGE)


def test_case_and_whitespace_do_not_matter_but_the_passage_case_is_kept() -> None:
    """The page is compared casefolded and collapsed; the directive spells the passage."""
    page = f"ALPHA  beta\nGAMMA delta x.\n\n{PASSAGE.upper()}"
    directive = text_directive(PASSAGE, page=page)
    assert directive.startswith("text=alpha%20beta%20gamma%20delta%20epsilon,")
    assert_highlights_alone(directive, page, PASSAGE)


def test_no_short_pair_falls_back_to_the_whole_passage() -> None:
    """When the start would need more than 16 words, the passage itself is the directive."""
    words = [f"w{i}" for i in range(20)]
    passage = " ".join(words)
    page = f"{' '.join(words[:18])} other.\n\n{passage}"
    directive = text_directive(passage, page=page)
    assert directive == "text=" + "%20".join(words)
    assert_highlights_alone(directive, page, passage)


def test_pair_leaves_out_a_few_words_or_is_not_used() -> None:
    """A start of eight words out of twelve leaves too little out: the whole passage is used."""
    page = "\n\n".join([" ".join(WORDS[:7]) + " x.", PASSAGE])
    directive = text_directive(PASSAGE, page=page)
    assert directive == "text=" + "%20".join(WORDS) + "."
    assert_highlights_alone(directive, page, PASSAGE)


def test_passage_not_on_the_page_keeps_the_plain_directive() -> None:
    """A passage the page does not hold gets the directive it gets without a page."""
    assert text_directive(PASSAGE, page="Nothing like it.") == text_directive(PASSAGE)


def test_short_passage_stays_one_text_on_a_page() -> None:
    """A short passage is still the single `text=` value."""
    assert text_directive("fully restored", page="It was fully restored.") == (
        "text=fully%20restored"
    )


def test_repeated_passage_links_its_first_place() -> None:
    """A passage the page holds twice is highlighted where it first stands."""
    page = f"{PASSAGE}\n\n{PASSAGE}"
    directive = text_directive(PASSAGE, page=page)
    assert_highlights_alone(directive, page, PASSAGE)


def test_terms_do_not_span_paragraphs() -> None:
    """A passage across paragraphs gets its start in the first and its end in the last."""
    page = "\n\n".join(["Intro.", "alpha beta gamma", "delta epsilon zeta eta theta iota kappa"])
    passage = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    directive = text_directive(passage, page=page)
    assert directive_terms(directive) == ["alpha beta gamma", "eta theta iota kappa"]
    assert_highlights_alone(directive, page, passage)


def test_ellipsis_is_stripped_on_a_page_too() -> None:
    """A trimmed quote's "…" is not searched for."""
    page = f"Alpha beta gamma delta score.\n\n{PASSAGE} More."
    cut = " ".join(WORDS) + "…"
    directive = text_directive(cut, page=page)
    assert "%E2%80%A6" not in directive
    assert_highlights_alone(directive, page, cut)


def test_ellipsis_of_the_page_itself_is_kept() -> None:
    """A "(……)" that the page holds is searched as it is; only the cut mark goes."""
    passage = "the government announced the termination of the agreement, but held off. (……)"
    page = f"Intro. {passage} Next."
    directive = text_directive(passage + "…", page=page)
    assert directive_terms(directive)[1].endswith("held off. (……)")
    assert_highlights_alone(directive, page, passage)


@pytest.mark.parametrize(
    "url", ["https://example.org/p/", "https://example.org/p/#top", "https://example.org/p/#:~:a"]
)
def test_fragment_url_passes_the_page_on(url: str) -> None:
    """fragment_url uses the same directive as text_directive with that page."""
    page = f"Alpha beta gamma delta score.\n\n{PASSAGE}"
    directive = text_directive(PASSAGE, page=page)
    assert fragment_url(url, PASSAGE, page=page).endswith(directive)


def test_prepared_page_gives_the_same_directive() -> None:
    """A PreparedPage, made once for many links, stands in for the page text."""
    page = f"Alpha beta gamma delta score.\n\n{PASSAGE}"
    prepared = PreparedPage.of(page)
    assert text_directive(PASSAGE, page=prepared) == text_directive(PASSAGE, page=page)
    assert prepared.text == normalized_page(page)
    assert len(prepared.flat) == len(prepared.text)


def test_long_page_with_many_near_copies() -> None:
    """Thousands of earlier near copies of the start still give a correct, short directive."""
    page = "alpha beta gamma delta epsilon zeta. " * 20_000 + f"\n\n{PASSAGE}"
    directive = text_directive(PASSAGE, page=page)
    assert directive_terms(directive)[0] == "alpha beta gamma delta epsilon zeta eta"
    assert_highlights_alone(directive, page, PASSAGE)
