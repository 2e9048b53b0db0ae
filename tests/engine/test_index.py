"""Incremental builds and the persisted index give the same answers as a full build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge.models import Knowledge
from tests.engine.sample import FACTS, POSTS, make_knowledge

QUESTIONS = (
    "When was GSOMIA restored?",
    "gsomai got restord on what date?",
    "What did Esper tell Moon about GSOMIA?",
    "When did Kim Il-sung first use the term Gat-Geun Tactic?",
    "what is a quokka marmalade",
    "What is the capital of Australia?",
    "what's the newest post?",
    "what happened in November 2019?",
)


def _changed() -> Knowledge:
    """The sample with one post edited, one fact added and one fact removed."""
    posts = list(POSTS)
    posts[3] = dataclasses.replace(posts[3], body=(posts[3].body or "") + "\n\nA quokka marmalade.")
    facts = [f for f in FACTS if f.id != "gsomia-signed"]
    facts.append(
        dataclasses.replace(
            FACTS[0], id="quokka", questions=("What is a quokka marmalade?",), answer="A jam."
        )
    )
    return make_knowledge(tuple(posts), tuple(facts), version="v2")


def _same(a: Engine, b: Engine, question: str) -> bool:
    return a.answer(question) == b.answer(question)


@pytest.mark.parametrize("question", QUESTIONS)
def test_incremental_build_answers_like_a_full_build(engine: Engine, question: str) -> None:
    """Reusing the previous index after a change answers exactly as a fresh build."""
    changed = _changed()
    incremental = Engine.build(changed, previous=engine)
    full = Engine.build(changed)
    assert _same(incremental, full, question)


def test_incremental_build_sees_new_facts(engine: Engine) -> None:
    """A fact added since the previous build is found."""
    incremental = Engine.build(_changed(), previous=engine)
    assert getattr(incremental.answer("What is a quokka marmalade?"), "fact_id", None) == "quokka"


def test_same_knowledge_reuses_the_engine(engine: Engine, knowledge: Knowledge) -> None:
    """Building again for the very same Knowledge returns the previous engine."""
    assert Engine.build(knowledge, previous=engine) is engine


def test_save_and_load_round_trip(engine: Engine, knowledge: Knowledge, tmp_path: Path) -> None:
    """A saved index loads back for the same version and answers the same."""
    engine.save(tmp_path)
    loaded = Engine.load(tmp_path, knowledge)
    assert loaded is not None
    for question in QUESTIONS:
        assert _same(engine, loaded, question)
    assert loaded.complete("when was") == engine.complete("when was")


def test_load_of_another_version_is_none(engine: Engine, tmp_path: Path) -> None:
    """An index saved for another knowledge version is not used."""
    engine.save(tmp_path)
    assert Engine.load(tmp_path, make_knowledge(version="other")) is None


def test_load_from_empty_dir_is_none(knowledge: Knowledge, tmp_path: Path) -> None:
    """No saved index: None, not an exception."""
    assert Engine.load(tmp_path, knowledge) is None


def test_saved_incremental_engine_round_trips(engine: Engine, tmp_path: Path) -> None:
    """An engine with a delta segment saves and loads too."""
    changed = _changed()
    incremental = Engine.build(changed, previous=engine)
    incremental.save(tmp_path)
    loaded = Engine.load(tmp_path, changed)
    assert loaded is not None
    for question in QUESTIONS:
        assert _same(incremental, loaded, question)
