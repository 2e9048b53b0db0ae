"""Vectorized splitting of a UTF-8 blob into pieces, 64-bit piece hashes, and a hash table.

Building the index maps tens of millions of word pieces to term ids. Doing
that one Python object at a time costs ~300 ns a piece; here numpy finds the
piece boundaries and hashes every piece at once (a polynomial hash mod 2**64
with an odd multiplier, mixed with the length), and an open-addressing table
probed by numpy maps the hashes to codes; only pieces never seen before are
decoded in Python. A 64-bit collision between two of a million distinct
pieces has a probability near 1e-8.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]

_P = np.uint64(0x9E3779B97F4A7C15 | 1)
_P_INV = np.uint64(pow(int(_P), -1, 1 << 64))
_LEN_MIX = np.uint64(0xC2B2AE3D27D4EB4F)
_SLOT_MIX = np.uint64(0xD6E8FEB86659FD93)
_SPACE = 32

SPACE_BYTES = bytes(_SPACE if i in (9, 10, 11, 12, 13) else i for i in range(256))
"""Byte table mapping ASCII whitespace to a space: split_hash only splits on spaces."""

MISSING = np.int32(-(1 << 31))
"""PieceTable.lookup's code for a hash the table does not hold."""


class Powers:
    """P**i and P**-i mod 2**64, grown on demand (read-only once grown)."""

    def __init__(self) -> None:
        self.pow: U64 = np.ones(1, dtype=np.uint64)
        self.inv: U64 = np.ones(1, dtype=np.uint64)

    def get(self, n: int) -> tuple[U64, U64]:
        """Arrays of at least n powers."""
        if len(self.pow) < n:
            size = -(-n // 65536) * 65536
            pw = np.full(size, _P, dtype=np.uint64)
            pw[0] = 1
            inv = np.full(size, _P_INV, dtype=np.uint64)
            inv[0] = 1
            with np.errstate(over="ignore"):
                self.pow = np.cumprod(pw, dtype=np.uint64)
                self.inv = np.cumprod(inv, dtype=np.uint64)
        return self.pow, self.inv


_POWERS = Powers()


def split_hash(blob: bytes) -> tuple[I64, I64, U64]:
    """(starts, ends, hashes) of the space-separated pieces of a byte blob.

    Only b" " separates pieces: map other whitespace to spaces first
    (`blob.translate(SPACE_BYTES)`), and the pieces are those of `blob.split()`.
    """
    data = np.frombuffer(blob, dtype=np.uint8)
    n = len(data)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.uint64)
    solid = np.zeros(n + 2, dtype=np.bool_)
    np.not_equal(data, _SPACE, out=solid[1:-1])
    bounds = np.flatnonzero(solid[1:] != solid[:-1])  # start, end, start, end, ...
    starts = bounds[0::2]
    ends = bounds[1::2]
    pw, inv = _POWERS.get(n + 1)
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    body = prefix[1:]
    with np.errstate(over="ignore"):
        np.add(data, 1, out=body, dtype=np.uint64)
        np.multiply(body, pw[:n], out=body)
        np.cumsum(body, out=body)
        hashes = prefix[ends]
        hashes -= prefix[starts]
        hashes *= inv[starts]
        hashes ^= (ends - starts).astype(np.uint64) * _LEN_MIX
    return starts, ends, hashes


class PieceTable:
    """Piece hash -> int32 code: open addressing with linear probing, probed a batch at a time.

    Kept at most half full, so a lookup needs one or two vectorized probes of
    the whole batch, then a few more for a shrinking remainder.
    """

    def __init__(self, capacity: int = 1024) -> None:
        size = 1 << max(10, (2 * capacity - 1).bit_length())
        self._keys: U64 = np.zeros(size, dtype=np.uint64)
        self._codes: I32 = np.zeros(size, dtype=np.int32)
        self._used = np.zeros(size, dtype=np.bool_)
        self._shift = np.uint64(64 - (size.bit_length() - 1))
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def copy(self) -> PieceTable:
        """An independent copy."""
        out = PieceTable()
        out._keys = self._keys.copy()
        out._codes = self._codes.copy()
        out._used = self._used.copy()
        out._shift = self._shift
        out.count = self.count
        return out

    def _home(self, hashes: U64) -> I64:
        with np.errstate(over="ignore"):
            return ((hashes * _SLOT_MIX) >> self._shift).view(np.int64)

    def lookup(self, hashes: U64) -> I32:
        """The code of each hash, or MISSING."""
        slot = self._home(hashes)
        out = self._codes[slot]
        # Most hashes sit in their home slot; an empty slot holds key 0, so a zero hash
        # also takes the careful path below, which checks that the slot is in use.
        todo = np.flatnonzero((self._keys[slot] != hashes) | (hashes == 0))
        mask = len(self._keys) - 1
        while len(todo):
            at = slot[todo]
            used = self._used[at]
            out[todo[~used]] = MISSING
            todo, at = todo[used], at[used]
            found = self._keys[at] == hashes[todo]
            out[todo[found]] = self._codes[at[found]]
            todo, at = todo[~found], at[~found]
            slot[todo] = (at + 1) & mask
        return out

    def add(self, hashes: U64, codes: I32) -> None:
        """Add distinct hashes the table does not hold yet."""
        if 2 * (self.count + len(hashes)) > len(self._keys):
            self._grow(self.count + len(hashes))
        self._insert(hashes, codes)

    def _grow(self, need: int) -> None:
        keys = self._keys[self._used]
        codes = self._codes[self._used]
        fresh = PieceTable(need)
        self._keys, self._codes, self._used = fresh._keys, fresh._codes, fresh._used
        self._shift = fresh._shift
        self.count = 0
        self._insert(keys, codes)

    def _insert(self, hashes: U64, codes: I32) -> None:
        slot = self._home(hashes)
        todo = np.arange(len(hashes))
        mask = len(self._keys) - 1
        while len(todo):
            at = slot[todo]
            free = np.flatnonzero(~self._used[at])
            # Several new hashes may want the same free slot: the first of each wins.
            _, first = np.unique(at[free], return_index=True)
            win = todo[free[first]]
            place = slot[win]
            self._keys[place] = hashes[win]
            self._codes[place] = codes[win]
            self._used[place] = True
            self.count += len(win)
            placed = np.zeros(len(hashes), dtype=np.bool_)
            placed[win] = True
            todo = todo[~placed[todo]]
            slot[todo] = (slot[todo] + 1) & mask
