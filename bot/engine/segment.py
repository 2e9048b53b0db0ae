"""A segment: the fact space and the passage space for a set of facts and posts.

An engine holds a big base segment and, after incremental reloads, a small
delta segment; documents of changed files are tombstoned in the base
(their knowledge index set to -1) and indexed again in the delta.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice, pairwise
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from bot.engine.memory import release_memory
from bot.engine.postings import Postings, PostingsBuilder
from bot.engine.vocab import Vocab
from bot.knowledge.models import Fact, Post

IntArray = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float32]
Float64Array = npt.NDArray[np.float64]

T = TypeVar("T")

TITLE_TEXT = -1
"""pass_text value of a post's title doc (title, tags and summary; never quoted)."""


@dataclass(eq=False)
class Segment:
    """Index arrays for some facts and posts; doc ids are local to the segment."""

    facts: Postings
    fact_index: IntArray
    """Doc -> index in knowledge.facts, or -1 once tombstoned."""
    phr_ptr: Int64Array
    """Fact doc -> range of its phrasings in phr_term_ptr."""
    phr_term_ptr: Int64Array
    phr_terms: IntArray
    ans_ptr: Int64Array
    """Fact doc -> range of its answer (and tag) terms in ans_terms."""
    ans_terms: IntArray
    passages: Postings
    pass_post: IntArray
    """Doc -> index in knowledge.posts, or -1 once tombstoned."""
    pass_text: npt.NDArray[np.int16]
    """Doc -> index into post.texts(), or TITLE_TEXT."""
    pass_start: IntArray
    pass_end: IntArray

    @cached_property
    def fact_alive(self) -> BoolArray:
        """Live fact docs (padded by one for the accumulator's spare slot)."""
        return _alive(self.fact_index)

    @cached_property
    def pass_alive(self) -> BoolArray:
        """Live passage docs."""
        return _alive(self.pass_post)

    def phrasing_terms(self, doc: int) -> list[list[int]]:
        """Term ids of each phrasing of a fact doc (for score_fact, the reference scoring)."""
        first, last = int(self.phr_ptr[doc]), int(self.phr_ptr[doc + 1])
        bounds: list[int] = self.phr_term_ptr[first : last + 1].tolist()
        if not bounds:
            return []
        base = bounds[0]
        terms: list[int] = self.phr_terms[base : bounds[-1]].tolist()
        return [terms[a - base : b - base] for a, b in pairwise(bounds)]

    def answer_terms(self, doc: int) -> list[int]:
        """Term ids of the answer and tags of a fact doc."""
        terms: list[int] = self.ans_terms[
            int(self.ans_ptr[doc]) : int(self.ans_ptr[doc + 1])
        ].tolist()
        return terms

    def phrasing_weights(self, idf: FloatArray) -> Float64Array:
        """Per phrasing, the summed idf of its distinct terms (as score_fact sums them).

        float64, like the Python floats of the scorer: a float32 idf has a 24-bit
        mantissa, so these short sums are exact and do not depend on the order.
        """
        return distinct_sums(self.phr_term_ptr, self.phr_terms, idf)

    def with_indexes(self, fact_index: IntArray, pass_post: IntArray) -> Segment:
        """The same postings with remapped (or tombstoned) knowledge indexes."""
        return Segment(
            self.facts,
            fact_index,
            self.phr_ptr,
            self.phr_term_ptr,
            self.phr_terms,
            self.ans_ptr,
            self.ans_terms,
            self.passages,
            pass_post,
            self.pass_text,
            self.pass_start,
            self.pass_end,
        )


def _alive(index: IntArray) -> BoolArray:
    alive = np.zeros(len(index) + 1, dtype=np.bool_)
    alive[: len(index)] = index >= 0
    return alive


def fact_texts(fact: Fact) -> tuple[str, ...]:
    """The texts of a fact doc: each phrasing, then the answer with tags and quote."""
    return (*fact.questions, " ".join((fact.answer, " ".join(fact.tags), fact.quote)))


