"""Autocomplete: question phrasings (and post titles) that fit what the user has typed.

The index narrows the candidates (complete words by their term, the last,
unfinished word by every archive word it starts); rapidfuzz orders the few
hundred phrasings that remain.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine.quotes import cut_words
from bot.engine.segment import TITLE_TEXT
from bot.engine.text import WORD_RE, clean, collapse_spaces, is_content, surface
from bot.knowledge.models import Knowledge

if TYPE_CHECKING:
    from bot.engine.build import IndexState
    from bot.engine.query import SynonymTable

MAX_CHOICE = 100
PREFIX_TERMS = 24
FACT_CANDIDATES = 60
TITLE_CANDIDATES = 40


class Completer:
    """Autocomplete over one engine's index."""

    def __init__(self, knowledge: Knowledge, state: IndexState, synonyms: SynonymTable) -> None:
        self._knowledge = knowledge
        self._state = state
        self._synonyms = synonyms
        self._sorted_words: list[str] | None = None
        self._newest: list[str] | None = None
        self._fact_choices: dict[int, tuple[str, ...]] = {}
        """Each fact's phrasings as choices, cleaned on first use (a race cleans twice)."""

    def complete(self, partial: str, limit: int = 25) -> tuple[str, ...]:
        """At most `limit` distinct choices of at most 100 characters, best first."""
        if limit <= 0:
            return ()
        text = clean(partial, 200).lower()
        words = WORD_RE.findall(text)
        if not words:
            return tuple(self._newest_phrasings(limit))
        finished = not text[-1].isalnum()
        weights: dict[int, float] = {}
        vocab = self._state.vocab
        for i, word in enumerate(words):
            low, acronym = surface(word)
            last = i == len(words) - 1 and not finished
            if last:
                for tid in self._prefix_terms(low):
                    weights[tid] = max(weights.get(tid, 0.0), 0.8 * vocab.idf_of(tid))
            if not is_content(low, acronym):
                continue
            found = vocab.lookup(low, acronym)
            if found is None and not last:
                found = vocab.repair(low)
            if found is not None:
                weights[found] = max(weights.get(found, 0.0), vocab.idf_of(found))
        if not weights:
            return ()
        pairs = list(weights.items())
        choices: list[str] = []
        seen: set[str] = set()
        for segment in self._state.segments:
            docs, _ = segment.facts.search(pairs, segment.fact_alive, FACT_CANDIDATES)
            for doc in docs.tolist():
                for choice in self._choices_of(int(segment.fact_index[doc])):
                    if choice not in seen:
                        seen.add(choice)
                        choices.append(choice)
            docs, _ = segment.passages.search(pairs, segment.pass_alive, TITLE_CANDIDATES)
            for doc in docs.tolist():
                if int(segment.pass_text[doc]) == TITLE_TEXT:
                    _add(choices, seen, self._knowledge.posts[int(segment.pass_post[doc])].title)
        # extract() is stable for equal scores, so index order breaks ties.
        best = process.extract(text, choices, scorer=fuzz.WRatio, processor=str.lower, limit=limit)
        return tuple(choice for choice, _, _ in best)

    def _choices_of(self, fact: int) -> tuple[str, ...]:
        cached = self._fact_choices.get(fact)
        if cached is None:
            out: list[str] = []
            for question in self._knowledge.facts[fact].questions:
                _add(out, set(out), question)
            cached = tuple(out)
            self._fact_choices[fact] = cached
        return cached

    def _prefix_terms(self, prefix: str) -> list[int]:
        """Terms of the most common archive words that start with `prefix`."""
        if len(prefix) < 2:
            return []
        words = self._sorted_words
        vocab = self._state.vocab
        if words is None:
            words = sorted(vocab.surfaces)
            self._sorted_words = words
        lo = bisect.bisect_left(words, prefix)
        hi = bisect.bisect_left(words, prefix + "\U0010ffff")
        tids = {vocab.surfaces[w] for w in words[lo : min(hi, lo + 2000)]}
        ranked = sorted(tids, key=lambda t: -int(vocab.df[t]) if t < len(vocab.df) else 0)
        return ranked[:PREFIX_TERMS]

    def _newest_phrasings(self, limit: int) -> list[str]:
        newest = self._newest
        if newest is None:  # computed on first use; a race only computes it twice
            newest = self._compute_newest(100)
            self._newest = newest
        if len(newest) >= limit:
            return newest[:limit]
        return self._compute_newest(limit)

    def _compute_newest(self, count: int) -> list[str]:
        """First phrasings of the newest facts (by their post's date), then further ones."""
        facts = self._knowledge.facts
        rank = {p.id: i for i, p in enumerate(self._knowledge.posts)}
        ranks = np.fromiter((rank.get(f.post, len(rank)) for f in facts), np.int64, len(facts))
        order = np.argsort(ranks, kind="stable")
        out: list[str] = []
        seen: set[str] = set()
        for depth in range(4):
            for i in order.tolist():
                questions = facts[i].questions
                if depth < len(questions):
                    _add(out, seen, questions[depth])
                    if len(out) >= count:
                        return out
        return out


def _add(out: list[str], seen: set[str], text: str) -> None:
    choice = cut_words(collapse_spaces(text), MAX_CHOICE)
    if choice and choice not in seen:
        seen.add(choice)
        out.append(choice)
