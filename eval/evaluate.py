"""Golden-question evaluation: ask the engine every golden question and score it.

Run from the repository root:

    uv run python eval/evaluate.py [--split tuning|heldback|all] [--knowledge DIR]
                                   [--no-facts] [--verbose] [--json]

A question is either answerable (`expect`: key facts the reply must contain)
or unanswerable (`expect: abstain`: the engine must return a NoAnswer). The
scoring is importable (`load_questions`, `evaluate`) for tests/test_golden.py.

With `--no-facts` the knowledge loses its curated facts (posts, archive and
synonyms stay): the archive as a blog imported without curation. Its answers come
from the posts' own sentences, and they are judged more strictly (see
`score_without_facts`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so `python eval/evaluate.py` finds the `bot` package
    sys.path.insert(0, str(ROOT))

from bot.engine.types import NoAnswer, Reply  # noqa: E402
from bot.knowledge.models import Knowledge, Post  # noqa: E402

EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_KNOWLEDGE = ROOT / "knowledge"
SPLITS: dict[str, Path] = {
    "tuning": EVAL_DIR / "golden-tuning.yaml",
    "heldback": EVAL_DIR / "golden-heldback.yaml",
}
"""The splits `--split all` and tests/test_golden.py score."""
SCORE_ONCE = EVAL_DIR / "golden-scoreonce.yaml"
"""Written before the engine change of issue 8 and scored once, at its end
(`--split scoreonce`): never tune on it, never score it twice for a change."""
ALL_SPLITS: dict[str, Path] = {
    **SPLITS,
    "scoreonce": SCORE_ONCE,
    "train": EVAL_DIR / "gate-train.yaml",
    "check": EVAL_DIR / "gate-check.yaml",
}
"""Also: the gate's training questions (eval/fit_gate.py) and its threshold check."""
KINDS = (
    "direct",
    "casual",
    "misspelled",
    "paraphrase",
    "date",
    "latest",
    "intent",
    "view",
    "trap",
    "unanswerable",
)
ABSTAIN_KINDS = frozenset({"trap", "unanswerable"})
"""Kinds the archive does not answer (expect: abstain): off-topic, and near-topic traps."""
ABSTAIN = "abstain"

