"""The stored gate is what eval/fit_gate.py produces from the training files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from bot.engine import Engine
from bot.engine.features import FEATURES
from bot.engine.tuning import GATE_FILE, load_gate
from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


def test_stored_gate_matches_a_refit() -> None:
    """Refitting from eval/gate-train.yaml and the tuning split gives gate.json exactly."""
    spec = importlib.util.spec_from_file_location("fit_gate", ROOT / "eval" / "fit_gate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    result = load_knowledge(ROOT / "knowledge")
    assert result.knowledge is not None
    _gate, found, text = module.refit(Engine.build(result.knowledge))
    assert len(found) > 500
    assert text == GATE_FILE.read_text(encoding="utf-8")


def test_stored_gate_names_the_features_in_order() -> None:
    """The weights line up with the features the engine computes."""
    assert load_gate().names == FEATURES
