"""How far the fact ranking could take accuracy if the abstention gate were perfect.

Run from the repository root:

    uv run python eval/ceiling.py [--split tuning|heldback|all] [--knowledge DIR]

For each answerable golden question (not the "latest" kind) it prints, as
counts and rates only (never the questions themselves, so the held-back split
can be measured without being read):

- covered: some fact's answer and quote hold every key fact;
- top-1 / top-3: such a fact is the first / among the first three the engine ranks;
- answered: the engine's real reply is correct (what evaluate.py calls accuracy).

Top-1 is the ceiling of any gate over this ranking; top-3 is the ceiling of
the "did you mean" buttons.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine import Engine, Reply  # noqa: E402
from eval.crossval import load_or_report  # noqa: E402
from eval.evaluate import Question, load_split, missing_facts, normalize, score  # noqa: E402


@dataclass(slots=True)
class Ceiling:
    """Counts over the answerable questions of one split."""

    questions: int = 0
    covered: int = 0
    top1: int = 0
    top3: int = 0
    answered: int = 0

    def line(self, name: str) -> str:
        """One summary line with rates."""
        n = max(self.questions, 1)
        parts = [f"{name:<9} n={self.questions:<3}"]
        for label, value in (
            ("covered", self.covered),
            ("top-1", self.top1),
            ("top-3", self.top3),
            ("answered", self.answered),
        ):
            parts.append(f"{label} {value:>3} ({100 * value / n:5.1f}%)")
        return "  ".join(parts)


def measure(engine: Engine, questions: Sequence[Question]) -> Ceiling:
    """Where the right fact ranks for each answerable question."""
    facts = engine.knowledge.facts
    texts = [normalize(f"{f.answer} {f.quote}") for f in facts]
    out = Ceiling()
    for question in questions:
        if question.expect is None or question.kind == "latest":
            continue
        out.questions += 1
        right = {i for i, text in enumerate(texts) if not missing_facts(text, question.expect)}
        out.covered += bool(right)
        ranked = [fact for fact, _ in engine.ranked(question.q, 3)]
        out.top1 += bool(ranked) and ranked[0] in right
        out.top3 += any(i in right for i in ranked)
        result = engine.answer(question.q)
        out.answered += isinstance(result, Reply) and score(question, result).status == "correct"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the ceiling of each split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tuning", "heldback", "all"), default="all")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args(argv)
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    engine = Engine.build(knowledge)
    names = ("tuning", "heldback") if args.split == "all" else (args.split,)
    for name in names:
        print(measure(engine, load_split(name)).line(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
