"""Passage answers: a post's own sentences, for questions no curated fact answers.

An archive imported without curated facts still has its posts. Retrieval
(postings.py) finds the texts (a body or a quote) and post titles that share the
question's rarer words; every sentence of those texts is a candidate, seen three
ways: the sentence alone (the short answer), its quote (the whole neighbouring
sentences that fit QUOTE_LIMIT: what the reply shows) and its post (title, tags
and every text). The score weighs how much of the question each covers, minus
names the post never mentions, plus a date of the question's period that the
sentence names. No candidate is a sentence that shares no word with the question,
lacks the detail asked for (detail.py: a date for "when", a number for "how many",
a person for "who") or never names the thing a "which X" asks about. The passage
gate (weights in passage_gate.json, fitted by eval/fit_gate.py) turns the
features of the first candidate into the probability that it answers the
question.

Pure over one Knowledge and its vocabulary; the per-text sentence tables are
cached (races only compute one twice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.engine.dates import MONTHS, dates_in_text
from bot.engine.detail import asked_detail, defines, head_concept, provides, what_is_term
from bot.engine.likeness import asked, shared, similarity_to, surface
from bot.engine.query import Concept, Query
from bot.engine.quotes import QUOTE_LIMIT, sentence_window
from bot.engine.rank import coverage
from bot.engine.sentences import Span, caption_paragraphs, in_spans, is_caption, sentence_spans
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
    "similarity",
    "similarity_margin",
    "grams",
    "grams_margin",
    "quote_grams",
    "title_grams",
)
"""The passage gate's features, in the order of its weights (passage_gate.json)."""
LIKENESS_PASSAGES = 8
"""Passages whose letters are compared with the question (likeness.py): the first, and
the best of another post among these."""

DEFINITION_SCAN = 30
DEFINITION_SLACK = 10.0
"""A "what is X" prefers, among the first DEFINITION_SCAN passages scoring within this
many points of the first, the first that says what X is."""

CACHE_MAX = 50_000
"""Sentence tables (one per text) and post term sets kept before the caches restart."""

DateTuple = tuple[int, int | None, int | None]


class TextSentences:
    """One text of a post cut into sentences, with what scoring needs of each.

    The spans and term sets are made at once; a sentence's quote window, its terms
    and its summed idf only when a question first keeps the sentence (threads that
    race there compute the same values).
    """

    __slots__ = ("_idf", "_sums", "_window_terms", "_windows", "every", "spans", "terms")

    def __init__(self, text: str, vocab: Vocab) -> None:
        self.spans: tuple[Span, ...] = tuple(sentence_spans(text))
        self.terms: tuple[frozenset[int], ...] = tuple(
            frozenset(vocab.text_ids(text[s:e])) for s, e in self.spans
        )
        self.every: frozenset[int] = frozenset().union(*self.terms)
        """Every term of the text."""
        self._idf = vocab.idf_list
        count = len(self.spans)
        self._windows: list[Span | None] = [None] * count
        self._window_terms: list[frozenset[int] | None] = [None] * count
        self._sums: list[float | None] = [None] * count

    def window(self, i: int) -> Span:
        """(first, last) sentence of sentence i's quote (quotes.sentence_window)."""
        found = self._windows[i]
        if found is None:
            # Raw lengths, not collapsed ones: the quote stays within QUOTE_LIMIT.
            lengths = [e - s for s, e in self.spans]
            found = self._windows[i] = sentence_window(lengths, i, QUOTE_LIMIT)
        return found

    def window_terms(self, i: int) -> frozenset[int]:
        """Every term of sentence i's quote."""
        found = self._window_terms[i]
        if found is None:
            lo, hi = self.window(i)
            found = self._window_terms[i] = frozenset().union(*self.terms[lo : hi + 1])
        return found

    def idf_sum(self, i: int) -> float:
        """The summed idf of sentence i's distinct terms (for precision)."""
        found = self._sums[i]
        if found is None:
            idf = self._idf
            found = self._sums[i] = sum(idf[t] for t in self.terms[i])
        return found


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
    """The sentence names a date in the question's period, or its post was published in
    it (for a day or a month, or a question that is only a date)."""
    names_date: bool = False
    """The sentence itself names a date in the question's period."""


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
    likeness: tuple[float, ...] = (0.0,) * 6
    """The first passage's letter likeness to the question (likeness.py): token-set ratio
    and its lead over the best passage of another post, trigram share of its sentence and
    that lead, trigram share of its quote and of its post's title."""
    defined: bool = False
    """Whether the question is a short "what is X" (detail.what_is_term) and the first
    sentence says what X is (detail.defines: "the Security Consultative Meeting (SCM)")."""


