"""Does WordLlama similarity help the fitted fact gate? Measures it as extra gate features.

    uv run --group probe python eval/semantic_gate.py [--crossval]

Four gates: the shipped FEATURES (bot/engine/features.py), and FEATURES plus
similarity features of WordLlama (eval/semantic_probe.py loads it):

- sim_top: the best cosine of the question with one of the first candidate's
  curated phrasings (WordLlama, 256 dimensions; phrasings embedded once);
- sim_margin: sim_top minus the same similarity of the best non-sibling
  candidate of the ranking (the candidate `margin_other` measures against);
- sim_rank (third and fourth gates; the fourth has it without the two above):
  how many facts the model finds closer to the question than the first
  candidate (capped at 5, over 5).

The gates (as shipped, and with the features) are refitted by
eval/fit_gate.py's own code on its own training cases, then compared on the
tuning split and on gate-check: the AUC of the gate's probability over the
cases the gate decides, and correct / false answers of the whole engine as the
`likely` threshold moves. With --crossval, also over eval/crossval.py's cases
(not the tuning split, which is training here). Never the held-back or
score-once splits.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bot.engine.decision as decision  # noqa: E402
import eval.fit_gate as fit_gate  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.engine.decision import probability  # noqa: E402
from bot.engine.features import FEATURES, Candidate, features, siblings  # noqa: E402
from bot.engine.query import Query  # noqa: E402
from bot.engine.tuning import DEFAULT_TUNING, GateWeights  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.models import Knowledge  # noqa: E402
from eval.crossval import Tally, build_engines, make_cases  # noqa: E402
from eval.evaluate import SPLITS, evaluate, load_questions  # noqa: E402
from eval.fit_gate import Case  # noqa: E402
from eval.semantic_probe import load_wordllama  # noqa: E402

SEMANTIC = (*FEATURES, "sim_top", "sim_margin")
RANKED = (*SEMANTIC, "sim_rank")
RANK_ONLY = (*FEATURES, "sim_rank")
STEPS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


class Similarity:
    """Question-to-fact similarity: phrasings embedded once, each question once."""

    def __init__(self, model: Any, engine: Engine) -> None:
        facts = engine.knowledge.facts
        self.model = model
        self.owner = np.array([i for i, f in enumerate(facts) for _ in f.questions])
        started = time.perf_counter()
        self.vectors = model.embed([q for f in facts for q in f.questions], norm=True)
        self.build_seconds = time.perf_counter() - started
        self.count = len(facts)
        self._cache: dict[str, np.ndarray] = {}
        self.embed_seconds: list[float] = []

    def per_fact(self, text: str) -> np.ndarray:
        """The best phrasing cosine of every fact with the question."""
        found = self._cache.get(text)
        if found is None:
            started = time.perf_counter()
            cosine = self.vectors @ self.model.embed([text], norm=True)[0]
            found = np.full(self.count, -1.0)
            np.maximum.at(found, self.owner, cosine)
            self.embed_seconds.append(time.perf_counter() - started)
            self._cache[text] = found
        return found

    def features(self, query: Query, ranked: list[Candidate]) -> tuple[float, ...]:
        """The shipped features and the two similarity features."""
        sim = self.per_fact(query.text)
        top = ranked[0]
        other = next((c for c in ranked[1:] if not siblings(top, c)), None)
        top_sim = float(sim[top.fact])
        other_sim = float(sim[other.fact]) if other is not None else 0.0
        return (*features(query, ranked), top_sim, top_sim - other_sim)

    def ranked_features(self, query: Query, ranked: list[Candidate]) -> tuple[float, ...]:
        """Those and sim_rank: how many facts the model finds closer than the first
        candidate (capped at 5, over 5)."""
        sim = self.per_fact(query.text)
        rank = float((sim > sim[ranked[0].fact]).sum())
        return (*self.features(query, ranked), min(rank, 5.0) / 5.0)

    def rank_only(self, query: Query, ranked: list[Candidate]) -> tuple[float, ...]:
        """The shipped features and sim_rank alone."""
        values = self.ranked_features(query, ranked)
        return (*values[: len(FEATURES)], values[-1])


def patched(extra: Callable[[Query, list[Candidate]], tuple[float, ...]] | None) -> None:
    """Make the engine's decision (and the fitting code) use these features."""
    chosen = features if extra is None else extra
    decision.features = chosen  # type: ignore[assignment]
    fit_gate.features = chosen  # type: ignore[assignment]


