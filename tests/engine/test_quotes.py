"""Quote trimming: verbatim text, cut on sentence or word boundaries with an ellipsis."""

from __future__ import annotations

from bot.engine.quotes import cut_words, passage_around, trim_quote
from bot.engine.sentences import sentence_spans

LONG_SENTENCE = " ".join(["intelligence"] * 40) + "."


def test_short_quote_is_unchanged() -> None:
    """A quote under the limit comes back as it is."""
    assert trim_quote("Signed in 2016, GSOMIA was seen as a rare symbol.") == (
        "Signed in 2016, GSOMIA was seen as a rare symbol."
    )


def test_whitespace_runs_collapse_to_one_space() -> None:
    """Line breaks and no-break spaces become single spaces; nothing else changes."""
    assert trim_quote("South Korea\n  on\u00a0Tuesday") == "South Korea on Tuesday"


def test_long_quote_keeps_whole_leading_sentences() -> None:
    """A long quote is cut after the last whole sentence that fits, without an ellipsis."""
    text = "First sentence here. " + "Second one is long. " * 30
    out = trim_quote(text, limit=60)
    assert out == "First sentence here. Second one is long. Second one is long."
    assert len(out) <= 60


def test_single_long_sentence_is_cut_on_a_word_with_ellipsis() -> None:
    """A first sentence longer than the limit is cut at a word boundary and marked "…"."""
    out = trim_quote(LONG_SENTENCE, limit=100)
    assert out.endswith("…")
    assert len(out) <= 100
    assert out[:-1].split(" ") == ["intelligence"] * len(out[:-1].split(" "))


def test_cut_words_never_splits_a_word() -> None:
    """Every word before the ellipsis is a whole word of the original text."""
    text = "Washington is putting pressure on Seoul to renew the agreement with Tokyo"
    out = cut_words(text, 30)
    assert out.endswith("…")
    assert text.startswith(out[:-1])
    assert text[len(out) - 1] == " "


def test_abbreviations_do_not_end_sentences() -> None:
    """ "U.S." and "Nov." inside a sentence do not split it."""
    text = "The U.S. Ambassador met him on Nov. 15 in Seoul. Then he left."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "The U.S. Ambassador met him on Nov. 15 in Seoul.",
        "Then he left.",
    ]


def test_passage_around_returns_the_sentence_and_its_neighbours() -> None:
    """The quote holds the chosen sentence plus whole neighbouring sentences that fit."""
    text = "One short. Two is the answer. Three follows."
    start = text.index("Two")
    sentence, quote = passage_around(text, (start, start + 20), limit=300)
    assert sentence == "Two is the answer."
    assert quote == text


def test_a_long_sentence_is_cut_around_its_focus() -> None:
    """A sentence over the limit keeps the part that holds the focus: its start when the
    focus is there, else the clause before the focus on, after a "…"."""
    text = "Intro words here. " + "Moon said " + "x " * 200 + "and then, Ko Min-jung said it."
    start = text.index("Ko Min-jung")
    sentence, quote = passage_around(text, (start, start + 11), limit=100)
    assert sentence == quote == "…Ko Min-jung said it."
    head, _ = passage_around(text, (text.index("Moon"), text.index("Moon") + 4), limit=100)
    assert head.startswith("Moon said x")
    assert head.endswith("…")