class PassageRanker:
    """Ranks the sentences of chosen post texts against a parsed question."""

    def __init__(self, knowledge: Knowledge, vocab: Vocab) -> None:
        self._knowledge = knowledge
        self._vocab = vocab
        self._texts: dict[tuple[int, int], TextSentences] = {}
        self._posts: dict[int, tuple[frozenset[int], frozenset[int]]] = {}
        self._dates: dict[tuple[int, int], tuple[tuple[DateTuple, ...], ...]] = {}

    def sentences(self, post: int, text: int) -> TextSentences:
        """The sentence table of one text of a post (cached)."""
        key = (post, text)
        table = self._texts.get(key)
        if table is None:
            raw = self._knowledge.posts[post].texts()[text][0]
            table = TextSentences(raw, self._vocab)
            if len(self._texts) >= CACHE_MAX:
                self._texts.clear()
            self._texts[key] = table
        return table

    def dates(self, post: int, text: int) -> tuple[tuple[DateTuple, ...], ...]:
        """Per sentence of one text, the dates it names (dates.dates_in_text; cached)."""
        key = (post, text)
        found = self._dates.get(key)
        if found is None:
            item = self._knowledge.posts[post]
            raw = item.texts()[text][0]
            spans = self.sentences(post, text).spans
            found = tuple(dates_in_text(raw[s:e], item.date.year) for s, e in spans)
            if len(self._dates) >= CACHE_MAX:
                self._dates.clear()
            self._dates[key] = found
        return found

    def post_terms(self, post: int) -> tuple[frozenset[int], frozenset[int]]:
        """(every term of the post, the terms of its title and tags), cached."""
        found = self._posts.get(post)
        if found is None:
            item = self._knowledge.posts[post]
            head = frozenset(self._vocab.text_ids(" ".join((item.title, *item.tags))))
            texts = range(len(item.texts()))
            found = (head.union(*(self.sentences(post, t).every for t in texts)), head)
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
        browse: bool = False,
    ) -> Ranking:
        """Every sentence of the texts (post index, text index), best first.

        `skip(post, sentence)` leaves a sentence out (one a curated fact quotes). With
        `browse` (a search, which lists posts and answers nothing) every sentence that
        shares a word counts, whether or not it gives the date or number asked for.
        """
        known = [c for c in query.concepts if c.known]
        total = query.weight
        detail = None if browse else asked_detail(query)
        asked = None if browse else asked_thing(query)
        period = None if relative_period(query) else query.period
        idf = self._vocab.idf_of
        recall = _Recall(known, total)
        qterms = {t for c in known for alt in c.alts for t in alt}
        proper = self._vocab.proper
        names = [c for c in known if len(c.alts[0]) == 1 and c.alts[0][0] in proper]
        posts = self._knowledge.posts
        out: list[Passage] = []
        for pi, ti in dict.fromkeys(texts):
            post = posts[pi]
            raw = post.texts()[ti][0]
            table = self.sentences(pi, ti)
            every, head = self.post_terms(pi)
            post_recall = recall(every)
            title_recall = recall(head)
            missing = min(2, sum(1 for c in names if coverage(c, every) == 0))
            # Published in the period: evidence for a day or a month, not for a year
            # ("before 2019" is no reason to prefer the posts of 2019).
            posted = (
                period is not None
                and (period.precision > 0 or not query.concepts)
                and period.contains(post.date.year, post.date.month, post.date.day)
            )
            dates = self.dates(pi, ti) if period is not None else None
            captions = caption_paragraphs(raw) if view else []
            for i, span in enumerate(table.spans):
                terms = table.terms[i]
                if known and qterms.isdisjoint(terms):
                    continue  # the short answer must say something the question asks about
                if asked is not None and coverage(asked, terms) <= 0:
                    continue  # "which university ...": a sentence that names none cannot say
                sentence = raw[span[0] : span[1]]
                if view and (is_caption(sentence) or in_spans(span, captions)):
                    continue  # what a photo shows is not what the blogger thinks
                if detail is not None and not provides(detail, sentence, None, query.text):
                    continue  # "how many" is not answered by a sentence without a number
                if skip is not None and skip(pi, sentence):
                    continue
                alone = recall(terms)
                quoted = recall(table.window_terms(i))
                dated = (
                    period is not None
                    and dates is not None
                    and any(period.contains(*d) for d in dates[i])
                )
                score = _score(weights, alone, quoted, post_recall, title_recall)
                score -= weights.name_penalty * missing
                if dated:
                    score += weights.period_bonus
                elif posted:
                    score += weights.period_bonus / 2
                weight = table.idf_sum(i)
                hit = sum(idf(t) for t in qterms.intersection(terms))
                lo, hi = table.window(i)
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
                        names_date=dated,
                    )
                )
        out.sort(key=lambda p: (-p.score, p.sentence[1] - p.sentence[0], p.post, p.text))
        term = what_is_term(query) if out else None
        defined = term is not None and self._definition_first(term, out)
        unknown = sum(c.weight for c in query.concepts if not c.known)
        return Ranking(
            likeness=self._likeness(query, out),
            passages=out,
            unknown=unknown / total if total > 0 else 0.0,
            concepts=len(query.concepts),
            detail=detail is not None,
            period=period is not None,
            view=view,
            fallback=bool(self._knowledge.facts) and not view,
            defined=defined,
        )

    def _definition_first(self, term: str, ranked: list[Passage]) -> bool:
        """For "what is X": move the best sentence that says what X is (detail.defines)
        to the front, when it scores within DEFINITION_SLACK of the first; whether one
        did. Every sentence that names "GSOMIA" covers "what is gsomia" alike."""
        floor = ranked[0].score - DEFINITION_SLACK
        for i, passage in enumerate(ranked[:DEFINITION_SCAN]):
            if passage.score < floor:
                break
            if defines(term, self._sentence_text(passage)):
                ranked.insert(0, ranked.pop(i))
                return True
        return False

    def _sentence_text(self, passage: Passage) -> str:
        raw = self._knowledge.posts[passage.post].texts()[passage.text][0]
        return raw[passage.sentence[0] : passage.sentence[1]]

    def _likeness(self, query: Query, ranked: list[Passage]) -> tuple[float, ...]:
        if not ranked:
            return (0.0,) * 6
        shape = asked(query.text)
        posts = self._knowledge.posts

        def measure(p: Passage) -> tuple[float, float]:
            raw = posts[p.post].texts()[p.text][0]
            words = f" {surface(raw[p.sentence[0] : p.sentence[1]])} "
            return similarity_to(shape, words.strip()), shared(shape, words)

        top = ranked[0]
        alike, grams = measure(top)
        others = [measure(p) for p in ranked[1:LIKENESS_PASSAGES] if p.post != top.post]
        raw = posts[top.post].texts()[top.text][0]
        quote = f" {surface(raw[top.quote[0] : top.quote[1]])} "
        title = f" {surface(posts[top.post].title)} "
        return (
            alike,
            alike - max((o[0] for o in others), default=0.0),
            grams,
            grams - max((o[1] for o in others), default=0.0),
            shared(shape, quote),
            shared(shape, title),
        )


