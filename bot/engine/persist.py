"""Saving and loading a built index, keyed by the knowledge version (warm restarts).

Arrays go to one uncompressed .npz (never pickled); the vocabulary to JSON.
A directory is written under a temporary name and renamed into place, so a
reader never sees half an index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from bot.engine.build import IndexState
from bot.engine.postings import Postings
from bot.engine.segment import Segment
from bot.engine.vocab import Vocab

log = logging.getLogger(__name__)

FORMAT = 2
"""Bumped when the terms change for the same text (2: irregular verb forms, text.IRREGULAR)."""
MARKER = "archive-bot-index.json"

_SEGMENT_ARRAYS = (
    "fact_index",
    "phr_ptr",
    "phr_term_ptr",
    "phr_terms",
    "ans_ptr",
    "ans_terms",
    "pass_post",
    "pass_text",
    "pass_start",
    "pass_end",
)
_POSTINGS_ARRAYS = ("ptr", "docs", "impacts", "df")


def index_dir(directory: Path, version: str) -> Path:
    """Where the index of one knowledge version lives."""
    digest = hashlib.sha256(version.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return directory / f"index-{digest}"


def save(state: IndexState, version: str, directory: Path) -> Path:
    """Write the index for `version`; older saved indexes in `directory` are removed."""
    directory.mkdir(parents=True, exist_ok=True)
    target = index_dir(directory, version)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-index-", dir=directory))
    try:
        arrays: dict[str, Any] = {
            "base_df": state.base_df,
            "vocab_df": state.vocab.df,
            "vocab_upper": state.vocab._upper,
            "vocab_lower": state.vocab._lower,
        }
        meta_segments = []
        for name, segment in (("base", state.base), ("delta", state.delta)):
            if segment is None:
                continue
            for field in _SEGMENT_ARRAYS:
                arrays[f"{name}.{field}"] = getattr(segment, field)
            for space in ("facts", "passages"):
                postings: Postings = getattr(segment, space)
                for field in _POSTINGS_ARRAYS:
                    arrays[f"{name}.{space}.{field}"] = getattr(postings, field)
            meta_segments.append(
                {
                    "name": name,
                    "facts": {"ndocs": segment.facts.ndocs, "avgdl": segment.facts.avgdl},
                    "passages": {
                        "ndocs": segment.passages.ndocs,
                        "avgdl": segment.passages.avgdl,
                    },
                }
            )
        np.savez(tmp / "arrays.npz", **arrays)
        vocab = state.vocab
        words = list(vocab.words.items())
        surfaces = list(vocab.surfaces.items())
        payload = {
            "terms": vocab.terms,
            "words": [w.decode("latin-1") for w, _ in words],
            "word_ids": [i for _, i in words],
            "surfaces": [w for w, _ in surfaces],
            "surface_ids": [i for _, i in surfaces],
            "multi": vocab.multi,
        }
        (tmp / "vocab.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        meta = {
            "format": FORMAT,
            "version": version,
            "docs": vocab.docs,
            "base_docs": state.base_docs,
            "segments": meta_segments,
        }
        (tmp / MARKER).write_text(json.dumps(meta), "utf-8")
        for old in directory.glob("index-*"):
            if old.is_dir() and (old / MARKER).exists():
                shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("saved index for knowledge %s to %s", version, target)
    return target


def load(directory: Path, version: str, nfacts: int, nposts: int) -> IndexState | None:
    """The saved index for `version`, or None when absent, stale or unreadable."""
    path = index_dir(directory, version)
    try:
        meta = json.loads((path / MARKER).read_text("utf-8"))
        if meta.get("format") != FORMAT or meta.get("version") != version:
            return None
        with np.load(path / "arrays.npz", allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        payload = json.loads((path / "vocab.json").read_text("utf-8"))
        vocab = Vocab()
        vocab.terms = list(payload["terms"])
        vocab.ids = {t: i for i, t in enumerate(vocab.terms)}
        vocab.words = {
            w.encode("latin-1"): i
            for w, i in zip(payload["words"], payload["word_ids"], strict=True)
        }
        vocab.multi = [tuple(m) for m in payload["multi"]]
        vocab.surfaces = dict(zip(payload["surfaces"], payload["surface_ids"], strict=True))
        vocab.df = arrays["vocab_df"].astype(np.int32)
        vocab._upper = arrays["vocab_upper"].astype(np.int64)
        vocab._lower = arrays["vocab_lower"].astype(np.int64)
        vocab.docs = int(meta["docs"])
        vocab.finish()
        segments: dict[str, Segment] = {}
        for info in meta["segments"]:
            name = info["name"]
            spaces = {
                space: Postings(
                    ptr=arrays[f"{name}.{space}.ptr"],
                    docs=arrays[f"{name}.{space}.docs"],
                    impacts=arrays[f"{name}.{space}.impacts"],
                    ndocs=int(info[space]["ndocs"]),
                    df=arrays[f"{name}.{space}.df"],
                    avgdl=float(info[space]["avgdl"]),
                )
                for space in ("facts", "passages")
            }
            fields = {f: arrays[f"{name}.{f}"] for f in _SEGMENT_ARRAYS}
            segments[name] = Segment(facts=spaces["facts"], passages=spaces["passages"], **fields)
        state = IndexState(
            vocab,
            segments["base"],
            segments.get("delta"),
            arrays["base_df"],
            int(meta["base_docs"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("no usable saved index in %s: %s", path, exc)
        return None
    if not _consistent(state, nfacts, nposts):
        log.warning("saved index in %s does not fit the knowledge; ignoring it", path)
        return None
    return state


def _consistent(state: IndexState, nfacts: int, nposts: int) -> bool:
    covered = np.zeros(nfacts, dtype=np.bool_)
    for segment in state.segments:
        fi = segment.fact_index
        if len(fi) and (fi.max(initial=-1) >= nfacts):
            return False
        covered[fi[fi >= 0]] = True
        pp = segment.pass_post
        if len(pp) and pp.max(initial=-1) >= nposts:
            return False
    return bool(covered.all())
