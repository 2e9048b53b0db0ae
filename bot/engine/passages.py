"""Passage answers: a post's own sentences, for questions no curated fact answers.

An archive imported without curated facts still has its posts. Retrieval
(postings.py) finds the texts (a body or a quote) and post titles that share the
question's rarer words; every sentence of those texts is a candidate, seen three
ways: the sentence alone (the short answer), its quote (the whole neighbouring
sentences that fit QUOTE_LIMIT: what the reply shows) and its post (title, tags
and every text). The score weighs how much of the question each covers; a
sentence that lacks the detail asked for (detail.py: a date for "when", a number
for "how many", a person for "who") is no candidate. The passage gate (weights
in passage_gate.json, fitted by eval/fit_gate.py) turns the features of the
first candidate into the probability that it answers the question.

Pure over one Knowledge and its vocabulary; the per-text sentence tables are
cached (races only compute one twice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.engine.dates import dates_in_text
from bot.engine.detail import asked_detail, head_concept, provides
from bot.engine.query import Concept, Query
from bot.engine.quotes import QUOTE_LIMIT, sentence_window
from bot.engine.rank import coverage
from bot.engine.sentences import Span, sentence_spans
from bot.engine.text import collapse_spaces
from bot.engine.vocab import Vocab
from bot.knowledge.models import Knowledge

PASSAGE_FEATURES: tuple[str, ...] = (
    "sentence",
    "quote",
    "post",
    "margin",
    "margin_other",
    "unknown",
    "detail",
    "period",
    "concepts",
    "precision",
    "view",
    "fallback",
    "rarest",
)
"""The passage gate's features, in the order of its weights (passage_gate.json)."""

CACHE_MAX = 50_000
"""Sentence tables (one per text) and post term sets kept before the caches restart."""

DateTuple = tuple[int, int | None, int | None]


@dataclass(frozen=True, slots=True)
class TextSentences:
    """One text of a post cut into sentences, with what scoring needs of each."""

    spans: tuple[Span, ...]
    terms: tuple[frozenset[int], ...]
    windows: tuple[Span, ...]
    """Per sentence: (first, last) sentence of its quote (quotes.sentence_window)."""
    window_terms: tuple[frozenset[int], ...]
    dates: tuple[tuple[DateTuple, ...], ...]
    """Per sentence: the dates it names (dates.dates_in_text)."""


@dataclass(frozen=True, slots=True)
class PassageWeights:
    """How the passage score weighs its parts (Tuning.passage_weights)."""

    sentence: float
    quote: float
    post: float
    title: float
    name_penalty: float
    """Points off per name of the question (at most two) the post never mentions."""
    period_bonus: float
    """Points for a sentence that names a date in the question's period (half for a
    sentence of a post published in it)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One ranked candidate: a sentence of a post text and its quote."""

    post: int
    """Index into knowledge.posts."""
    text: int
    """Index into the post's texts()."""
    sentence: Span
    quote: Span
    """Character span of the quote in the text (whole sentences)."""
    score: float
    sentence_recall: float
    quote_recall: float
    post_recall: float
    precision: float
    in_period: bool
    rarest: float = 0.0
    """How well the sentence's quote covers the question's rarest known word."""


@dataclass(frozen=True, slots=True)
class Ranking:
    """The ranked passages of one question and what the gate needs of the question."""

    passages: list[Passage]
    unknown: float
    """Share of the question's weight in words the archive never uses."""
    concepts: int
    detail: bool
    """Whether the question asks for a detail (every candidate gives it)."""
    period: bool
    """Whether the question names a period."""
    view: bool
    """Whether only the blogger's own words were candidates."""
    fallback: bool
    """Whether the passages were asked because no curated fact fits (the archive has
    facts, and the sentences they quote are left out); the blogger's view never is."""


