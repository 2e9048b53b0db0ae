"""The answer engine: facts first, then a grounded passage, else an honest NoAnswer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.engine import persist
from bot.engine.build import IndexState, build_full, build_incremental
from bot.engine.complete import Completer
from bot.engine.dates import MONTHS, Period, date_key, parse_fact_date
from bot.engine.query import SYNONYM_WEIGHT, Query, SynonymTable, parse, phrasing_kind
from bot.engine.quotes import (
    QUOTE_LIMIT,
    cut_words,
    find_in_texts,
    fragment_url,
    passage_around,
    trim_quote,
)
from bot.engine.rank import (
    FactScorer,
    Match,
    fits_question,
    query_terms,
    score_sentence,
)
from bot.engine.segment import TITLE_TEXT
from bot.engine.sentences import paragraph_spans, sentence_spans
from bot.engine.text import MAX_TERMS, clean, collapse_spaces, phrasing_key
from bot.engine.types import Confidence, NoAnswer, Reply, Suggestion
from bot.knowledge.models import Knowledge, Post

log = logging.getLogger(__name__)

FACT_HIGH = 90.0
"""Only the label: a fact at or above this score (with the margin) is HIGH confidence."""
FACT_MEDIUM = 78.0
"""A fact answers at or above this score, when it also leads the runner-up by MIN_MARGIN.

Calibrated with eval/crossval.py (leave-one-phrasing-out, perturbations, unanswerable
questions) plus the tuning split: the most correct answers with false answers <= 2%."""
PASSAGE_MIN = 90.0
PASSAGE_FACT_CEILING = 50.0
"""A passage may answer only when no fact comes near (a near miss among the facts means
the question is about a curated topic, and the passage would be a guess: crossval)."""
PASSAGE_HIGH = 95.0
MIN_MARGIN = 16.0
"""The best fact must beat the runner-up by this much (crossval: the lead is the best
single sign of a right answer; a fact alone above its neighbours is not ambiguous)."""
PERIOD_BONUS = 8.0
PERIOD_PENALTY = 15.0
CUE_PENALTY = 0.88
FACT_CANDIDATES = 16
MIN_CONCEPTS = 2
"""A one-word question ("bad", "kishida") is a topic, not a question: the scores alone
never answer it (a verbatim curated phrasing still does; suggestions are offered)."""
EXACT_LENGTH_SLACK = 12
"""Characters of punctuation and spacing a verbatim phrasing may differ by."""
VERBATIM_WIDE_CONCEPTS = 2
VERBATIM_WIDE_CANDIDATES = 128
"""Questions of at most this many concepts look for their verbatim phrasing this far."""
RETRIEVAL_FLOOR = 0.3
PASSAGE_CANDIDATES = 12
DATE_ONLY_SCORE = 75.0
LOW_PRECISION = 0.0
"""Gate off: crossval found the precision gate cost more right answers than wrong ones."""
OVERLAP_CHARS = 40
FULL_RECALL = 0.98
CUE_KINDS = frozenset({"who", "when", "where", "why", "how many"})
KIND_BONUS = 0.0
KIND_PENALTY = 5.0
"""A fact none of whose phrasings asks this kind of question (who/when/why...) loses a
little: a left-out phrasing must not sink its fact (crossval)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    fact: int
    match: Match