Status = Literal["correct", "wrong", "missed", "abstained", "false-answer"]
"""correct: Reply with every key fact; wrong: Reply missing a key fact;
missed: NoAnswer to an answerable question; abstained: NoAnswer to an
unanswerable one; false-answer: Reply to an unanswerable one."""

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Casefold, ASCII quotes and dashes, one space between words."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE).casefold()
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Question:
    """One golden question; `expect` is None when the engine must abstain."""

    q: str
    kind: str
    expect: tuple[tuple[str, ...], ...] | None
    split: str
    note: str | None = None

    @property
    def answerable(self) -> bool:
        """True when the archive answers it (the engine must reply)."""
        return self.expect is not None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine did with one question, and how that scores."""

    question: Question
    result: Reply | NoAnswer
    status: Status
    missing: tuple[tuple[str, ...], ...] = ()
    """Key facts (each a group of alternatives) absent from a Reply."""
    suggestion_correct: bool = False
    """For a missed question: the first suggested question's answer has every key fact
    (the user is one click away from the answer in Discord)."""

    @property
    def passed(self) -> bool:
        """True for a correct answer or a right abstention."""
        return self.status in ("correct", "abstained")


def _ratio(num: int, den: int) -> float:
    return num / den if den else math.nan


@dataclass(frozen=True, slots=True)
class KindStats:
    """Counts for one kind of question."""

    kind: str
    total: int
    passed: int
    false_answers: int
    abstained: int

    @property
    def pass_rate(self) -> float:
        """Share that passed: correct answers, or abstentions for unanswerable."""
        return _ratio(self.passed, self.total)


@dataclass(frozen=True, slots=True)
class Report:
    """Scores of one run over a list of questions."""

    outcomes: tuple[Outcome, ...]

    def _count(self, *statuses: Status) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def total(self) -> int:
        """Number of questions asked."""
        return len(self.outcomes)

    @property
    def answerable(self) -> int:
        """Questions the archive answers."""
        return self._count("correct", "wrong", "missed")

    @property
    def unanswerable(self) -> int:
        """Questions the engine must abstain on."""
        return self._count("abstained", "false-answer")

    @property
    def accuracy(self) -> float:
        """Answerable questions whose Reply contains every key fact."""
        return _ratio(self._count("correct"), self.answerable)

    @property
    def abstention(self) -> float:
        """Unanswerable questions that got a NoAnswer."""
        return _ratio(self._count("abstained"), self.unanswerable)

    @property
    def false_answers(self) -> int:
        """Replies that fail their key facts plus Replies to unanswerable questions."""
        return self._count("wrong", "false-answer")

    @property
    def false_answer_rate(self) -> float:
        """False answers over all questions."""
        return _ratio(self.false_answers, self.total)

    @property
    def one_click(self) -> float:
        """Answerable questions answered, or whose first suggestion answers them."""
        hits = sum(1 for o in self.outcomes if o.status == "correct" or o.suggestion_correct)
        return _ratio(hits, self.answerable)

    @property
    def wrong_but_abstained(self) -> int:
        """Answerable questions the engine abstained on (safe, but a miss)."""
        return self._count("missed")

    def failures(self) -> tuple[Outcome, ...]:
        """Every outcome that did not pass, in question order."""
        return tuple(o for o in self.outcomes if not o.passed)

    def by_kind(self) -> tuple[KindStats, ...]:
        """Per-kind counts, in the canonical kind order."""
        rows = []
        present = [k for k in KINDS if any(o.question.kind == k for o in self.outcomes)]
        extra = sorted({o.question.kind for o in self.outcomes} - set(KINDS))
        for kind in present + extra:
            group = [o for o in self.outcomes if o.question.kind == kind]
            rows.append(
                KindStats(
                    kind=kind,
                    total=len(group),
                    passed=sum(1 for o in group if o.passed),
                    false_answers=sum(1 for o in group if o.status in ("wrong", "false-answer")),
                    abstained=sum(1 for o in group if isinstance(o.result, NoAnswer)),
                )
            )
        return tuple(rows)

    def metrics(self) -> dict[str, float | int]:
        """The headline numbers as a plain dict."""
        return {
            "questions": self.total,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "accuracy": self.accuracy,
            "abstention": self.abstention,
            "false_answer_rate": self.false_answer_rate,
            "false_answers": self.false_answers,
            "wrong_but_abstained": self.wrong_but_abstained,
            "one_click": self.one_click,
        }


class Answerer(Protocol):
    """Anything with the engine's `answer` method (the real Engine or a fake)."""

    def answer(self, question: str) -> Reply | NoAnswer: ...


# ---- loading


class GoldenFormatError(ValueError):
    """A golden file does not follow the schema."""


def _parse_expect(raw: object, where: str) -> tuple[tuple[str, ...], ...] | None:
    if raw == ABSTAIN:
        return None
    if not isinstance(raw, list) or not raw:
        raise GoldenFormatError(f"{where}: expect must be 'abstain' or a non-empty list")
    groups: list[tuple[str, ...]] = []
    for i, group in enumerate(raw):
        if isinstance(group, str):
            group = [group]
        if (
            not isinstance(group, list)
            or not group
            or not all(isinstance(alt, str) and alt.strip() for alt in group)
        ):
            raise GoldenFormatError(
                f"{where}: expect[{i}] must be a non-empty list of non-empty strings"
            )
        groups.append(tuple(group))
    return tuple(groups)


