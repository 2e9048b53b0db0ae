"""Fixtures for the engine tests: engines over the small sample archive."""

from __future__ import annotations

import pytest

from bot.engine import Engine
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