class PassageRanker:
    """Ranks the sentences of chosen post texts against a parsed question."""

    def __init__(self, knowledge: Knowledge, vocab: Vocab) -> None:
        self._knowledge = knowledge
        self._vocab = vocab
        self._texts: dict[tuple[int, int], TextSentences] = {}
        self._posts: dict[int, tuple[frozenset[int], frozenset[int]]] = {}

    def sentences(self, post: int, text: int) -> TextSentences:
        """The sentence table of one text of a post (cached)."""
        key = (post, text)
        table = self._texts.get(key)
        if table is None:
            raw = self._knowledge.posts[post].texts()[text][0]
            table = _table(raw, self._vocab, self._knowledge.posts[post].date.year)
            if len(self._texts) >= CACHE_MAX:
                self._texts.clear()
            self._texts[key] = table
        return table

    def post_terms(self, post: int) -> tuple[frozenset[int], frozenset[int]]:
        """(every term of the post, the terms of its title and tags), cached."""
        found = self._posts.get(post)
        if found is None:
            item = self._knowledge.posts[post]
            head = frozenset(self._vocab.text_ids(" ".join((item.title, *item.tags))))
            every = set(head)
            for text, _source in item.texts():
                every.update(self._vocab.text_ids(text))
            found = (frozenset(every), head)
            if len(self._posts) >= CACHE_MAX:
                self._posts.clear()
            self._posts[post] = found
        return found

    def rank(
        self,
        query: Query,
        texts: Iterable[tuple[int, int]],
        weights: PassageWeights,
        *,
        skip: Callable[[int, str], bool] | None = None,
        view: bool = False,
    ) -> Ranking:
        """Every sentence of the texts (post index, text index), best first.

        `skip(post, sentence)` leaves a sentence out (one a curated fact quotes).
        """
        known = [c for c in query.concepts if c.known]
        total = query.weight
        detail = asked_detail(query)
        asked = head_concept(query)
        period = query.period
        idf = self._vocab.idf_of
        qterms = {t for c in known for alt in c.alts for t in alt}
        proper = self._vocab.proper
        names = [c for c in known if len(c.alts[0]) == 1 and c.alts[0][0] in proper]
        rarest = max(known, key=lambda c: c.weight) if known else None
        posts = self._knowledge.posts
        out: list[Passage] = []
        for pi, ti in dict.fromkeys(texts):
            post = posts[pi]
            raw = post.texts()[ti][0]
            table = self.sentences(pi, ti)
            every, head = self.post_terms(pi)
            post_recall = _recall(known, every, total)
            title_recall = _recall(known, head, total)
            missing = min(2, sum(1 for c in names if coverage(c, every) == 0))
            # Published in the period: evidence for a day or a month, not for a year
            # ("before 2019" is no reason to prefer the posts of 2019).
            posted = (
                period is not None
                and (period.precision > 0 or not query.concepts)
                and period.contains(post.date.year, post.date.month, post.date.day)
            )
            for i, span in enumerate(table.spans):
                sentence = raw[span[0] : span[1]]
                if skip is not None and skip(pi, sentence):
                    continue
                if detail is not None and not provides(detail, sentence, None, query.text):
                    continue
                terms = table.terms[i]
                alone = _recall(known, terms, total)
                if known and alone <= 0:
                    continue  # the short answer must say something the question asks about
                if asked is not None and coverage(asked, terms) <= 0:
                    continue  # "which university ...": a sentence that names none cannot say
                quoted = _recall(known, table.window_terms[i], total)
                dated = period is not None and any(period.contains(*d) for d in table.dates[i])
                score = _score(weights, alone, quoted, post_recall, title_recall)
                score -= weights.name_penalty * missing
                if dated:
                    score += weights.period_bonus
                elif posted:
                    score += weights.period_bonus / 2
                weight = sum(idf(t) for t in terms)
                hit = sum(idf(t) for t in terms if t in qterms)
                lo, hi = table.windows[i]
                out.append(
                    Passage(
                        post=pi,
                        text=ti,
                        sentence=span,
                        quote=(table.spans[lo][0], table.spans[hi][1]),
                        score=score,
                        sentence_recall=alone,
                        quote_recall=quoted,
                        post_recall=post_recall,
                        precision=hit / weight if weight > 0 else 0.0,
                        in_period=dated or posted,
                        rarest=coverage(rarest, table.window_terms[i]) if rarest else 0.0,
                    )
                )
        out.sort(key=lambda p: (-p.score, p.sentence[1] - p.sentence[0], p.post, p.text))
        unknown = sum(c.weight for c in query.concepts if not c.known)
        return Ranking(
            passages=out,
            unknown=unknown / total if total > 0 else 0.0,
            concepts=len(query.concepts),
            detail=detail is not None,
            period=period is not None,
            view=view,
            fallback=bool(self._knowledge.facts) and not view,
        )


def passage_features(ranking: Ranking) -> tuple[float, ...]:
    """The passage gate's features for the first candidate (PASSAGE_FEATURES order)."""
    ranked = ranking.passages
    top = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    other = next((p.score for p in ranked[1:] if p.post != top.post), 0.0)
    return (
        top.sentence_recall,
        top.quote_recall,
        top.post_recall,
        (top.score - runner_up) / 100.0,
        (top.score - other) / 100.0,
        ranking.unknown,
        1.0 if ranking.detail else 0.0,
        (1.0 if top.in_period else 0.5) if ranking.period else 0.0,
        min(ranking.concepts, 6) / 6.0,
        top.precision,
        1.0 if ranking.view else 0.0,
        1.0 if ranking.fallback else 0.0,
        top.rarest,
    )


def _score(
    weights: PassageWeights, alone: float, quoted: float, post: float, title: float
) -> float:
    total = weights.sentence + weights.quote + weights.post + weights.title
    mixed = (
        weights.sentence * alone
        + weights.quote * quoted
        + weights.post * post
        + weights.title * title
    )
    return 100.0 * mixed / total if total > 0 else 0.0


def _recall(concepts: Sequence[Concept], terms: frozenset[int], total: float) -> float:
    if total <= 0:
        return 0.0
    return sum(c.weight * coverage(c, terms) for c in concepts) / total


def _table(text: str, vocab: Vocab, year: int) -> TextSentences:
    spans = tuple(sentence_spans(text))
    pieces = [text[s:e] for s, e in spans]
    terms = tuple(frozenset(vocab.text_ids(p)) for p in pieces)
    lengths = [len(collapse_spaces(p)) for p in pieces]
    windows = tuple(sentence_window(lengths, i, QUOTE_LIMIT) for i in range(len(spans)))
    window_terms = tuple(frozenset().union(*terms[lo : hi + 1]) for lo, hi in windows)
    dates = tuple(dates_in_text(p, year) for p in pieces)
    return TextSentences(spans, terms, windows, window_terms, dates)