def load_questions(path: Path, split: str | None = None) -> list[Question]:
    """Read and check one golden YAML file."""
    split = split or path.stem.removeprefix("golden-")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise GoldenFormatError(f"{path}: expected a mapping with a 'questions' list")
    if set(data) != {"questions"}:
        raise GoldenFormatError(
            f"{path}: unknown top-level keys {sorted(set(data) - {'questions'})}"
        )
    out: list[Question] = []
    for i, item in enumerate(data["questions"]):
        where = f"{path.name}: questions[{i}]"
        if not isinstance(item, dict):
            raise GoldenFormatError(f"{where}: must be a mapping")
        unknown = set(item) - {"q", "kind", "expect", "note"}
        if unknown:
            raise GoldenFormatError(f"{where}: unknown fields {sorted(unknown)}")
        q, kind, note = item.get("q"), item.get("kind"), item.get("note")
        if not isinstance(q, str):
            raise GoldenFormatError(f"{where}: q must be a string")
        if kind not in KINDS:
            raise GoldenFormatError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if note is not None and not isinstance(note, str):
            raise GoldenFormatError(f"{where}: note must be a string")
        expect = _parse_expect(item.get("expect"), where)
        if (kind in ABSTAIN_KINDS) != (expect is None):
            raise GoldenFormatError(
                f"{where}: kinds 'trap' and 'unanswerable' go with expect: abstain, and only they"
            )
        out.append(Question(q=q, kind=kind, expect=expect, split=split, note=note))
    return out


def load_split(name: str) -> list[Question]:
    """Questions of one split ('tuning', 'heldback') or of both ('all')."""
    names = list(SPLITS) if name == "all" else [name]
    return [q for n in names for q in load_questions(ALL_SPLITS[n], n)]


# ---- scoring


def reply_text(reply: Reply) -> str:
    """The text the key facts are looked for in: the answer and the quote."""
    return normalize(f"{reply.answer} {reply.quote}")


def contains(text: str, key: str) -> bool:
    """True when the normalized key occurs in the text starting at a word boundary.

    A stem matches longer words ("restor" in "restored"), but a key never
    matches inside another word ("hat" is not found in "that").
    """
    key = normalize(key)
    boundary = r"(?<![^\W_])" if key[:1].isalnum() else ""
    return re.search(boundary + re.escape(key), text) is not None


