"""Building the index: a full build, or base-plus-delta after a few files changed.

The incremental build reuses the previous base segment's arrays as they are:
documents whose fact or post changed (or disappeared) are tombstoned, and
everything not covered by a live base document goes into one small delta
segment, rebuilt from scratch each time. When the delta grows past a share of
the base, the next build is a full one (compaction).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from bot.engine.memory import release_memory
from bot.engine.segment import Segment, build_segment, doc_frequencies
from bot.engine.vocab import Vocab
from bot.knowledge.models import Fact, Knowledge, Post

log = logging.getLogger(__name__)

COMPACT_SHARE = 0.1
COMPACT_MIN_DOCS = 2_000

IntArray = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class IndexState:
    """Everything an engine searches, apart from the knowledge itself."""

    vocab: Vocab
    base: Segment
    delta: Segment | None
    base_df: Int64Array
    """Document frequencies of the base's live documents."""
    base_docs: int
    """Live documents in the base (both spaces)."""

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Base first, then the delta if any."""
        return (self.base,) if self.delta is None else (self.base, self.delta)


def build_full(knowledge: Knowledge) -> IndexState:
    """Index every fact and post."""
    vocab = Vocab()
    base = build_segment(vocab, enumerate(knowledge.facts), enumerate(knowledge.posts))
    vocab.finish()
    df = vocab.df.astype(np.int64)
    release_memory()
    return IndexState(vocab, base, None, df, vocab.docs)


def build_incremental(
    knowledge: Knowledge, old_knowledge: Knowledge, old: IndexState
) -> IndexState | None:
    """Reuse the old base; None when a full build is the better choice."""
    fact_map = _remap(knowledge.facts, old_knowledge.facts)
    post_map = _remap(knowledge.posts, old_knowledge.posts)
    base = old.base
    new_fact_index = _apply(fact_map, base.fact_index)
    new_pass_post = _apply(post_map, base.pass_post)
    live_facts = new_fact_index[new_fact_index >= 0]
    live_posts = np.unique(new_pass_post[new_pass_post >= 0])
    fact_todo = np.ones(len(knowledge.facts), dtype=np.bool_)
    fact_todo[live_facts] = False
    post_todo = np.ones(len(knowledge.posts), dtype=np.bool_)
    post_todo[live_posts] = False
    delta_size = int(fact_todo.sum()) + int(post_todo.sum())
    base_size = len(base.fact_index) + len(np.unique(base.pass_post))
    if delta_size > max(COMPACT_MIN_DOCS, COMPACT_SHARE * base_size):
        log.info("delta of %d documents: compacting with a full build", delta_size)
        return None

    vocab = old.vocab.copy()
    vocab.df = old.base_df.astype(np.int32)
    vocab.docs = old.base_docs
    _forget_dead(vocab, old, old_knowledge, new_fact_index, new_pass_post)
    base_df = vocab.df.astype(np.int64)
    base_docs = vocab.docs
    new_base = base.with_indexes(new_fact_index, new_pass_post)
    facts = [(int(i), knowledge.facts[i]) for i in np.flatnonzero(fact_todo)]
    posts = [(int(i), knowledge.posts[i]) for i in np.flatnonzero(post_todo)]
    delta = None
    if facts or posts:
        avgdl = (base.facts.avgdl, base.passages.avgdl)
        delta = build_segment(vocab, facts, posts, avgdl)
    vocab.finish()
    return IndexState(vocab, new_base, delta, base_df, base_docs)


_Item = TypeVar("_Item", Fact, Post)


def _remap(new: Sequence[_Item], old: Sequence[_Item]) -> IntArray:
    """Old index -> new index of the identical fact or post (same id, same content), or -1.

    A reload keeps the objects of unchanged files, mostly at the same place: those are
    matched by position first (cheap), and only the rest by id (a dict of 100,000s of
    ids cost 0.25 s of a 100k reload).
    """
    size = min(len(new), len(old))
    same = [i for i in range(size) if new[i] is old[i]]
    out = np.full(len(old) + 1, -1, dtype=np.int32)
    out[same] = same
    claimed = np.zeros(len(new), dtype=np.bool_)
    claimed[same] = True
    rest_old = np.flatnonzero(out[:-1] < 0).tolist()
    if not rest_old:
        return out
    by_id = {new[j].id: j for j in np.flatnonzero(~claimed).tolist()}
    for i in rest_old:
        item = old[i]
        j = by_id.get(item.id)
        if j is not None and (new[j] is item or new[j] == item):
            out[i] = j
    return out


def _apply(remap: IntArray, index: IntArray) -> IntArray:
    # index holds -1 for docs already dead; remap[-1] is the spare -1 slot.
    return remap[index]


def _forget_dead(
    vocab: Vocab,
    old: IndexState,
    old_knowledge: Knowledge,
    new_fact_index: IntArray,
    new_pass_post: IntArray,
) -> None:
    """Subtract the document frequencies of base docs that die in this build."""
    base = old.base
    dying = np.flatnonzero((base.fact_index >= 0) & (new_fact_index < 0))
    facts = [old_knowledge.facts[int(i)] for i in base.fact_index[dying].tolist()]
    dying_posts = np.unique(base.pass_post[(base.pass_post >= 0) & (new_pass_post < 0)])
    posts = [old_knowledge.posts[int(i)] for i in dying_posts.tolist()]
    if not facts and not posts:
        return
    counts, docs = doc_frequencies(vocab, facts, posts)
    vocab.add_df(counts, docs, sign=-1)


__all__ = ["IndexState", "build_full", "build_incremental"]
