"""Golden questions: the engine answers what the archive says and abstains on the rest.

The scoring lives in eval/evaluate.py. The targets of issue 8 (75% accuracy, 95%
abstention, at most 2% false answers on the held-back split) are NOT met yet;
see eval/README.md for the measured numbers. The score-once split is never
scored here. These tests hold the engine to
floors a few points under what it measures now, so a change that makes the
answers worse fails here; raise the floors as the engine improves.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

MIN_ACCURACY = {"tuning": 0.76, "heldback": 0.53}
"""Share of answerable questions whose Reply holds every key fact (measured 80.0 / 54.3%)."""
MIN_ABSTENTION = {"tuning": 0.90, "heldback": 0.83}
"""Share of unanswerable questions (traps included) that get a NoAnswer (93.5 / 87.1%)."""
MAX_FALSE_ANSWER_RATE = {"tuning": 0.06, "heldback": 0.08}
"""Wrong Replies plus Replies to unanswerable questions, over all questions (3.2 / 5.6%)."""
MIN_ONE_CLICK = {"tuning": 0.91, "heldback": 0.77}
"""Answered, or the first suggestion button answers it (measured 95.8 / 79.8%)."""

NO_FACTS_MIN_ACCURACY = {"tuning": 0.28, "heldback": 0.24}
"""The same with the curated facts removed, passages judged by post and quote (32.6 / 27.7%)."""
NO_FACTS_MIN_ABSTENTION = {"tuning": 0.90, "heldback": 0.90}
"""(96.8 / 96.8%)."""
NO_FACTS_MAX_FALSE_ANSWER_RATE = {"tuning": 0.06, "heldback": 0.07}
"""(2.4 / 2.4%)."""

MIN_KIND_COUNTS = {
    "unanswerable": 35,
    "misspelled": 22,
    "paraphrase": 28,
    "casual": 10,
    "date": 8,
    "latest": 5,
    "trap": 20,
    "intent": 15,
    "view": 15,
}
MIN_QUESTIONS = 240

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_DIR = ROOT / "knowledge"
EVALUATE_PY = ROOT / "eval" / "evaluate.py"
SPLITS = ("tuning", "heldback")


def _import_evaluate() -> ModuleType:
    """Import eval/evaluate.py by path (eval/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("golden_evaluate", EVALUATE_PY)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def golden() -> ModuleType:
    """The evaluation module."""
    return _import_evaluate()


@pytest.fixture(scope="module")
def golden_engine() -> Any:
    """The engine built from the real knowledge folder."""
    from bot.engine import Engine
    from bot.knowledge import load_knowledge

    result = load_knowledge(KNOWLEDGE_DIR)
    assert result.ok, "\n".join(str(p) for p in result.errors)
    assert result.knowledge is not None
    return Engine.build(result.knowledge)


@pytest.fixture(scope="module")
def golden_reports(golden: ModuleType, golden_engine: Any) -> dict[str, Any]:
    """One evaluation report per split."""
    return {name: golden.evaluate(golden_engine, golden.load_split(name)) for name in SPLITS}


def _explain(golden: ModuleType, split: str, report: Any) -> str:
    """Summary for a failed assertion; failures are listed only for the tuning split."""
    summary: str = golden.format_report(split, report, verbose=split == "tuning")
    return "\n" + summary


@pytest.mark.parametrize("split", SPLITS)
def test_golden_file_loads(golden: ModuleType, split: str) -> None:
    """Each golden file follows the schema and holds a mix of every kind."""
    questions = golden.load_split(split)
    assert {q.kind for q in questions} == set(golden.KINDS)


def test_golden_set_meets_kind_minimums(golden: ModuleType) -> None:
    """Both files together hold at least the agreed number of questions of each kind."""
    questions = golden.load_split("all")
    counts = Counter(q.kind for q in questions)
    short = {k: counts[k] for k, n in MIN_KIND_COUNTS.items() if counts[k] < n}
    assert len(questions) >= MIN_QUESTIONS
    assert short == {}


def test_golden_splits_do_not_overlap(golden: ModuleType) -> None:
    """No question appears twice, within or across the splits."""
    texts = [golden.normalize(q.q) for q in golden.load_split("all")]
    assert [t for t, n in Counter(texts).items() if n > 1] == []


@pytest.mark.parametrize("split", SPLITS)
def test_golden_accuracy(golden: ModuleType, golden_reports: dict[str, Any], split: str) -> None:
    """Answerable golden questions get a Reply holding every key fact often enough."""
    report = golden_reports[split]
    value = report.accuracy
    assert value >= MIN_ACCURACY[split], _explain(golden, split, report)


@pytest.mark.parametrize("split", SPLITS)
def test_golden_abstention(golden: ModuleType, golden_reports: dict[str, Any], split: str) -> None:
    """Unanswerable golden questions get a NoAnswer often enough."""
    report = golden_reports[split]
    value = report.abstention
    assert value >= MIN_ABSTENTION[split], _explain(golden, split, report)


@pytest.mark.parametrize("split", SPLITS)
def test_golden_false_answers(
    golden: ModuleType, golden_reports: dict[str, Any], split: str
) -> None:
    """Wrong or unwarranted Replies stay under the false-answer ceiling."""
    report = golden_reports[split]
    value = report.false_answer_rate
    assert value <= MAX_FALSE_ANSWER_RATE[split], _explain(golden, split, report)


@pytest.mark.parametrize("split", SPLITS)
def test_golden_one_click(golden: ModuleType, golden_reports: dict[str, Any], split: str) -> None:
    """Answerable questions are answered, or the first suggestion button answers them."""
    report = golden_reports[split]
    assert report.one_click >= MIN_ONE_CLICK[split], _explain(golden, split, report)


@pytest.fixture(scope="module")
def no_facts_reports(golden: ModuleType, golden_engine: Any) -> dict[str, Any]:
    """One report per split for the archive with its facts removed (evaluate --no-facts)."""
    from bot.engine import Engine

    bare = golden.without_facts(golden_engine.knowledge)
    engine = Engine.build(bare)
    return {
        name: golden.evaluate(engine, golden.load_split(name), posts=bare.posts) for name in SPLITS
    }


@pytest.mark.parametrize("split", SPLITS)
def test_no_facts_golden_floors(
    golden: ModuleType, no_facts_reports: dict[str, Any], split: str
) -> None:
    """Without facts, passages answer often enough, abstain often enough and rarely wrongly."""
    report = no_facts_reports[split]
    explain = _explain(golden, f"{split} (no facts)", report)
    assert report.accuracy >= NO_FACTS_MIN_ACCURACY[split], explain
    assert report.abstention >= NO_FACTS_MIN_ABSTENTION[split], explain
    assert report.false_answer_rate <= NO_FACTS_MAX_FALSE_ANSWER_RATE[split], explain


def test_every_post_note_names_one_post(golden: ModuleType, golden_engine: Any) -> None:
    """Each "post: <title>" note resolves to exactly one post (the facts-removed judgement
    needs it)."""
    posts = golden_engine.knowledge.posts
    named = [golden.note_post(q, posts) for q in golden.load_split("all")]
    assert sum(n is not None for n in named) >= 150


def _passage_reply(post_id: str, answer: str, quote: str) -> Any:
    import datetime as dt

    from bot.engine import Reply, Tier

    return Reply(
        question="q",
        answer=answer,
        quote=quote,
        quote_source=None,
        post_id=post_id,
        post_title="t",
        post_date=dt.date(2020, 1, 1),
        url="https://example.org/",
        fact_id=None,
        score=90.0,
        tier=Tier.LIKELY,
        confidence=0.9,
        kind="passage",
    )


@pytest.mark.parametrize(
    ("post_id", "answer", "quote", "status"),
    [
        ("right", "It was in 1969.", "It was in 1969.", "correct"),
        ("other", "It was in 1969.", "It was in 1969.", "wrong"),
        ("right", "It was in 1969.", "It was then.", "wrong"),
    ],
)
def test_no_facts_judgement_needs_the_post_and_the_quote(
    golden: ModuleType, post_id: str, answer: str, quote: str, status: str
) -> None:
    """Without facts, a passage is right only from the note's post with the key fact quoted."""
    question = golden.Question(q="when", kind="direct", expect=(("1969",),), split="t")
    outcome = golden.score_without_facts(question, _passage_reply(post_id, answer, quote), "right")
    assert outcome.status == status
