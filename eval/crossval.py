"""Cross-validation of the engine over the knowledge itself (never the held-back split).

Run from the repository root:

    uv run python eval/crossval.py [--knowledge DIR] [--seed N] [--verbose] [--grid]

Three signals:

- leave-one-phrasing-out: for each fact with two or more phrasings, an engine
  is built without one phrasing and asked it; correct = that fact answers.
- perturbations of each left-out phrasing (a dropped word, shuffled word
  order, a general-English synonym, a typo), asked the same way.
- eval/unanswerable-extra.yaml (and the tuning split's unanswerable questions):
  the engine must abstain.

A reply with another fact (or a passage) counts as a wrong answer. --grid
searches the fact thresholds (HIGH, MEDIUM, margin) over these signals plus the
tuning split.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine import Engine, NoAnswer, Reply  # noqa: E402
from bot.engine.tuning import Tuning  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.models import Knowledge  # noqa: E402
from eval.evaluate import SPLITS, load_questions, missing_facts, reply_text  # noqa: E402

EXTRA = Path(__file__).resolve().parent / "unanswerable-extra.yaml"

SYNONYMS: dict[str, str] = {
    "restore": "bring back",
    "restored": "brought back",
    "end": "stop",
    "ended": "stopped",
    "said": "stated",
    "say": "state",
    "says": "states",
    "cancel": "call off",
    "cancelling": "calling off",
    "canceled": "called off",
    "announced": "declared",
    "announce": "declare",
    "decision": "choice",
    "wanted": "wished",
    "want": "wish",
    "why": "for what reason",
    "when": "what date",
    "who": "which person",
    "meeting": "summit",
    "talks": "discussions",
    "agreement": "deal",
    "pact": "accord",
    "deal": "pact",
    "protest": "rally",
    "protesters": "demonstrators",
    "minister": "secretary",
    "president": "leader",
    "country": "nation",
    "military": "armed forces",
    "terminate": "end",
    "terminating": "ending",
    "scrap": "ditch",
    "suspend": "pause",
    "suspended": "paused",
    "big": "large",
    "important": "crucial",
    "begin": "start",
    "began": "started",
    "started": "began",
    "first": "initially",
    "explain": "describe",
    "name": "title",
    "reason": "cause",
    "expected": "predicted",
    "visit": "trip",
    "warned": "cautioned",
    "stance": "position",
    "position": "stance",
    "group": "organization",
}
"""General-English replacements for the synonym perturbation (not the archive's list)."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_KEEP = frozenset({"what", "when", "who", "why", "how", "where", "which", "did", "does", "is"})


@dataclass(frozen=True, slots=True)
class Case:
    """One question asked of one engine; expect is a fact id, or None to abstain."""

    group: str
    question: str
    expect: str | None
    engine_key: tuple[str, int] | None
    """(fact id, left-out phrasing) of a leave-one-out engine; None: the full engine."""
    golden: tuple[tuple[str, ...], ...] | None = None
    """Key facts of a golden (tuning) question, checked instead of the fact id."""


@dataclass(slots=True)
class Tally:
    """Counts for one group of cases."""

    correct: int = 0
    wrong: int = 0
    abstained: int = 0
    answerable: int = 0
    unanswerable: int = 0
    false_on_unanswerable: int = 0

    def add(self, case: Case, result: Reply | NoAnswer) -> str:
        """Count one result; returns its status."""
        if case.expect is None and case.golden is None:
            self.unanswerable += 1
            if isinstance(result, NoAnswer):
                self.abstained += 1
                return "abstained"
            self.false_on_unanswerable += 1
            return "false-answer"
        self.answerable += 1
        if isinstance(result, NoAnswer):
            return "missed"
        if case.golden is not None:
            ok = not missing_facts(reply_text(result), case.golden)
        else:
            ok = result.fact_id == case.expect
        if ok:
            self.correct += 1
            return "correct"
        self.wrong += 1
        return "wrong"

    def line(self, name: str) -> str:
        """One summary line."""
        total = self.answerable + self.unanswerable
        parts = [f"{name:<14} n={total:<4}"]
        if self.answerable:
            parts.append(f"acc {100 * self.correct / self.answerable:5.1f}%")
            parts.append(f"missed {self.answerable - self.correct - self.wrong:<3}")
            parts.append(f"wrong {self.wrong:<3}")
        if self.unanswerable:
            parts.append(f"abstain {100 * self.abstained / self.unanswerable:5.1f}%")
        false = self.wrong + self.false_on_unanswerable
        parts.append(f"false {100 * false / max(total, 1):5.1f}%")
        return "  ".join(parts)


# ---- perturbations


def drop_word(text: str, rng: random.Random) -> str | None:
    """Remove one content-looking word (not the question word)."""
    words = text.split()
    idx = [i for i, w in enumerate(words) if len(w) > 3 and w.lower() not in _KEEP]
    if len(words) < 4 or not idx:
        return None
    i = rng.choice(idx)
    return " ".join(words[:i] + words[i + 1 :])


def swap_order(text: str, rng: random.Random) -> str | None:
    """Swap two adjacent words after the first."""
    words = text.rstrip("?").split()
    if len(words) < 4:
        return None
    i = rng.randrange(1, len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def synonym(text: str, rng: random.Random) -> str | None:
    """Replace one word with a general-English synonym."""
    hits = [m for m in _WORD.finditer(text) if m.group(0).lower() in SYNONYMS]
    if not hits:
        return None
    m = rng.choice(hits)
    return text[: m.start()] + SYNONYMS[m.group(0).lower()] + text[m.end() :]


def typo(text: str, rng: random.Random) -> str | None:
    """Swap two letters (or drop one) inside one word of 5+ letters."""
    hits = [m for m in _WORD.finditer(text) if len(m.group(0)) >= 5]
    if not hits:
        return None
    m = rng.choice(hits)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 2)
    swapped = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    w = swapped if rng.random() < 0.5 else w[:i] + w[i + 1 :]
    return text[: m.start()] + w + text[m.end() :]


PERTURB: dict[str, Callable[[str, random.Random], str | None]] = {
    "drop-word": drop_word,
    "swap-order": swap_order,
    "synonym": synonym,
    "typo": typo,
}


# ---- cases and engines


def make_cases(knowledge: Knowledge, seed: int) -> list[Case]:
    """Leave-one-out, perturbation, unanswerable and tuning-split cases."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for fact in knowledge.facts:
        if len(fact.questions) < 2:
            continue
        for i, q in enumerate(fact.questions):
            key = (fact.id, i)
            cases.append(Case("leave-one-out", q, fact.id, key))
            for name, fn in PERTURB.items():
                changed = fn(q, rng)
                if changed is not None and changed != q:
                    cases.append(Case(name, changed, fact.id, key))
    extra = yaml.safe_load(EXTRA.read_text(encoding="utf-8"))["questions"]
    cases += [Case("unanswerable", str(q), None, None) for q in extra]
    for q in load_questions(SPLITS["tuning"], "tuning"):
        group = "tuning-unans" if q.expect is None else "tuning"
        cases.append(Case(group, q.q, None, None, q.expect))
    return cases


def without_phrasing(knowledge: Knowledge, fact_id: str, index: int) -> Knowledge:
    """The same knowledge with one phrasing of one fact removed."""
    facts = []
    for fact in knowledge.facts:
        if fact.id == fact_id:
            kept = tuple(q for j, q in enumerate(fact.questions) if j != index)
            fact = dataclasses.replace(fact, questions=kept)
        facts.append(fact)
    return Knowledge.create(
        knowledge.archive,
        knowledge.posts,
        facts,
        synonyms=knowledge.synonyms,
        version=f"{knowledge.version}-{fact_id}-{index}",
    )


def build_engines(
    knowledge: Knowledge, cases: Iterable[Case]
) -> dict[tuple[str, int] | None, Engine]:
    """The full engine and one leave-one-out engine per left-out phrasing."""
    engines: dict[tuple[str, int] | None, Engine] = {None: Engine.build(knowledge)}
    for case in cases:
        key = case.engine_key
        if key is not None and key not in engines:
            engines[key] = Engine.build(without_phrasing(knowledge, *key))
    return engines


GROUPS = (
    "leave-one-out",
    "drop-word",
    "swap-order",
    "synonym",
    "typo",
    "unanswerable",
    "tuning",
    "tuning-unans",
)


def run(
    cases: list[Case],
    engines: dict[tuple[str, int] | None, Engine],
    verbose: bool = False,
) -> dict[str, Tally]:
    """Ask every case; tallies per group plus 'crossval' (all but the tuning split)."""
    tallies = {g: Tally() for g in (*GROUPS, "crossval")}
    for case in cases:
        result = engines[case.engine_key].answer(case.question)
        status = tallies[case.group].add(case, result)
        if not case.group.startswith("tuning"):
            tallies["crossval"].add(case, result)
        if verbose and status in ("wrong", "false-answer", "missed"):
            got = (
                f"NoAnswer {result.score:.1f}"
                if isinstance(result, NoAnswer)
                else f"{result.fact_id or result.kind} {result.score:.1f}"
            )
            print(f"[{status}] {case.group}: {case.question!r} want={case.expect} got={got}")
    return tallies


def objective(t: dict[str, Tally]) -> float:
    """Correct answers minus 3x wrong answers (a wrong answer costs more than a miss)."""
    good = t["crossval"].correct + t["tuning"].correct
    bad = (
        t["crossval"].wrong
        + t["crossval"].false_on_unanswerable
        + t["tuning"].wrong
        + t["tuning-unans"].false_on_unanswerable
    )
    return good - 3.0 * bad


def grid(cases: list[Case], engines: dict[tuple[str, int] | None, Engine]) -> None:
    """Sweep the gate's thresholds (Tuning.likely / confident); print the best settings."""
    rows: list[tuple[float, float, float]] = []
    for likely in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9):
        for confident in (0.85, 0.9, 0.92, 0.95):
            if confident < likely:
                continue
            tuning = Tuning(likely=likely, confident=confident)
            tuned = {key: engine.with_tuning(tuning) for key, engine in engines.items()}
            rows.append((objective(run(cases, tuned)), likely, confident))
    rows.sort(reverse=True)
    for value, likely, confident in rows[:10]:
        print(f"objective {value:7.1f}  likely {likely}  confident {confident}")


def load_or_report(folder: Path) -> Knowledge | None:
    """The knowledge in a folder, or None after printing its errors to stderr."""
    try:
        result = load_knowledge(folder)
    except (FileNotFoundError, NotADirectoryError) as exc:
        print(exc, file=sys.stderr)
        return None
    for problem in result.errors:
        print(problem, file=sys.stderr)
    return result.knowledge


def main(argv: list[str] | None = None) -> int:
    """Build the engines, ask every case, print the rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--grid", action="store_true")
    args = parser.parse_args(argv)
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    cases = make_cases(knowledge, args.seed)
    engines = build_engines(knowledge, cases)
    tallies = run(cases, engines, args.verbose)
    for name in (*GROUPS, "crossval"):
        print(tallies[name].line(name))
    print(f"objective {objective(tallies):.1f}")
    if args.grid:
        grid(cases, engines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
