"""The stored gates are what eval/fit_gate.py produces from the training files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from bot.engine import Engine
from bot.engine.features import FEATURES
from bot.engine.passages import PASSAGE_FEATURES
from bot.engine.tuning import GATE_FILE, PASSAGE_GATE_FILE, load_gate
from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fit_gate() -> ModuleType:
    """eval/fit_gate.py, imported by path (eval/ is a folder of scripts)."""
    spec = importlib.util.spec_from_file_location("fit_gate", ROOT / "eval" / "fit_gate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def curated_engine() -> Engine:
    """An engine over the bundled knowledge, facts and all."""
    result = load_knowledge(ROOT / "knowledge")
    assert result.knowledge is not None
    return Engine.build(result.knowledge)


def test_stored_gate_matches_a_refit(fit_gate: ModuleType, curated_engine: Engine) -> None:
    """Refitting from eval/gate-train.yaml and the tuning split gives gate.json exactly."""
    _gate, found, text = fit_gate.refit(curated_engine)
    assert len(found) > 500
    assert text == GATE_FILE.read_text(encoding="utf-8")


def test_stored_passage_gate_matches_a_refit(fit_gate: ModuleType, curated_engine: Engine) -> None:
    """Refitting the passage gate (the archive without facts, and with) gives
    passage_gate.json exactly."""
    bare = Engine.build(fit_gate.without_facts(curated_engine.knowledge))
    _gate, found, text = fit_gate.refit_passages(bare, curated_engine)
    assert len(found) > 500
    assert text == PASSAGE_GATE_FILE.read_text(encoding="utf-8")


def test_stored_gate_names_the_features_in_order() -> None:
    """The weights line up with the features the engine computes."""
    assert load_gate().names == FEATURES


def test_stored_passage_gate_names_the_features_in_order() -> None:
    """The passage gate's weights line up with the passage features."""
    assert load_gate(PASSAGE_GATE_FILE).names == PASSAGE_FEATURES


def test_the_exported_forest_gives_scikit_learns_probabilities(fit_gate: ModuleType) -> None:
    """The engine walks the stored trees itself (no scikit-learn at run time): on inputs
    it never saw, its probability is the fitted forest's, to the last digit stored."""
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(3)
    values = rng.random((400, 4))
    labels = ((values[:, 0] + values[:, 1] * values[:, 2]) > 0.7).astype(float)
    model = RandomForestClassifier(
        n_estimators=7, max_depth=5, min_samples_leaf=3, random_state=0, n_jobs=1
    ).fit(values, labels)
    forest, _text = fit_gate.export_forest(model.estimators_, ("a", "b", "c", "d"))
    fresh = rng.random((200, 4))
    expected = model.predict_proba(fresh)[:, list(model.classes_).index(1.0)]
    got = np.array([forest.probability(tuple(row)) for row in fresh])
    assert np.abs(got - expected).max() < 1e-5
    assert got.min() < 0.5 < got.max()  # both classes reached: the trees were walked


def test_a_case_more_leaves_every_other_cases_draws_alone(fit_gate: ModuleType) -> None:
    """Each case's bootstrap counts come from the case itself: adding one case changes
    no other case's counts in any tree (a drawn sample re-drew every tree), and the
    counts are bootstrap-like: about one on average, some cases left out."""
    keys = [f"train:question {i}" for i in range(2000)]
    more = [*keys[:700], "train:a new question", *keys[700:]]
    for tree in (0, 1, 239):
        counts = fit_gate.bootstrap_counts(keys, tree)
        again = fit_gate.bootstrap_counts(more, tree)
        assert np.array_equal(np.delete(again, 700), counts)
        assert 0.9 < counts.mean() < 1.1
        assert 0.3 < (counts == 0).mean() < 0.45
    assert not np.array_equal(
        fit_gate.bootstrap_counts(keys, 0), fit_gate.bootstrap_counts(keys, 1)
    )
