"""Inverted postings in numpy arrays, with BM25 impacts and per-thread accumulators."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
IMPACT_SCALE = (K1 + 1.0) / 255.0
MAX_POSTINGS = 20_000
"""Very common terms keep only their highest-impact postings (they tell little anyway)."""

IntArray = npt.NDArray[np.int32]
IndexArray = npt.NDArray[np.intp]
Int64Array = npt.NDArray[np.int64]
ByteArray = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float32]


@dataclass(eq=False)
class Postings:
    """Term -> (doc ids, quantized BM25 impacts) for one doc space of one segment."""

    ptr: Int64Array
    """Offsets per term id (terms past the end have no postings here)."""
    docs: IntArray
    impacts: ByteArray
    ndocs: int
    df: Int64Array
    """Documents per term before truncation (for idf)."""
    avgdl: float
    _local: threading.local = field(default_factory=threading.local, repr=False)

    def accumulator(self) -> FloatArray:
        """This thread's zeroed score array for this doc space (reset after each use)."""
        acc: FloatArray | None = getattr(self._local, "acc", None)
        if acc is None:
            acc = np.zeros(self.ndocs + 1, dtype=np.float32)
            self._local.acc = acc
        return acc

    def slice(self, tid: int) -> tuple[IntArray, ByteArray]:
        """Doc ids and impacts of one term."""
        if tid + 1 >= len(self.ptr):
            return _EMPTY_DOCS, _EMPTY_IMPACTS
        start, end = int(self.ptr[tid]), int(self.ptr[tid + 1])
        return self.docs[start:end], self.impacts[start:end]

    def search(
        self, weights: list[tuple[int, float]], alive: npt.NDArray[np.bool_], k: int
    ) -> tuple[IntArray, FloatArray]:
        """Top-k live docs by summed weight x impact, best first."""
        acc = self.accumulator()
        touched: list[IndexArray] = []
        for tid, weight in weights:
            docs, impacts = self.slice(tid)
            if len(docs):
                # Fancy indexing converts int32 indexes to intp on every use: convert
                # once. A term's docs are distinct, so add.at adds like `+=` (faster).
                at = docs.astype(np.intp)
                np.add.at(acc, at, impacts * np.float32(weight * IMPACT_SCALE))
                touched.append(at)
        if not touched:
            return _EMPTY_DOCS, _EMPTY_SCORES
        cand = touched[0] if len(touched) == 1 else np.concatenate(touched)
        scores = acc[cand]
        if len(touched) > 1:
            # Keep one entry per doc: the last write of a repeated index wins.
            position = np.arange(len(cand), dtype=np.float32)
            acc[cand] = position
            first = acc[cand] == position
            acc[cand] = 0.0
            cand = cand[first]
            scores = scores[first]
        else:
            acc[cand] = 0.0
        keep = alive[cand]
        cand = cand[keep]
        scores = scores[keep]
        if len(cand) > k:
            top = np.argpartition(-scores, k - 1)[:k]
            cand = cand[top]
            scores = scores[top]
        order = np.argsort(-scores, kind="stable")
        return cand[order].astype(np.int32), scores[order]


_EMPTY_DOCS: IntArray = np.zeros(0, dtype=np.int32)
_EMPTY_IMPACTS: ByteArray = np.zeros(0, dtype=np.uint8)
_EMPTY_SCORES: FloatArray = np.zeros(0, dtype=np.float32)


class PostingsBuilder:
    """Collects documents in batches as packed postings, then sorts them by term.

    Each (doc, term) pair is one int64: term (23 bits) | doc (32 bits) | tf
    capped at 255 (8 bits). A single in-place sort then orders everything by
    term and doc, and the impacts are computed once the average length is known.
    """

    def __init__(self) -> None:
        self._keys: list[Int64Array] = []
        self._lengths: list[IntArray] = []
        self._df = np.zeros(0, dtype=np.int64)
        self.ndocs = 0
        """Documents added so far (doc ids are 0..ndocs-1 in order of addition)."""

    def add_batch(self, count: int, unit: IntArray, terms: IntArray) -> None:
        """Add `count` documents; `unit[i]` is the batch-local document of `terms[i]`."""
        if len(terms) and int(terms.max()) >= MAX_TERM_ID:
            raise ValueError("vocabulary too large for packed postings")
        self._lengths.append(np.bincount(unit, minlength=count).astype(np.int32))
        pairs, tf = np.unique((unit.astype(np.int64) << 32) | terms, return_counts=True)
        term = pairs & 0xFFFFFFFF
        doc = (pairs >> 32) + self.ndocs
        self._keys.append((term << 40) | (doc << 8) | np.minimum(tf, 255))
        seen = np.bincount(term)
        if len(seen) > len(self._df):
            self._df = np.concatenate([self._df, np.zeros(len(seen) - len(self._df), np.int64)])
        self._df[: len(seen)] += seen
        self.ndocs += count

    def build(self, nterms: int, avgdl: float | None = None) -> Postings:
        """Sort into postings; `avgdl` from a base segment keeps a delta's impacts comparable."""
        ndocs = self.ndocs
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, np.int32)
        self._lengths = []
        if avgdl is None:
            avgdl = float(lengths.mean()) if ndocs else 1.0
        avgdl = max(avgdl, 1.0)
        norm = (K1 * (1.0 - B + B * lengths.astype(np.float32) / avgdl)).astype(np.float32)
        df = np.zeros(nterms, dtype=np.int64)
        df[: len(self._df)] = self._df[:nterms]
        # Copy the batches into one array, releasing each as it goes (pages of
        # np.empty are only committed when written, so the peak stays ~one copy).
        key = np.empty(sum(len(k) for k in self._keys), dtype=np.int64)
        pos = 0
        while self._keys:
            part = self._keys.pop(0)
            key[pos : pos + len(part)] = part
            pos += len(part)
        key.sort()
        docs = ((key >> 8) & 0xFFFFFFFF).astype(np.int32)
        quant = np.empty(len(key), dtype=np.uint8)
        for start in range(0, len(key), _CHUNK):
            tf = (key[start : start + _CHUNK] & 0xFF).astype(np.float32)
            impact = tf * np.float32(K1 + 1.0) / (tf + norm[docs[start : start + _CHUNK]])
            quant[start : start + _CHUNK] = np.clip(np.rint(impact / IMPACT_SCALE), 1, 255)
        del key
        ptr = np.zeros(len(df) + 1, dtype=np.int64)
        np.cumsum(df, out=ptr[1:])
        docs, quant, ptr = _truncate(docs, quant, ptr, df)
        return Postings(ptr, docs, quant, ndocs, df, avgdl)


MAX_TERM_ID = 1 << 23
_CHUNK = 1 << 20


def _truncate(
    docs: IntArray, impacts: ByteArray, ptr: Int64Array, df: Int64Array
) -> tuple[IntArray, ByteArray, Int64Array]:
    """Keep the MAX_POSTINGS highest-impact postings of very common terms."""
    common = np.flatnonzero(df > MAX_POSTINGS)
    if not len(common):
        return docs, impacts, ptr
    keep = np.ones(len(docs), dtype=np.bool_)
    for tid in common.tolist():
        start, end = int(ptr[tid]), int(ptr[tid + 1])
        ranked = np.argsort(-impacts[start:end].astype(np.int16), kind="stable")
        keep[start + ranked[MAX_POSTINGS:]] = False
    counts = df.copy()
    counts[common] = MAX_POSTINGS
    new_ptr = np.zeros_like(ptr)
    np.cumsum(counts, out=new_ptr[1:])
    return docs[keep], impacts[keep], new_ptr
