"""Would a bundled embedding model help? Measures WordLlama beside the engine.

Run from the repository root (the `probe` group is locked but not installed by default):

    uv run --group probe python eval/semantic_probe.py [--knowledge DIR]

WordLlama is an embedding model whose weights ship inside its own wheel on
PyPI (no model hub is reachable here). It embeds every fact phrasing; a
question's similarity to a fact is its best phrasing's cosine.
Over the cases of eval/crossval.py (leave-one-phrasing-out, perturbations,
unanswerable questions, the tuning split; never the held-back split) it
compares the engine as it is with three ways to use that similarity:

- rerank: order the engine's candidates by score + weight * 100 * similarity;
- rescue: when the engine abstains, answer its best fact if the model's best
  fact is the same one and clears a similarity floor and margin;
- veto: drop an answer whose fact is not among the model's best k.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine import NoAnswer, Reply  # noqa: E402
from bot.knowledge.models import Knowledge  # noqa: E402
from eval.crossval import Case, Tally, build_engines, load_or_report, make_cases  # noqa: E402
from eval.evaluate import missing_facts, normalize  # noqa: E402

RERANK_DEPTH = 8


class SentenceModel:
    """A sentence-transformers model from a local folder, with WordLlama's embed() call."""

    def __init__(self, path: Path) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path), device="cpu")

    def embed(self, texts: Sequence[str], norm: bool = True) -> np.ndarray:
        """Unit vectors, one row per text."""
        return np.asarray(self._model.encode(list(texts), normalize_embeddings=norm))


def load_wordllama() -> Any:
    """WordLlama from the files inside its wheel (its own loader looks in the wrong folder)."""
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    package = Path(wordllama.__file__).parent
    with safe_open(str(package / "weights" / "l2_supercat_256.safetensors"), "np") as f:
        embedding = f.get_tensor("embedding.weight")
    config = package / "tokenizers" / "l2_supercat_tokenizer_config.json"
    tokenizer = Tokenizer.from_file(str(config))
    return WordLlamaInference(embedding, tokenizer)


@dataclass(frozen=True, slots=True)
class Row:
    """What the engine and the model said about one case."""

    group: str
    answerable: bool
    right: frozenset[int]
    """Facts that would be a correct answer."""
    engine_fact: int | None
    """The engine's answer: a fact index, -1 for a passage or a post, None for NoAnswer."""
    engine_ok: bool
    """The engine's answer is correct (as eval/crossval.py scores it)."""
    ranked: tuple[tuple[int, float], ...]
    """The engine's best candidates (fact index, score)."""
    similarity: np.ndarray
    """Per fact: the best cosine of the question with one of its phrasings."""


def collect(knowledge: Knowledge, model: Any, seed: int) -> list[Row]:
    """Ask every crossval case of the engine and of the model."""
    facts = knowledge.facts
    index = {f.id: i for i, f in enumerate(facts)}
    owner = np.array([i for i, f in enumerate(facts) for _ in f.questions])
    position = np.array([j for f in facts for j in range(len(f.questions))])
    vectors = model.embed([q for f in facts for q in f.questions], norm=True)
    texts = [normalize(f"{f.answer} {f.quote}") for f in facts]
    cases = make_cases(knowledge, seed)
    engines = build_engines(knowledge, cases)
    rows: list[Row] = []
    for case in cases:
        engine = engines[case.engine_key]
        cosine = vectors @ model.embed([case.question], norm=True)[0]
        if case.engine_key is not None:  # the left-out phrasing is unknown to both
            fact_id, left_out = case.engine_key
            cosine[(owner == index[fact_id]) & (position == left_out)] = -1.0
        similarity = np.full(len(facts), -1.0)
        np.maximum.at(similarity, owner, cosine)
        answer = engine.answer(case.question)
        rows.append(
            Row(
                group=case.group,
                answerable=case.expect is not None or case.golden is not None,
                right=_right(case, index, texts),
                engine_fact=_fact_of(answer, index),
                engine_ok=Tally().add(case, answer) == "correct",
                ranked=engine.ranked(case.question, RERANK_DEPTH),
                similarity=similarity,
            )
        )
    return rows