def post_units(post: Post) -> list[tuple[int, int, int, str]]:
    """(text index, start, end, text) of a post's title doc and one doc per text.

    Whole texts (the body, each quote) are the passage docs: retrieval only
    needs to find the right text, and the best sentence in it is picked at
    query time.
    """
    head = " ".join((post.title, " ".join(post.tags), post.summary or ""))
    units = [(TITLE_TEXT, 0, 0, head)]
    for ti, (text, _source) in enumerate(post.texts()):
        units.append((ti, 0, len(text), text))
    return units


FACT_BATCH = 1024
POST_BATCH = 256
TRIM_EVERY = 64


def build_segment(
    vocab: Vocab,
    facts: Iterable[tuple[int, Fact]],
    posts: Iterable[tuple[int, Post]],
    avgdl: tuple[float, float] | None = None,
) -> Segment:
    """Index facts and posts (given with their knowledge indexes) into a new segment.

    The vocabulary learns every new word and gets the segment's document
    frequencies added.
    """
    fb = PostingsBuilder()
    fact_index = array("i")
    phr_per_fact: list[IntArray] = []
    phr_lens: list[IntArray] = []
    phr_terms: list[IntArray] = []
    ans_lens: list[IntArray] = []
    ans_terms: list[IntArray] = []
    for n, batch in enumerate(_batches(facts, FACT_BATCH)):
        if n % TRIM_EVERY == TRIM_EVERY - 1:
            release_memory()
        texts: list[str] = []
        sizes: list[int] = []
        for index, fact in batch:
            parts = fact_texts(fact)
            texts += parts
            sizes.append(len(parts))
            fact_index.append(index)
        ids, unit = vocab.batch_ids(texts)
        size_arr = np.array(sizes, dtype=np.int64)
        owner_arr = np.repeat(np.arange(len(batch), dtype=np.int32), size_arr)
        phr_arr = np.ones(len(texts), dtype=np.bool_)
        phr_arr[np.cumsum(size_arr) - 1] = False  # the last text of each fact: its answer
        per_unit = np.bincount(unit, minlength=len(texts)).astype(np.int32)
        mask = phr_arr[unit]
        phr_terms.append(ids[mask])
        ans_terms.append(ids[~mask])
        phr_lens.append(per_unit[phr_arr])
        ans_lens.append(per_unit[~phr_arr])
        phr_per_fact.append((size_arr - 1).astype(np.int32))
        fb.add_batch(len(batch), owner_arr[unit], ids)

    pb = PostingsBuilder()
    pass_post = array("i")
    pass_text = array("h")
    pass_start = array("i")
    pass_end = array("i")
    for n, batch_posts in enumerate(_batches(posts, POST_BATCH)):
        if n % TRIM_EVERY == TRIM_EVERY - 1:
            release_memory()
        texts = []
        case: list[bool] = []
        for index, post in batch_posts:
            for ti, start, end, text in post_units(post):
                texts.append(text)
                case.append(ti != TITLE_TEXT)  # titles are in Title Case: no evidence
                pass_post.append(index)
                pass_text.append(ti)
                pass_start.append(start)
                pass_end.append(end)
        ids, unit = vocab.batch_ids(texts, case=case)
        pb.add_batch(len(texts), unit, ids)

    nterms = len(vocab.terms)
    release_memory()
    fp = fb.build(nterms, avgdl[0] if avgdl else None)
    release_memory()
    pp = pb.build(nterms, avgdl[1] if avgdl else None)
    vocab.add_df(fp.df, fp.ndocs)
    vocab.add_df(pp.df, pp.ndocs)
    return Segment(
        facts=fp,
        fact_index=np.frombuffer(fact_index, dtype=np.int32).copy(),
        phr_ptr=_ptr(phr_per_fact),
        phr_term_ptr=_ptr(phr_lens),
        phr_terms=_cat32(phr_terms),
        ans_ptr=_ptr(ans_lens),
        ans_terms=_cat32(ans_terms),
        passages=pp,
        pass_post=np.frombuffer(pass_post, dtype=np.int32).copy(),
        pass_text=np.frombuffer(pass_text, dtype=np.int16).copy(),
        pass_start=np.frombuffer(pass_start, dtype=np.int32).copy(),
        pass_end=np.frombuffer(pass_end, dtype=np.int32).copy(),
    )


