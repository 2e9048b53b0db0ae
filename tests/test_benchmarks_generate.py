"""The synthetic archive generator used by the scale benchmarks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.knowledge import load_knowledge

GENERATE_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_generate", GENERATE_PY)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def folder(gen: ModuleType, tmp_path: Path) -> Path:
    out = tmp_path / "kb"
    gen.generate(out, 20, seed=3)
    return out


def test_generated_folder_loads_without_errors(folder: Path) -> None:
    """A generated 20-post folder loads with no errors and the expected counts."""
    result = load_knowledge(folder)
    assert result.errors == ()
    assert result.knowledge is not None
    assert len(result.knowledge.posts) == 20
    assert 40 <= len(result.knowledge.facts) <= 80


def test_chunked_layout_loads_without_errors(gen: ModuleType, tmp_path: Path) -> None:
    """The chunked layout (many posts per file) also loads with no errors."""
    gen.generate(tmp_path / "kb", 20, seed=3, layout="chunked")
    result = load_knowledge(tmp_path / "kb")
    assert result.errors == ()


def test_generation_is_deterministic(gen: ModuleType, folder: Path, tmp_path: Path) -> None:
    """The same seed writes byte-identical files."""
    again = tmp_path / "again"
    gen.generate(again, 20, seed=3)
    first = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.yaml")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.yaml")}
    assert first == second


def test_every_quote_is_verbatim_in_its_post(gen: ModuleType) -> None:
    """Every fact's quote is a substring of its post's body or one of its quotes."""
    vocab = gen.Vocabulary(5)
    for index in range(50):
        post = gen.make_post(vocab, 5, index)
        texts = [post.body, *(q[0] for q in post.quotes)]
        for fact in post.facts:
            assert any(fact.quote in text for text in texts), fact.id


def test_make_questions_mixes_facts_and_noise(gen: ModuleType, folder: Path) -> None:
    """make_questions returns n questions, about a fifth of them noise (None)."""
    questions = gen.make_questions(folder, 200, seed=1)
    noise = sum(1 for _, expected in questions if expected is None)
    assert len(questions) == 200
    assert 20 <= noise <= 70


def test_make_questions_expects_existing_fact_ids(gen: ModuleType, folder: Path) -> None:
    """Every expected fact id names a fact written to the folder."""
    written = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml"))
    for _, expected in gen.make_questions(folder, 100, seed=2):
        if expected is not None:
            assert f"id: {expected}\n" in written
