"""Piece splitting, hashing and the vectorized piece table used by index builds."""

from __future__ import annotations

import numpy as np
import pytest

from bot.engine.pieces import MISSING, SPACE_BYTES, PieceTable, split_hash
from bot.engine.vocab import Vocab

BLOB = b"  Korea.The alpha\tbeta\n\ngamma alpha  \x01 beta x"


def _hash_of(piece: bytes) -> int:
    return int(split_hash(piece)[2][0])


def test_split_hash_finds_the_pieces_of_bytes_split() -> None:
    """Start/end pairs cut exactly the pieces `bytes.split()` returns."""
    blob = BLOB.translate(SPACE_BYTES)
    starts, ends, _ = split_hash(blob)
    got = [blob[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    assert got == BLOB.split()


def test_equal_pieces_hash_equal_wherever_they_are() -> None:
    """A piece's hash depends on its bytes only, not on its position in the blob."""
    blob = BLOB.translate(SPACE_BYTES)
    starts, ends, hashes = split_hash(blob)
    by_piece: dict[bytes, set[int]] = {}
    for s, e, h in zip(starts.tolist(), ends.tolist(), hashes.tolist(), strict=True):
        by_piece.setdefault(blob[s:e], set()).add(h)
    assert all(len(h) == 1 for h in by_piece.values())
    assert by_piece[b"alpha"] == {_hash_of(b"alpha")}
    assert len({h for hs in by_piece.values() for h in hs}) == len(by_piece)


def test_empty_blob_has_no_pieces() -> None:
    """An empty or all-space blob yields empty arrays."""
    for blob in (b"", b"   "):
        starts, ends, hashes = split_hash(blob)
        assert len(starts) == len(ends) == len(hashes) == 0


def test_table_returns_added_codes_and_missing_for_unknown_hashes() -> None:
    """Looked-up hashes get their codes; hashes never added (zero too) get MISSING."""
    table = PieceTable()
    table.add(np.array([5, 7, 1 << 63], dtype=np.uint64), np.array([1, -2, 3], dtype=np.int32))
    query = np.array([7, 9, 5, 0, 1 << 63, 7], dtype=np.uint64)
    assert table.lookup(query).tolist() == [-2, MISSING, 1, MISSING, 3, -2]


@pytest.mark.parametrize("count", [1, 3000, 50_000])
def test_table_grows_and_keeps_every_code(count: int) -> None:
    """Adding many hashes in several rounds (forcing growth and collisions) loses none."""
    rng = np.random.default_rng(count)
    hashes = np.unique(rng.integers(0, 1 << 63, size=count, dtype=np.uint64))
    hashes[0] = 0  # the empty-slot key is a legal hash too
    codes = np.arange(len(hashes), dtype=np.int32)
    table = PieceTable()
    for part in np.array_split(np.arange(len(hashes)), 4):
        table.add(hashes[part], codes[part])
    assert len(table) == len(hashes)
    assert np.array_equal(table.lookup(hashes), codes)
    absent = np.setdiff1d(hashes + np.uint64(1), hashes)
    assert (table.lookup(absent) == MISSING).all()


def test_copied_table_learns_independently() -> None:
    """Adding to a copy leaves the original untouched."""
    table = PieceTable()
    table.add(np.array([11], dtype=np.uint64), np.array([4], dtype=np.int32))
    copy = table.copy()
    copy.add(np.array([12], dtype=np.uint64), np.array([6], dtype=np.int32))
    assert table.lookup(np.array([11, 12], dtype=np.uint64)).tolist() == [4, MISSING]
    assert copy.lookup(np.array([11, 12], dtype=np.uint64)).tolist() == [4, 6]


def test_batch_ids_match_one_text_at_a_time() -> None:
    """Batched ids (tabs, newlines, multi-word pieces, repeats) equal per-text lookups."""
    texts = ["Korea.The alpha\tbeta", "", "gamma\nALPHA alpha beta's", "U.S. and U.K. x\x01y"]
    vocab = Vocab()
    ids, unit = vocab.batch_ids(texts)
    for i, text in enumerate(texts):
        assert ids[unit == i].tolist() == vocab.text_ids(text)
    again = Vocab()
    for text in texts:
        words = [again.terms[t] for t in again.index_ids(text)]
        assert words == [vocab.terms[t] for t in vocab.text_ids(text)]