def doc_frequencies(vocab: Vocab, facts: list[Fact], posts: list[Post]) -> tuple[Int64Array, int]:
    """Per-term document counts (and the number of docs) of these facts' and posts' docs."""
    texts: list[str] = []
    owner: list[int] = []
    docs = 0
    for fact in facts:
        parts = fact_texts(fact)
        texts.extend(parts)
        owner.extend([docs] * len(parts))
        docs += 1
    for post in posts:
        for _ti, _start, _end, text in post_units(post):
            texts.append(text)
            owner.append(docs)
            docs += 1
    ids, unit = vocab.batch_ids(texts)
    if not len(ids):
        return np.zeros(len(vocab.terms), dtype=np.int64), docs
    doc = np.array(owner, dtype=np.int64)[unit]
    pairs = np.unique((doc << 32) | ids.astype(np.int64))
    terms = (pairs & 0xFFFFFFFF).astype(np.int64)
    return np.bincount(terms, minlength=len(vocab.terms)).astype(np.int64), docs


SHIFT_PASSES = 8
"""Repeats up to this many terms apart are found with whole-array passes."""
SUM_CHUNK = 1 << 16
"""Ranges summed at a time (keeps the temporary arrays small and in cache)."""


def distinct_sums(ptr: Int64Array, terms: IntArray, idf: FloatArray) -> Float64Array:
    """For each range ptr[i]:ptr[i + 1] of `terms`, the sum of idf over its distinct terms."""
    count = len(ptr) - 1
    out = np.zeros(max(count, 0), dtype=np.float64)
    for first in range(0, count, SUM_CHUNK):
        last = min(first + SUM_CHUNK, count)
        base = int(ptr[first])
        part = ptr[first : last + 1] - base
        out[first:last] = _distinct_sums(part, terms[base : int(ptr[last])], idf)
    return out


def _distinct_sums(ptr: Int64Array, terms: IntArray, idf: FloatArray) -> Float64Array:
    lens = np.diff(ptr)
    values = idf[terms]
    longest = int(lens.max(initial=0))
    # A repeat is a term equal to one d places before it in the same range: its value
    # goes. Repeats are rare and ranges short, so a few vectorized passes find them.
    for d in range(1, min(longest, SHIFT_PASSES)):
        at = np.flatnonzero(terms[d:] == terms[:-d]) + d
        if len(at):
            owner = np.searchsorted(ptr, at, side="right") - 1
            values[at[at - d >= ptr[owner]]] = 0.0
    starts = ptr[:-1]
    for d in range(SHIFT_PASSES, longest):
        long_ones = starts[lens > d]
        at = long_ones + d
        repeat = np.zeros(len(at), dtype=np.bool_)
        for j in range(d):
            repeat |= terms[long_ones + j] == terms[at]
        values[at[repeat]] = 0.0
    out = np.zeros(len(lens), dtype=np.float64)
    filled = lens > 0
    if filled.any():
        # Summed in float64: each sum of float32 values is exact, so the order is moot.
        out[filled] = np.add.reduceat(values, starts[filled], dtype=np.float64)
    return out


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _ptr(lengths: list[IntArray]) -> Int64Array:
    flat = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int32)
    out = np.zeros(len(flat) + 1, dtype=np.int64)
    np.cumsum(flat, out=out[1:])
    return out


def _cat32(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, dtype=np.int32)
