"""Vectorized splitting of a UTF-8 blob into pieces and 64-bit piece hashes.

Building the index maps tens of millions of word pieces to term ids. Doing
that one Python object at a time costs ~300 ns a piece; here numpy finds the
piece boundaries and hashes every piece at once (a polynomial hash mod 2**64
with an odd multiplier, mixed with the length); only the distinct hashes of a
batch are looked up in Python, and only pieces never seen before are decoded.
A 64-bit collision between two of a million distinct pieces has a probability
near 1e-8.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_P = np.uint64(0x9E3779B97F4A7C15 | 1)
_P_INV = np.uint64(pow(int(_P), -1, 1 << 64))
_LEN_MIX = np.uint64(0xC2B2AE3D27D4EB4F)
_WS = np.zeros(256, dtype=np.bool_)
_WS[[9, 10, 11, 12, 13, 32]] = True


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
    """(starts, ends, hashes) of the whitespace-separated pieces of a byte blob."""
    data = np.frombuffer(blob, dtype=np.uint8)
    n = len(data)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.uint64)
    solid = (~_WS[data]).view(np.int8)
    edges = np.diff(solid, prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    pw, inv = _POWERS.get(n + 1)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.cumsum((data.astype(np.uint64) + np.uint64(1)) * pw[:n], out=prefix[1:])
        hashes = (prefix[ends] - prefix[starts]) * inv[starts]
        hashes ^= (ends - starts).astype(np.uint64) * _LEN_MIX
    return starts, ends, hashes


class PieceTable:
    """Piece hash -> code; a batch is resolved through its distinct hashes only."""

    def __init__(self) -> None:
        self.codes: dict[int, int] = {}

    def copy(self) -> PieceTable:
        """An independent copy."""
        out = PieceTable()
        out.codes = dict(self.codes)
        return out

    def resolve(self, hashes: U64) -> tuple[U64, I64, I64]:
        """(distinct hashes, their codes or MISSING, inverse index into them)."""
        uniq, inverse = np.unique(hashes, return_inverse=True)
        get = self.codes.get
        codes = np.fromiter((get(h, MISSING) for h in uniq.tolist()), np.int64, len(uniq))
        return uniq, codes, inverse.reshape(-1)


MISSING = -(1 << 50)
