"""The term vocabulary: term ids, word-to-term cache, document frequencies, typo repair."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.engine.pieces import MISSING, SPACE_BYTES, PieceTable, split_hash
from bot.engine.text import SPLIT_BYTES, WORD_RE, is_content, pieces, surface, term_of

NOT_CONTENT = -1
_MULTI_BASE = -2
"""Codes <= -2 name a piece holding several words ("Korea.The"): multi[-2 - code]."""
_SEPARATOR = " \x01 "
_SEP_PIECE = b"\x01"
_SEP_CODE = -(1 << 40)
"""batch_ids joins texts with a separator piece that has this code."""
_SEP_CODE32 = int(MISSING) + 1
"""The separator's code in the int32 piece table (every other code is above it)."""
_PIECE_BYTES = bytes(SPACE_BYTES[b] for b in SPLIT_BYTES)
"""SPLIT_BYTES, then every ASCII whitespace byte to a space (split_hash splits on spaces)."""
MIN_REPAIR_LEN = 4
REPAIR_CACHE_MAX = 20_000
REPAIR_CACHE_WORD = 32
"""Repairs of words up to this long are remembered, up to REPAIR_CACHE_MAX of them."""

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]


class Vocab:
    """Terms (stems) and the caches that map raw words to them.

    Built once per engine and then only read, so queries never change it;
    an incremental build copies it before adding the new files' words.
    """

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.ids: dict[str, int] = {}
        self.words: dict[bytes, int] = {_SEP_PIECE: _SEP_CODE}
        """Text piece (original case) -> term id, NOT_CONTENT or a multi-word code."""
        self.multi: list[tuple[int, ...]] = []
        self.surfaces: dict[str, int] = {}
        """Lowercase content word seen in the archive -> term id (typo repair candidates)."""
        self.df: IntArray = np.zeros(0, dtype=np.int32)
        self.idf: FloatArray = np.zeros(0, dtype=np.float32)
        self.idf_list: list[float] = []
        self.proper: frozenset[int] = frozenset()
        """Terms the posts only ever write capitalized (see _proper_terms)."""
        self._upper = np.zeros(0, dtype=np.int64)
        self._lower = np.zeros(0, dtype=np.int64)
        self.docs = 0
        self._buckets: dict[tuple[str, int], list[str]] = {}
        self._repairs: dict[str, int | None] = {}
        """Typo repairs already made: a scan costs tens of microseconds, and words recur."""
        self._table: PieceTable | None = None
        """Hashes of known pieces -> codes (built lazily; only index builds use it)."""

    def copy(self) -> Vocab:
        """An independent copy that can learn new words."""
        out = Vocab()
        out.terms = list(self.terms)
        out.ids = dict(self.ids)
        out.words = dict(self.words)
        out.multi = list(self.multi)
        out.surfaces = dict(self.surfaces)
        out.df = self.df.copy()
        out.docs = self.docs
        out._table = self._table.copy() if self._table is not None else None
        out._upper = self._upper.copy()
        out._lower = self._lower.copy()
        return out

    def intern(self, term: str) -> int:
        """The id of a term, adding it when new."""
        tid = self.ids.get(term)
        if tid is None:
            tid = len(self.terms)
            self.terms.append(term)
            self.ids[term] = tid
        return tid

    def _word_id(self, word: str, learn: bool) -> int:
        low, acronym = surface(word)
        if not is_content(low, acronym):
            return NOT_CONTENT
        term = term_of(low, acronym)
        if not learn:
            return self.ids.get(term, NOT_CONTENT)
        tid = self.intern(term)
        if not acronym:
            self.surfaces.setdefault(low, tid)
        return tid

    def _piece_ids(self, piece: bytes, learn: bool) -> list[int]:
        text = piece.decode("utf-8", "replace")
        return [t for w in WORD_RE.findall(text) if (t := self._word_id(w, learn)) >= 0]

    def _learn(self, piece: bytes) -> int:
        """Code a new piece: a term id, NOT_CONTENT, or a multi-word entry (<= -2)."""
        ids = self._piece_ids(piece, True)
        if not ids:
            code = NOT_CONTENT
        elif len(ids) == 1:
            code = ids[0]
        else:
            code = _MULTI_BASE - len(self.multi)
            self.multi.append(tuple(ids))
        self.words[piece] = code
        return code

    def _piece_table(self) -> PieceTable:
        if self._table is None:
            table = PieceTable(len(self.words))
            _starts, _ends, hashes = split_hash(b" ".join(self.words))
            codes = np.fromiter(map(_code32, self.words.values()), np.int32, len(self.words))
            distinct, first = np.unique(hashes, return_index=True)
            table.add(distinct, codes[first])
            self._table = table
        return self._table

    def batch_ids(
        self, texts: list[str], *, case: list[bool] | None = None
    ) -> tuple[IntArray, IntArray]:
        """Term ids of the content words of archive texts (learning new words).

        Returns the ids of all texts, concatenated, and for each id the
        position of its text in `texts`. With `case` (a flag per text), also
        records which terms the flagged texts write capitalized and which in
        lower case (to tell names).
        """
        joined = _SEPARATOR.join(t.replace("\x01", " ") if "\x01" in t else t for t in texts)
        blob = joined.encode("utf-8", "surrogatepass").translate(_PIECE_BYTES)
        starts, ends, hashes = split_hash(blob)
        table = self._piece_table()
        vals = table.lookup(hashes)
        missing = np.flatnonzero(vals == MISSING)
        if len(missing):
            # New pieces are learned in hash order, so term ids do not depend on
            # where in the batch a word first appears.
            new, first = np.unique(hashes[missing], return_index=True)
            codes = np.empty(len(new), dtype=np.int32)
            for j, p in enumerate(missing[first].tolist()):
                piece = blob[starts[p] : ends[p]]
                code = self.words.get(piece)
                codes[j] = _code32(code if code is not None else self._learn(piece))
            table.add(new, codes)
            vals[missing] = table.lookup(hashes[missing])
        sep = vals == _SEP_CODE32
        unit = np.cumsum(sep, dtype=np.int32)
        if case is not None:
            flagged = np.array(case, dtype=np.bool_)[unit]
            self._note_case(vals, np.frombuffer(blob, dtype=np.uint8)[starts], flagged)
        if ((vals <= _MULTI_BASE) & (vals != _SEP_CODE32)).any():
            vals, unit = self._expand(vals, unit)
        keep = vals >= 0
        return vals[keep], unit[keep]

    def _note_case(
        self, vals: IntArray, first: npt.NDArray[np.uint8], flagged: npt.NDArray[np.bool_]
    ) -> None:
        single = (vals >= 0) & flagged
        upper = single & (first >= 65) & (first <= 90)
        lower = single & (first >= 97) & (first <= 122)
        size = len(self.terms)
        for counts, mask in ((self._upper, upper), (self._lower, lower)):
            seen = np.bincount(vals[mask], minlength=size)
            counts.resize(max(len(counts), size), refcheck=False)
            counts[: len(seen)] += seen.astype(np.int64)

    def _expand(self, vals: IntArray, unit: IntArray) -> tuple[IntArray, IntArray]:
        multi = (vals <= _MULTI_BASE) & (vals != _SEP_CODE32)
        sizes = np.ones(len(vals), dtype=np.int64)
        codes = vals[multi]
        sizes[multi] = [len(self.multi[_MULTI_BASE - c]) for c in codes.tolist()]
        out = np.repeat(vals, sizes)
        out_unit = np.repeat(unit, sizes)
        starts = np.cumsum(sizes) - sizes
        for start, code in zip(starts[multi].tolist(), codes.tolist(), strict=True):
            ids = self.multi[_MULTI_BASE - code]
            out[start : start + len(ids)] = ids
        return out, out_unit

    def index_ids(self, text: str) -> list[int]:
        """Term ids of the content words of one archive text (learning new words)."""
        ids, _ = self.batch_ids([text])
        return [int(i) for i in ids.tolist()]

    def text_ids(self, text: str) -> list[int]:
        """Term ids of the known content words of a text, without learning (thread-safe)."""
        get = self.words.get
        out: list[int] = []
        for piece in pieces(text):
            code = get(piece)
            if code is None:
                out.extend(self._piece_ids(piece, False))
            elif code >= 0:
                out.append(code)
            elif _SEP_CODE < code <= _MULTI_BASE:
                out.extend(self.multi[_MULTI_BASE - code])
        return out

    def lookup(self, low: str, acronym: bool) -> int | None:
        """The id of a content word's term if the archive has it (read-only)."""
        return self.ids.get(term_of(low, acronym))

    # ---- statistics

    def add_df(self, counts: npt.NDArray[np.int64], docs: int, sign: int = 1) -> None:
        """Add (or with sign=-1 remove) per-term document counts of a set of documents."""
        if len(counts) > len(self.df):
            grown = np.zeros(len(counts), dtype=np.int32)
            grown[: len(self.df)] = self.df
            self.df = grown
        self.df[: len(counts)] += (sign * counts).astype(np.int32)
        self.docs += sign * docs

    def finish(self) -> None:
        """Freeze: size the statistics to the vocabulary, compute idf, bucket words."""
        if len(self.df) < len(self.terms):
            grown = np.zeros(len(self.terms), dtype=np.int32)
            grown[: len(self.df)] = self.df
            self.df = grown
        df = np.maximum(self.df, 0).astype(np.float64)
        n = max(self.docs, 1)
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.idf_list = [float(x) for x in self.idf.tolist()]
        self.proper = self._proper_terms()
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.surfaces:
            if len(word) >= MIN_REPAIR_LEN - 1 and not word.isdigit():
                buckets[(word[0], len(word))].append(word)
        self._buckets = dict(buckets)
        self._repairs = {}

    def _proper_terms(self) -> frozenset[int]:
        """Terms the posts only ever write capitalized: names of people, places, bodies.

        Fact phrasings are often typed in lower case, so only post texts count.
        """
        size = min(len(self._upper), len(self._lower))
        names = np.flatnonzero((self._upper[:size] > 0) & (self._lower[:size] == 0))
        extra = np.flatnonzero(self._upper[size:] > 0) + size
        return frozenset(int(t) for t in np.concatenate([names, extra]).tolist())

    @property
    def max_idf(self) -> float:
        """The idf of a term no document has (a word the archive never uses)."""
        n = max(self.docs, 1)
        return math.log1p((n + 0.5) / 0.5)

    def idf_of(self, tid: int) -> float:
        """The idf of a known term."""
        if 0 <= tid < len(self.idf_list):
            return self.idf_list[tid]
        return self.max_idf

    # ---- typo repair

    def repair(self, low: str) -> int | None:
        """The term of the closest archive word to an unknown word, if one is close enough.

        Only words of MIN_REPAIR_LEN letters or more are repaired; one edit
        (a transposition counts as one) is allowed, two from eight letters on.
        Candidates share the first letter, so a lookup scans a few small buckets.
        """
        if len(low) < MIN_REPAIR_LEN or low.isdigit():
            return None
        if len(low) > REPAIR_CACHE_WORD:
            return self._repair(low)
        try:
            return self._repairs[low]
        except KeyError:
            pass
        tid = self._repair(low)
        if len(self._repairs) >= REPAIR_CACHE_MAX:  # races only repair a word twice
            self._repairs.clear()
        self._repairs[low] = tid
        return tid

    def _repair(self, low: str) -> int | None:
        max_edits = 1 if len(low) < 8 else 2
        best: tuple[int, int, int] | None = None  # (edits, -df, term id)
        for length in range(len(low) - max_edits, len(low) + max_edits + 1):
            bucket = self._buckets.get((low[0], length))
            if not bucket:
                continue
            for word, edits, _ in process.extract(
                low,
                bucket,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=max_edits,
                limit=8,
            ):
                tid = self.surfaces[word]
                df = int(self.df[tid]) if tid < len(self.df) else 0
                key = (int(edits), -df, tid)
                if best is None or key < best:
                    best = key
        return None if best is None else best[2]


def _code32(code: int) -> int:
    """A piece's code in the int32 piece table."""
    return _SEP_CODE32 if code == _SEP_CODE else code
