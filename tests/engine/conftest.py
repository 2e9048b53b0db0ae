"""Fixtures for the engine tests: engines over the small sample archive and the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.knowledge.models import Knowledge
from tests.engine.sample import make_knowledge


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The small fixture archive."""
    return make_knowledge()


@pytest.fixture(scope="session")
def engine(knowledge: Knowledge) -> Engine:
    """An engine over the fixture archive (built once: engines are immutable)."""
    return Engine.build(knowledge)


REAL_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="session")
def real_engine() -> Engine:
    """An engine over the repository's knowledge folder (immutable: built once)."""
    result = load_knowledge(REAL_KNOWLEDGE)
    assert result.knowledge is not None, result.errors[:5]
    return Engine.build(result.knowledge)


@pytest.fixture(scope="session")
def bare_engine() -> Engine:
    """An engine over the repository's posts with every curated fact removed: the archive
    as a blog imported without curation (synonyms and posts stay)."""
    result = load_knowledge(REAL_KNOWLEDGE)
    assert result.knowledge is not None, result.errors[:5]
    real = result.knowledge
    bare = Knowledge.create(real.archive, real.posts, (), synonyms=real.synonyms)
    return Engine.build(bare)
