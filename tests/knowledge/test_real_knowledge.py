"""The repository's own knowledge folder is valid and complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.mark.skipif(not KNOWLEDGE.is_dir(), reason="no knowledge/ folder in this checkout")
def test_real_knowledge_is_valid() -> None:
    """knowledge/ loads without errors: 10 posts and at least 40 facts."""
    result = load_knowledge(KNOWLEDGE)
    assert result.errors == (), "\n".join(str(p) for p in result.errors)
    assert result.knowledge is not None
    assert len(result.knowledge.posts) == 10
    assert len(result.knowledge.facts) >= 40
    assert result.knowledge.archive.url.startswith("http")