_RELATIVE = frozenset({"before", "after", "since", "until", "till", "prior"})


def asked_thing(query: Query) -> Concept | None:
    """The thing a "which X" question asks about, as detail.head_concept finds it, but a
    verb that ends the words after "which" is left out: in "which civic group organized
    the rally" the thing is the group, which a sentence must name to say which."""
    return head_concept(query, drop_verb=True)


def relative_period(query: Query) -> bool:
    """Whether the question's date is a bound ("before 2019", "after 1972"), not the
    time it asks about: then naming that date is no evidence."""
    lows = [t.low for t in query.tokens]
    for i, low in enumerate(lows):
        if low in _RELATIVE:
            for word in lows[i + 1 : i + 4]:
                if (len(word) == 4 and word.isdigit()) or word in MONTHS:
                    return True
    return False


CONTEXT_CREDIT = 0.5
"""In the curated-archive view rule, a word found only elsewhere in the sentence's text
or in its post's title counts this much."""


def context_score(query: Query, terms: frozenset[int], context: frozenset[int]) -> float:
    """The curated-archive view rule's score (0-100) of a sentence: half how much of the
    question the sentence covers, half the same with its text and title as context."""
    total = query.weight
    if total <= 0:
        return 0.0
    got = alone = 0.0
    for concept in query.concepts:
        if not concept.known:
            continue
        cov = coverage(concept, terms)
        alone += concept.weight * cov
        if cov < 1.0:
            cov = max(cov, CONTEXT_CREDIT * coverage(concept, context))
        got += concept.weight * cov
    return 100.0 * (0.5 * got + 0.5 * alone) / total


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
        *ranking.likeness,
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


class _Recall:
    """recall(terms): the share of the question's weight a term set covers (rank.coverage
    per concept), the common one-word concepts tested by membership alone."""

    def __init__(self, concepts: Sequence[Concept], total: float) -> None:
        self._single: list[tuple[int, float]] = []
        self._other: list[Concept] = []
        for c in concepts:
            if len(c.alts) == 1 and len(c.alts[0]) == 1:
                self._single.append((c.alts[0][0], c.weight))
            else:
                self._other.append(c)
        self._total = total

    def __call__(self, terms: frozenset[int]) -> float:
        if self._total <= 0:
            return 0.0
        got = 0.0
        for tid, weight in self._single:
            if tid in terms:
                got += weight
        for c in self._other:
            got += c.weight * coverage(c, terms)
        return got / self._total