def missing_facts(text: str, expect: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Key-fact groups of which no alternative occurs in the normalized text."""
    return tuple(tuple(group) for group in expect if not any(contains(text, a) for a in group))


def score(question: Question, result: Reply | NoAnswer) -> Outcome:
    """Classify one engine result against its question."""
    if isinstance(result, NoAnswer):
        return Outcome(question, result, "missed" if question.answerable else "abstained")
    if question.expect is None:
        return Outcome(question, result, "false-answer")
    missing = missing_facts(reply_text(result), question.expect)
    return Outcome(question, result, "wrong" if missing else "correct", missing)


_NOTE_POST = re.compile(r"^post:\s*(?P<title>.+?)\s*(\(\d{4}(-\d\d){0,2}\))?$")
_TITLE_WORD = re.compile(r"[a-z0-9]+")


def _title_words(text: str) -> set[str]:
    return set(_TITLE_WORD.findall(normalize(text)))


def note_post(question: Question, posts: Sequence[Post]) -> str | None:
    """The id of the post a question's note names ("post: <title>"), or None.

    Notes give titles, sometimes shortened ("... Next Week's SCM is Last Chance"):
    the post is the one whose title holds the largest share of the note's words.
    A note that fits no title, or two equally, is a GoldenFormatError.
    """
    match = _NOTE_POST.match(question.note or "")
    if match is None:
        return None
    words = _title_words(match.group("title"))
    shares = sorted(
        ((len(words & _title_words(p.title)) / len(words), p.id) for p in posts), reverse=True
    )
    if (
        not shares
        or shares[0][0] < NOTE_TITLE_SHARE
        or (len(shares) > 1 and shares[1][0] == shares[0][0])
    ):
        raise GoldenFormatError(f"note of {question.q!r} names no single post: {question.note!r}")
    return shares[0][1]


NOTE_TITLE_SHARE = 0.8
"""At least this share of a note's title words must be in the post's title."""


def score_without_facts(question: Question, result: Reply | NoAnswer, post: str | None) -> Outcome:
    """score(), judged as the facts-removed evaluation judges a passage answer.

    A passage Reply is correct only when it comes from the post the question's note
    names (`post`: the post its expected fact belongs to) and its quote, the
    verbatim passage, holds every key fact: the short answer is a sentence of the
    quote, and a right detail quoted from another post is a lucky guess, not an
    answer. Other Replies (newest post, how many) are judged as score() judges them.
    """
    outcome = score(question, result)
    if not isinstance(result, Reply) or result.kind != "passage" or question.expect is None:
        return outcome
    missing = missing_facts(normalize(result.quote), question.expect)
    if missing or (post is not None and result.post_id != post):
        return Outcome(question, result, "wrong", missing)
    return Outcome(question, result, "correct")


def without_facts(knowledge: Knowledge) -> Knowledge:
    """The same archive, posts and synonyms with no curated facts."""
    return Knowledge.create(
        knowledge.archive,
        knowledge.posts,
        (),
        synonyms=knowledge.synonyms,
        version=f"{knowledge.version}-nofacts",
    )


def evaluate(
    engine: Answerer, questions: Iterable[Question], *, posts: Sequence[Post] | None = None
) -> Report:
    """Ask every question and score the results.

    With `posts` (the facts-removed evaluation), passage replies are judged by
    score_without_facts against the post each question's note names.
    """
    outcomes = []
    for question in questions:
        result = engine.answer(question.q)
        if posts is None:
            outcome = score(question, result)
        else:
            outcome = score_without_facts(question, result, note_post(question, posts))
        result = outcome.result
        if outcome.status == "missed" and isinstance(result, NoAnswer) and result.suggestions:
            follow = engine.answer(result.suggestions[0].question)
            if isinstance(follow, Reply) and question.expect is not None:
                ok = not missing_facts(reply_text(follow), question.expect)
                outcome = dataclasses.replace(outcome, suggestion_correct=ok)
        outcomes.append(outcome)
    return Report(tuple(outcomes))


# ---- output


def _pct(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:5.1f}%"


def format_report(name: str, report: Report, *, verbose: bool = False) -> str:
    """A plain-text summary, a per-kind table and, when verbose, every failure."""
    lines = [
        f"== {name}: {report.total} questions "
        f"({report.answerable} answerable, {report.unanswerable} unanswerable)",
        f"accuracy (answerable)       {_pct(report.accuracy)}",
        f"abstention (unanswerable)   {_pct(report.abstention)}",
        f"false answers (all)         {_pct(report.false_answer_rate)}  ({report.false_answers})",
        f"wrong but abstained         {report.wrong_but_abstained}",
        f"answered or first suggestion right  {_pct(report.one_click)}",
        "",
        f"{'kind':<14}{'n':>4}{'pass':>6}{'rate':>8}{'false':>7}{'abstain':>9}",
    ]
    for row in report.by_kind():
        lines.append(
            f"{row.kind:<14}{row.total:>4}{row.passed:>6}{_pct(row.pass_rate):>8}"
            f"{row.false_answers:>7}{row.abstained:>9}"
        )
    if verbose and report.failures():
        lines += ["", "failures:"]
        for o in report.failures():
            lines.append(f"- [{o.status}] ({o.question.kind}) {o.question.q!r}")
            lines.append(f"    expected: {_describe_expect(o.question.expect)}")
            lines.append(f"    got:      {_describe_result(o.result)}")
            if o.missing:
                lines.append(f"    missing:  {' AND '.join('/'.join(g) for g in o.missing)}")
    return "\n".join(lines)


def _describe_expect(expect: tuple[tuple[str, ...], ...] | None) -> str:
    if expect is None:
        return "abstain"
    return " AND ".join("(" + " | ".join(group) + ")" for group in expect)


def _describe_result(result: Reply | NoAnswer) -> str:
    if isinstance(result, NoAnswer):
        hints = "; ".join(s.question for s in result.suggestions)
        return f"NoAnswer reason={result.reason} score={result.score:.1f} suggestions=[{hints}]"
    return (
        f"Reply fact={result.fact_id} kind={result.kind} score={result.score:.1f} "
        f"confidence={result.confidence}\n"
        f"              answer: {result.answer!r}\n"
        f"              quote:  {result.quote!r}"
    )


def report_json(report: Report) -> dict[str, Any]:
    """Metrics, per-kind rows and failures as JSON-ready data."""

    def nan_free(value: float | int) -> float | int | None:
        return None if isinstance(value, float) and math.isnan(value) else value

    return {
        "metrics": {k: nan_free(v) for k, v in report.metrics().items()},
        "by_kind": [
            {
                "kind": r.kind,
                "total": r.total,
                "passed": r.passed,
                "pass_rate": nan_free(r.pass_rate),
                "false_answers": r.false_answers,
                "abstained": r.abstained,
            }
            for r in report.by_kind()
        ],
        "failures": [
            {
                "q": o.question.q,
                "kind": o.question.kind,
                "status": o.status,
                "expect": ABSTAIN
                if o.question.expect is None
                else [list(g) for g in o.question.expect],
                "answer": o.result.answer if isinstance(o.result, Reply) else None,
                "quote": o.result.quote if isinstance(o.result, Reply) else None,
                "fact_id": o.result.fact_id if isinstance(o.result, Reply) else None,
                "score": o.result.score,
            }
            for o in report.failures()
        ],
    }


# ---- command line


def main(argv: Sequence[str] | None = None) -> int:
    """Load the knowledge, build the engine, evaluate the chosen split(s)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*ALL_SPLITS, "all"], default="all")
    parser.add_argument("--knowledge", type=Path, default=DEFAULT_KNOWLEDGE, metavar="DIR")
    parser.add_argument("--verbose", action="store_true", help="list every failure")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--curve", action="store_true", help="also the gate's operating curve per split"
    )
    parser.add_argument(
        "--no-facts",
        action="store_true",
        help="remove the curated facts: answers come from the posts' sentences",
    )
    args = parser.parse_args(argv)

    from bot.engine import Engine
    from bot.knowledge import load_knowledge

    try:
        result = load_knowledge(args.knowledge)
    except (FileNotFoundError, NotADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not result.ok or result.knowledge is None:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print(f"error: knowledge in {args.knowledge} is invalid", file=sys.stderr)
        return 1
    knowledge = without_facts(result.knowledge) if args.no_facts else result.knowledge
    judged = knowledge.posts if args.no_facts else None
    started = time.perf_counter()
    engine = Engine.build(knowledge)
    build_s = time.perf_counter() - started

    names = list(SPLITS) if args.split == "all" else [args.split]
    try:
        questions = {name: load_questions(ALL_SPLITS[name], name) for name in names}
    except GoldenFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        reports = {name: evaluate(engine, qs, posts=judged) for name, qs in questions.items()}
    except GoldenFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if len(names) > 1:
        reports["all"] = Report(tuple(o for r in list(reports.values()) for o in r.outcomes))

    if args.json:
        payload: dict[str, Any] = {name: report_json(r) for name, r in reports.items()}
        payload["engine_build_seconds"] = round(build_s, 3)
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        facts = len(knowledge.facts)
        posts = len(knowledge.posts)
        print(f"knowledge: {posts} posts, {facts} facts; engine built in {build_s:.2f} s\n")
        blocks = [
            format_report(name, r, verbose=args.verbose and name != "all")
            for name, r in reports.items()
        ]
        print("\n\n".join(blocks))
        if args.curve:
            for name, qs in questions.items():
                print(f"\n== {name}: operating curve (likely threshold)")
                print("\n".join(operating_curve(engine, qs, posts=judged)))
    return 0


CURVE_STEPS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def operating_curve(
    engine: Any, questions: Sequence[Question], *, posts: Sequence[Post] | None = None
) -> list[str]:
    """Correct and false answers as the gate's `likely` threshold moves (the rest fixed).

    With `posts` (the facts-removed evaluation), the passage gate's `passage_likely`
    moves instead, since passages give every answer there.
    """
    from bot.engine.tuning import DEFAULT_TUNING

    name = "passage_likely" if posts is not None else "likely"
    ceiling = "passage_confident" if posts is not None else "confident"
    shipped = getattr(DEFAULT_TUNING, name)
    lines = [f"{name:>15}{'correct':>9}{'false':>8}{'abstain':>9}"]
    for step in CURVE_STEPS:
        tuning = dataclasses.replace(
            DEFAULT_TUNING,
            **{name: step, ceiling: max(step, getattr(DEFAULT_TUNING, ceiling))},
        )
        report = evaluate(engine.with_tuning(tuning), questions, posts=posts)
        mark = "  <- shipped" if math.isclose(step, shipped) else ""
        lines.append(
            f"{step:15.2f}{_pct(report.accuracy):>9}{_pct(report.false_answer_rate):>8}"
            f"{_pct(report.abstention):>9}{mark}"
        )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