def auc(gate: GateWeights, found: Sequence[Case]) -> float:
    """The probability that a right first candidate outranks a wrong one."""
    p = np.array([probability(gate, c.values) for c in found])
    return _auc(p, np.array([c.right for c in found]))


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    pos, neg = p[y], p[~y]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def auc_gain(base: np.ndarray, other: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """A paired bootstrap of other's AUC gain over base's: (2.5%, 97.5%, share <= 0)."""
    rng = np.random.default_rng(0)
    gains = []
    for _ in range(2000):
        i = rng.integers(0, len(y), len(y))
        gains.append(_auc(other[i], y[i]) - _auc(base[i], y[i]))
    g = np.array(gains)
    low, high = np.nanpercentile(g, [2.5, 97.5])
    return float(low), float(high), float(np.nanmean(g <= 0))


def curve(engine: Engine, gate: GateWeights, questions: list[Any]) -> list[tuple[float, ...]]:
    """(likely, correct, false, abstain) of the whole engine per threshold."""
    rows = []
    for t in STEPS:
        tuning = dataclasses.replace(
            DEFAULT_TUNING, gate=gate, likely=t, confident=max(t, DEFAULT_TUNING.confident)
        )
        r = evaluate(engine.with_tuning(tuning), questions)
        rows.append((t, r.accuracy, r.false_answer_rate, r.abstention))
    return rows


def crossval(knowledge: Knowledge, model: Any, gates: list[tuple[str, str, GateWeights]]) -> None:
    """eval/crossval.py's cases (leave-one-phrasing-out, perturbed phrasings, unanswerable;
    its tuning-split groups are training cases here and are left out) under each gate.
    A left-out phrasing is unknown to the similarity too: each engine embeds its own."""
    cases = [c for c in make_cases(knowledge, 0) if not c.group.startswith("tuning")]
    engines = build_engines(knowledge, cases)
    sims = {key: Similarity(model, e) for key, e in engines.items()}
    print(f"\n== crossval: {len(cases)} cases, {len(engines)} engines")
    for name, method, gate in gates:
        tuning = dataclasses.replace(DEFAULT_TUNING, gate=gate)
        tallies = {g: Tally() for g in ("crossval", "leave-one-out", "unanswerable")}
        for case in cases:
            patched(getattr(sims[case.engine_key], method) if method else None)
            result = engines[case.engine_key].with_tuning(tuning).answer(case.question)
            tallies["crossval"].add(case, result)
            if case.group in tallies:
                tallies[case.group].add(case, result)
        print(name)
        for group, tally in tallies.items():
            print(f"  {tally.line(group)}")
    patched(None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crossval", action="store_true", help="also run eval/crossval.py cases")
    args = parser.parse_args()
    knowledge = load_knowledge(ROOT / "knowledge").knowledge
    assert knowledge is not None
    engine = Engine.build(knowledge)
    model = load_wordllama()
    sim = Similarity(model, engine)
    print(f"phrasing embeddings: {len(sim.owner)} in {sim.build_seconds:.2f} s")
    training = fit_gate.training_questions(random.Random(fit_gate.SEED))
    fitted: list[tuple[str, str, GateWeights]] = []
    shipped: tuple[np.ndarray, list[str]] | None = None
    splits = {
        "tuning": load_questions(SPLITS["tuning"], "tuning"),
        "check": load_questions(fit_gate.EVAL_DIR / "gate-check.yaml", "check"),
    }
    for name, method, names in (
        ("shipped", "", FEATURES),
        ("semantic", "features", SEMANTIC),
        ("semantic + rank", "ranked_features", RANKED),
        ("rank only", "rank_only", RANK_ONLY),
    ):
        patched(getattr(sim, method) if method else None)
        found = fit_gate.cases(engine, training)
        gate, _found, _text = fit_gate._fit_cases(found, names)
        fitted.append((name, method, gate))
        print(
            f"\n== {name} gate ({len(found)} training cases), training AUC {auc(gate, found):.3f}"
        )
        for n, w in zip(gate.names, gate.weights, strict=True):
            print(f"  {n:<14}{w:+.3f}")
        for split, questions in splits.items():
            decided = fit_gate.cases(engine, [(q, split) for q in questions])
            print(f"{split}: AUC {auc(gate, decided):.3f} over {len(decided)} gated cases")
            print(f"{'likely':>8}{'correct':>9}{'false':>8}{'abstain':>9}")
            for t, acc, false, abstain in curve(engine, gate, questions):
                print(f"{t:8.2f}{acc:9.1%}{false:8.1%}{abstain:9.1%}")
        p = np.array([probability(gate, c.values) for c in decided])
        y = np.array([c.right for c in decided])
        tuned = engine.with_tuning(dataclasses.replace(DEFAULT_TUNING, gate=gate))
        status = [o.status for o in evaluate(tuned, splits["check"]).outcomes]
        if shipped is None:
            shipped = (p, status)
            continue
        low, high, worse = auc_gain(shipped[0], p, y)
        won = sum(
            a != "correct" and b == "correct" for a, b in zip(shipped[1], status, strict=True)
        )
        lost = sum(
            a == "correct" and b != "correct" for a, b in zip(shipped[1], status, strict=True)
        )
        print(
            f"check vs shipped: AUC gain 95% interval {low:+.3f} .. {high:+.3f} "
            f"(<= 0 in {worse:.1%}); at likely {DEFAULT_TUNING.likely}: {won} won, {lost} lost"
        )
    patched(None)
    if args.crossval:
        crossval(knowledge, model, fitted)
    ms = np.array(sim.embed_seconds) * 1000
    print(
        f"\nquestion embedding + similarity: p50 {np.percentile(ms, 50):.3f} ms, "
        f"p99 {np.percentile(ms, 99):.3f} ms over {len(ms)} questions"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