def _right(case: Case, index: dict[str, int], texts: list[str]) -> frozenset[int]:
    if case.golden is not None:
        return frozenset(i for i, t in enumerate(texts) if not missing_facts(t, case.golden))
    return frozenset() if case.expect is None else frozenset({index[case.expect]})


def _fact_of(result: Reply | NoAnswer, index: dict[str, int]) -> int | None:
    if isinstance(result, NoAnswer):
        return None
    return -1 if result.fact_id is None else index[result.fact_id]


Policy = Callable[[Row], int | None]


def as_is(row: Row) -> int | None:
    """The engine's own answer."""
    return row.engine_fact


def rerank(weight: float) -> Policy:
    """Keep the engine's gate, but answer with the best candidate after adding similarity."""

    def decide(row: Row) -> int | None:
        if row.engine_fact is None or row.engine_fact < 0 or not row.ranked:
            return row.engine_fact
        return max(row.ranked, key=lambda c: c[1] + weight * 100 * row.similarity[c[0]])[0]

    return decide


def rescue(min_score: float, floor: float, margin: float) -> Policy:
    """Answer some abstentions where the engine and the model agree."""

    def decide(row: Row) -> int | None:
        if row.engine_fact is not None or not row.ranked:
            return row.engine_fact
        fact, score = row.ranked[0]
        order = np.argsort(-row.similarity)
        best, second = row.similarity[order[0]], row.similarity[order[1]]
        if order[0] == fact and score >= min_score and best >= floor and best - second >= margin:
            return fact
        return None

    return decide


def veto(top: int) -> Policy:
    """Abstain when the engine's fact is not among the model's best `top`."""

    def decide(row: Row) -> int | None:
        fact = row.engine_fact
        if fact is None or fact < 0:
            return fact
        if int((row.similarity > row.similarity[fact]).sum()) >= top:
            return None
        return fact

    return decide


def tally(rows: Sequence[Row], policy: Policy) -> str:
    """Crossval and tuning accuracy and false-answer rates under one policy."""
    out = []
    for name, keep in (
        ("crossval", lambda g: not g.startswith("tuning")),
        ("tuning", lambda g: g.startswith("tuning")),
    ):
        chosen = [r for r in rows if keep(r.group)]
        answerable = sum(r.answerable for r in chosen)
        correct = false = 0
        for row in chosen:
            fact = policy(row)
            if fact is None:
                continue
            kept = fact == row.engine_fact and row.engine_ok
            if kept or (row.answerable and fact in row.right):
                correct += 1
            else:
                false += 1
        out.append(
            f"{name} acc {100 * correct / max(answerable, 1):5.1f}% "
            f"false {100 * false / max(len(chosen), 1):4.1f}%"
        )
    return "   ".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Print each policy's rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--sentence-transformers",
        type=Path,
        metavar="DIR",
        help="measure this local sentence-transformers model instead of WordLlama "
        "(needs sentence-transformers and torch, which the project does not install)",
    )
    args = parser.parse_args(argv)
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    model = (
        load_wordllama()
        if args.sentence_transformers is None
        else SentenceModel(args.sentence_transformers)
    )
    rows = collect(knowledge, model, args.seed)
    policies: list[tuple[str, Policy]] = [("engine as it is", as_is)]
    policies += [(f"rerank weight {w}", rerank(w)) for w in (0.1, 0.3, 0.5)]
    policies += [
        (f"rescue score>={s} sim>={f} margin>={m}", rescue(s, f, m))
        for s, f, m in ((50, 0.55, 0.0), (55, 0.6, 0.1), (60, 0.6, 0.06), (65, 0.75, 0.06))
    ]
    policies += [(f"veto outside model's top {k}", veto(k)) for k in (1, 3)]
    for name, policy in policies:
        print(f"{name:<40} {tally(rows, policy)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