class Engine:
    """An immutable search index over one Knowledge; answer() is thread-safe."""

    def __init__(self, knowledge: Knowledge, state: IndexState) -> None:
        self.knowledge = knowledge
        self._state = state
        self._vocab = state.vocab
        self._synonyms = SynonymTable(state.vocab, knowledge.synonyms)
        self._post_index = {p.id: i for i, p in enumerate(knowledge.posts)}
        self._fact_seg, self._fact_doc = self._locate_facts()
        self._scorers = tuple(
            FactScorer(segment, state.vocab.idf, state.vocab.idf_list) for segment in state.segments
        )
        self._dated: tuple[np.ndarray, np.ndarray] | None = None
        self._kind_cache: dict[int, frozenset[str]] = {}
        self._facts_by_post: dict[str, list[int]] | None = None
        self._completer = Completer(knowledge, state, self._synonyms)

    # ---- building

    @classmethod
    def build(cls, knowledge: Knowledge, previous: Engine | None = None) -> Engine:
        """Index a knowledge base; with `previous`, reuse its index for unchanged files."""
        state: IndexState | None = None
        if previous is not None:
            if previous.knowledge is knowledge:
                return previous
            state = build_incremental(knowledge, previous.knowledge, previous._state)
        if state is None:
            state = build_full(knowledge)
        return cls(knowledge, state)

    def save(self, directory: Path) -> Path:
        """Persist the index under `directory`, keyed by the knowledge version."""
        return persist.save(self._state, self.knowledge.version, directory)

    @classmethod
    def load(cls, directory: Path, knowledge: Knowledge) -> Engine | None:
        """The saved index for this knowledge version, or None (missing, stale, corrupt)."""
        state = persist.load(
            directory, knowledge.version, len(knowledge.facts), len(knowledge.posts)
        )
        return None if state is None else cls(knowledge, state)

    def _locate_facts(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.knowledge.facts)
        seg_of = np.full(n, -1, dtype=np.int8)
        doc_of = np.full(n, -1, dtype=np.int32)
        for s, segment in enumerate(self._state.segments):
            live = np.flatnonzero(segment.fact_index >= 0)
            seg_of[segment.fact_index[live]] = s
            doc_of[segment.fact_index[live]] = live
        return seg_of, doc_of

    # ---- public API

    def latest(self, count: int = 1, tag: str | None = None) -> tuple[Post, ...]:
        """The newest posts, optionally only those with a tag (case-insensitive)."""
        if count <= 0:
            return ()
        if tag is None:
            return self.knowledge.posts[:count]
        wanted = tag.casefold().strip()
        out: list[Post] = []
        for post in self.knowledge.posts:
            if any(t.casefold() == wanted for t in post.tags):
                out.append(post)
                if len(out) >= count:
                    break
        return tuple(out)

    def complete(self, partial: str, limit: int = 25) -> tuple[str, ...]:
        """Question phrasings (and post titles) that fit a partial question."""
        try:
            return self._completer.complete(partial, limit)
        except Exception:  # autocomplete must never break the command
            log.exception("autocomplete failed")
            return ()

    def answer(self, question: str) -> Reply | NoAnswer:
        """Answer a question from the archive, or abstain; never raises."""
        try:
            return self._answer(question)
        except Exception:
            log.exception("engine failed on a question of %d characters", len(question))
            return NoAnswer(question, (), 0.0, "no-match")

    def ranked(self, question: str, limit: int = 3) -> tuple[tuple[int, float], ...]:
        """The best-ranked facts (index into knowledge.facts, score), before any gate.

        For evaluation (eval/ceiling.py): the ranking that answer() judges.
        """
        query = parse(question, self._vocab, self._synonyms)
        in_period: list[int] = []
        if query.period is not None:
            in_period = self._facts_in(query.period)
            if not in_period:
                query = parse(question, self._vocab, self._synonyms, dates=False)
        if not any(c.known for c in query.concepts):
            return ()
        return tuple((c.fact, c.match.score) for c in self._rank_facts(query, in_period)[:limit])

    # ---- answering

    def _answer(self, question: str) -> Reply | NoAnswer:
        query = parse(question, self._vocab, self._synonyms)
        if not query.tokens:
            return NoAnswer(question, (), 0.0, "empty")
        if query.latest:
            return self._latest_reply(question, query)
        if query.period is not None:
            in_period = self._facts_in(query.period)
            if not in_period:
                date_only = query.date_only
                query = parse(question, self._vocab, self._synonyms, dates=False)
                if date_only:
                    return self._mentions_reply(question, query)
            elif query.date_only:
                return self._date_only_reply(question, in_period)
            else:
                return self._content_reply(question, query, in_period)
        return self._content_reply(question, query, [])

    def _content_reply(self, question: str, query: Query, in_period: list[int]) -> Reply | NoAnswer:
        if not any(c.known for c in query.concepts):
            return NoAnswer(question, (), 0.0, "no-match")
        candidates = self._rank_facts(query, in_period)
        best = candidates[0] if candidates else None
        runner_up = candidates[1].match.score if len(candidates) > 1 else 0.0
        if best is not None and _explained(best.match) and len(query.concepts) >= MIN_CONCEPTS:
            score = best.match.score
            if score >= FACT_MEDIUM and score - runner_up >= _margin(score):
                level = Confidence.HIGH if score >= FACT_HIGH else Confidence.MEDIUM
                return self._fact_reply(question, best, level)
        # Checked only when the scores alone do not answer: it is rare, and this
        # keeps its cost off the common path.
        curated = self._asked_as_curated(question, query, candidates)
        if curated is not None:
            return self._fact_reply(question, curated, Confidence.HIGH)
        top = best.match.score if best is not None else 0.0
        passage = self._passage_reply(question, query) if top < PASSAGE_FACT_CEILING else None
        if passage is not None:
            return passage
        return NoAnswer(
            question,
            self._suggestions(candidates),
            round(top, 1),
            "low-confidence" if candidates else "no-match",
        )

    def _asked_as_curated(
        self, question: str, query: Query, candidates: list[_Candidate]
    ) -> _Candidate | None:
        """The candidate one of whose phrasings is this very question (word for word).

        A curator wrote that question for that fact, and autocomplete and the
        "did you mean" buttons send phrasings back verbatim: such a question
        must get its fact even when a sibling fact scores close to it. Short,
        generic questions ("what is gsomia") share their few words with most
        facts, so for them a wider net of retrieved facts is checked too.
        """
        key = phrasing_key(clean(question))
        if not key:
            return None
        for cand in candidates:
            if self._has_phrasing(cand.fact, key, len(question)):
                return cand
        if len(query.concepts) > VERBATIM_WIDE_CONCEPTS:
            return None
        seen = {c.fact for c in candidates}
        weights = self._weights(query)
        for s, segment in enumerate(self._state.segments):
            docs, _ = segment.facts.search(weights, segment.fact_alive, VERBATIM_WIDE_CANDIDATES)
            for doc in docs.tolist():
                index = int(segment.fact_index[doc])
                if index not in seen and self._has_phrasing(index, key, len(question)):
                    match = self._scorers[s].score(
                        query, query_terms(query), doc, self._vocab.proper
                    )
                    return _Candidate(index, match)
        return None

    def _has_phrasing(self, fact: int, key: str, size: int) -> bool:
        head = key.split(" ", 1)[0]
        for phrasing in self.knowledge.facts[fact].questions:
            # Only phrasings of about the same length and first word can hold the same words.
            if abs(len(phrasing) - size) > EXACT_LENGTH_SLACK:
                continue
            if phrasing[: len(head)].lower() != head:
                continue
            if phrasing_key(phrasing) == key:
                return True
        return False

    def _weights(self, query: Query) -> list[tuple[int, float]]:
        weights: dict[int, float] = {}
        for concept in query.concepts:
            for i, alt in enumerate(concept.alts):
                factor = 1.0 if i == 0 else SYNONYM_WEIGHT
                for tid in alt:
                    w = concept.weight * factor / len(alt)
                    if w > weights.get(tid, 0.0):
                        weights[tid] = w
        if not weights:
            return []
        # Words far more common than the question's best one hardly move the ranking,
        # and their long postings cost the most: retrieval skips them (scoring does not).
        ranked = sorted(weights.items(), key=lambda kv: -kv[1])
        floor = RETRIEVAL_FLOOR * ranked[0][1]
        keep = [kv for i, kv in enumerate(ranked) if i < 3 or kv[1] >= floor]
        return keep[: 2 * MAX_TERMS]

    def _rank_facts(self, query: Query, extra: list[int]) -> list[_Candidate]:
        weights = self._weights(query)
        located: dict[int, tuple[int, int]] = {}
        for s, segment in enumerate(self._state.segments):
            docs, _scores = segment.facts.search(weights, segment.fact_alive, FACT_CANDIDATES)
            for doc, index in zip(docs.tolist(), segment.fact_index[docs].tolist(), strict=True):
                located[index] = (s, doc)
        for index in extra[:200]:
            s = int(self._fact_seg[index])
            if s >= 0:
                located.setdefault(index, (s, int(self._fact_doc[index])))
        qterms = query_terms(query)
        proper = self._vocab.proper
        out: list[_Candidate] = []
        for index, (s, doc) in located.items():
            match = self._scorers[s].score(query, qterms, doc, proper)
            match = self._adjust(query, index, match)
            out.append(_Candidate(index, match))
        out.sort(key=lambda c: (-c.match.score, c.fact))
        return out

    def _kinds(self, index: int) -> frozenset[str]:
        """Question words of a fact's phrasings (cached; races only recompute)."""
        kinds = self._kind_cache.get(index)
        if kinds is None:
            fact = self.knowledge.facts[index]
            kinds = frozenset(k for q in fact.questions if (k := phrasing_kind(q)) is not None)
            if len(self._kind_cache) > 200_000:
                self._kind_cache.clear()
            self._kind_cache[index] = kinds
        return kinds

    def _adjust(self, query: Query, index: int, match: Match) -> Match:
        fact = self.knowledge.facts[index]
        score = match.score
        if query.qword in CUE_KINDS:
            kinds = self._kinds(index)
            if query.qword in kinds:
                score = min(100.0, score + KIND_BONUS)
            elif kinds & CUE_KINDS:
                score -= KIND_PENALTY
        if query.qword == "when" or query.how_many:
            text = fact.answer if fact.date is None else fact.answer + " 2000"
            if not fits_question(query.qword, query.how_many, text):
                score *= CUE_PENALTY
        if query.period is not None:
            date = parse_fact_date(fact.date)
            if date is not None:
                if query.period.contains(*date):
                    score = min(100.0, score + PERIOD_BONUS)
                elif _conflicts(query.period, date):
                    score -= PERIOD_PENALTY
        if score == match.score:
            return match
        return Match(max(score, 0.0), match.recall, match.precision, match.best)

    def _fact_reply(self, question: str, cand: _Candidate, confidence: Confidence) -> Reply:
        fact = self.knowledge.facts[cand.fact]
        post = self.knowledge.posts_by_id[fact.post]
        quote = trim_quote(fact.quote)
        texts = post.texts()
        where = find_in_texts(fact.quote, texts)
        source = texts[where][1] if where is not None else None
        return Reply(
            question=question,
            answer=fact.answer,
            quote=quote,
            quote_source=source,
            post_id=post.id,
            post_title=post.title,
            post_date=post.date,
            url=fragment_url(post.url, quote),
            fact_id=fact.id,
            score=round(cand.match.score, 1),
            confidence=confidence,
            kind="fact",
        )

    def _suggestions(self, candidates: list[_Candidate]) -> tuple[Suggestion, ...]:
        out: list[Suggestion] = []
        for cand in candidates[:3]:
            if cand.match.score <= 0:
                break
            fact = self.knowledge.facts[cand.fact]
            phrasing = fact.questions[min(cand.match.best, len(fact.questions) - 1)]
            out.append(Suggestion(cut_words(collapse_spaces(phrasing), 100), fact.id))
        return tuple(out)

    # ---- passages

    def _passage_reply(self, question: str, query: Query) -> Reply | None:
        if any(not c.known for c in query.concepts):
            return None
        weights = self._weights(query)
        best: tuple[float, int, Post, int, tuple[int, int]] | None = None
        text_ids = self._vocab.text_ids
        for segment in self._state.segments:
            docs, _ = segment.passages.search(weights, segment.pass_alive, PASSAGE_CANDIDATES)
            for doc in docs.tolist():
                ti = int(segment.pass_text[doc])
                if ti == TITLE_TEXT:
                    continue
                post = self.knowledge.posts[int(segment.pass_post[doc])]
                text = post.texts()[ti][0]
                start, end = int(segment.pass_start[doc]), int(segment.pass_end[doc])
                context = set(text_ids(text[start:end]))
                context.update(text_ids(post.title))
                quoted = self._quoted(post.id)
                for s_start, s_end in sentence_spans(text, start, end):
                    sentence = text[s_start:s_end]
                    if _overlaps(collapse_spaces(sentence), quoted):
                        continue  # a curated fact covers this sentence: it had its chance
                    recall, alone = score_sentence(query, set(text_ids(sentence)), context)
                    score = 100.0 * (0.5 * recall + 0.5 * alone)
                    if not fits_question(query.qword, query.how_many, sentence):
                        score *= CUE_PENALTY
                    key = (score, -len(sentence))
                    if best is None or key > (best[0], -(best[4][1] - best[4][0])):
                        best = (score, ti, post, 0, (s_start, s_end))
        if best is None or best[0] < PASSAGE_MIN:
            return None
        score, ti, post, _, span = best
        text, source = post.texts()[ti]
        sentence, quote = passage_around(text, span, QUOTE_LIMIT)
        return Reply(
            question=question,
            answer=sentence,
            quote=quote,
            quote_source=source,
            post_id=post.id,
            post_title=post.title,
            post_date=post.date,
            url=fragment_url(post.url, quote),
            fact_id=None,
            score=round(score, 1),
            confidence=Confidence.HIGH if score >= PASSAGE_HIGH else Confidence.MEDIUM,
            kind="passage",
        )

    def _quoted(self, post_id: str) -> tuple[str, ...]:
        """The (whitespace-collapsed) quotes of the facts of a post."""
        by_post = self._facts_by_post
        if by_post is None:  # built on first use; a race only builds it twice
            grouped: dict[str, list[int]] = {}
            for i, fact in enumerate(self.knowledge.facts):
                grouped.setdefault(fact.post, []).append(i)
            by_post = grouped
            self._facts_by_post = by_post
        facts = self.knowledge.facts
        return tuple(collapse_spaces(facts[i].quote) for i in by_post.get(post_id, ()))

    # ---- latest and dates

    def _latest_reply(self, question: str, query: Query) -> Reply | NoAnswer:
        post: Post | None
        if query.concepts:
            post = self._newest_about(query)
        else:
            post = self.knowledge.posts[0] if self.knowledge.posts else None
        if post is None:
            return NoAnswer(question, (), 0.0, "no-match")
        lead = "The newest post" if not query.concepts else "The newest post on that"
        answer = f"{lead} is “{post.title}” ({_long_date(post)})."
        quote, source = _opening(post)
        return Reply(
            question=question,
            answer=cut_words(answer, QUOTE_LIMIT),
            quote=quote,
            quote_source=source,
            post_id=post.id,
            post_title=post.title,
            post_date=post.date,
            url=fragment_url(post.url, quote) if quote else post.url,
            fact_id=None,
            score=100.0,
            confidence=Confidence.HIGH,
            kind="latest",
        )

    def _newest_about(self, query: Query) -> Post | None:
        """The newest post that mentions every concept (title, text or its facts)."""
        if any(not c.known for c in query.concepts):
            return None
        found: set[int] | None = None
        for concept in query.concepts:
            posts: set[int] = set()
            for alt in concept.alts:
                posts |= self._posts_with_all(alt)
            found = posts if found is None else found & posts
            if not found:
                return None
        return self.knowledge.posts[min(found)] if found else None

    def _posts_with_all(self, terms: tuple[int, ...]) -> set[int]:
        result: set[int] | None = None
        for tid in terms:
            posts: set[int] = set()
            for segment in self._state.segments:
                docs, _ = segment.passages.slice(tid)
                idx = segment.pass_post[docs]
                posts.update(idx[idx >= 0].tolist())
                fdocs, _ = segment.facts.slice(tid)
                for fi in segment.fact_index[fdocs].tolist():
                    if fi >= 0:
                        post = self._post_index.get(self.knowledge.facts[fi].post)
                        if post is not None:
                            posts.add(post)
            result = posts if result is None else result & posts
            if not result:
                return set()
        return result or set()

    def _dated_facts(self) -> tuple[np.ndarray, np.ndarray]:
        if self._dated is None:
            keys: list[int] = []
            idx: list[int] = []
            for i, fact in enumerate(self.knowledge.facts):
                date = parse_fact_date(fact.date)
                if date is not None:
                    y, m, d = date_key(date)
                    keys.append(y * 10000 + m * 100 + d)
                    idx.append(i)
            k = np.array(keys, dtype=np.int64)
            order = np.argsort(k, kind="stable")
            self._dated = (k[order], np.array(idx, dtype=np.int64)[order])
        return self._dated

    def _facts_in(self, period: Period) -> list[int]:
        """Facts whose own date lies in the period, earliest first."""
        keys, idx = self._dated_facts()
        if period.year is not None:
            lo = period.year * 10000 + (period.month or 0) * 100 + (period.day or 0)
            if period.month is None:
                hi = lo + 9999
            elif period.day is None:
                hi = lo + 99
            else:
                hi = lo
            a, b = np.searchsorted(keys, [lo, hi + 1])
            sel_keys, sel_idx = keys[a:b], idx[a:b]
        else:
            sel_keys, sel_idx = keys, idx
        months = (sel_keys // 100) % 100
        days = sel_keys % 100
        mask = np.ones(len(sel_keys), dtype=np.bool_)
        if period.month is not None:
            mask &= months == period.month
        if period.day is not None:
            mask &= days == period.day
        return [int(i) for i in sel_idx[mask].tolist()]

    def _mentions_reply(self, question: str, query: Query) -> Reply | NoAnswer:
        """A date question no fact is dated in: the best fact that mentions the date."""
        query.set_concepts(
            [c for c in query.concepts if any(ch.isdigit() for ch in c.label) or c.label in MONTHS]
        )
        if not query.concepts or not all(c.known for c in query.concepts):
            return NoAnswer(question, (), 0.0, "no-match")
        candidates = self._rank_facts(query, [])
        for cand in candidates:
            if cand.match.recall >= 0.99:
                match = Match(DATE_ONLY_SCORE, 1.0, cand.match.precision, cand.match.best)
                return self._fact_reply(question, _Candidate(cand.fact, match), Confidence.MEDIUM)
        return NoAnswer(question, self._suggestions(candidates), 0.0, "low-confidence")

    def _date_only_reply(self, question: str, in_period: list[int]) -> Reply:
        cand = _Candidate(in_period[0], Match(DATE_ONLY_SCORE, 1.0, 1.0, 0))
        return self._fact_reply(question, cand, Confidence.MEDIUM)


def _overlaps(sentence: str, quotes: tuple[str, ...]) -> bool:
    """Whether a sentence and one of the quotes share a long stretch of text."""
    head = sentence[:OVERLAP_CHARS]
    for quote in quotes:
        if head in quote or quote[:OVERLAP_CHARS] in sentence or quote[-OVERLAP_CHARS:] in sentence:
            return True
    return False


def _margin(score: float) -> float:
    """The lead needed over the runner-up: MIN_MARGIN at FACT_MEDIUM, shrinking to none at 100.

    A near-perfect fit needs little lead (its neighbours are usually sibling facts of the
    same post); a borderline one needs the full margin.
    """
    return MIN_MARGIN * max(0.0, 100.0 - score) / (100.0 - FACT_MEDIUM)


def _explained(match: Match) -> bool:
    """A fact can answer only if it explains the question.

    When the question covers little of the fact's best phrasing (it asks about
    something narrower or different), every content word of the question must
    then be found in the fact.
    """
    return match.precision >= LOW_PRECISION or match.recall >= FULL_RECALL


def _conflicts(period: Period, date: tuple[int, int | None, int | None]) -> bool:
    year, month, day = date
    if period.year is not None and year != period.year:
        return True
    if period.month is not None and month is not None and month != period.month:
        return True
    return period.day is not None and day is not None and day != period.day


def _long_date(post: Post) -> str:
    return f"{post.date:%B} {post.date.day}, {post.date.year}"


def _opening(post: Post) -> tuple[str, str | None]:
    """The first sentence(s) of the post's first text, verbatim, and its source."""
    for text, source in post.texts():
        spans = paragraph_spans(text)
        if spans:
            start, end = spans[0]
            return trim_quote(text[start:end]), source
    return "", None
