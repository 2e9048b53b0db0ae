"""Incremental builds and the persisted index give the same answers as a full build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.build import _remap
from bot.knowledge.models import Knowledge
from tests.engine.sample import QUESTIONS, changed_knowledge, make_knowledge


def _same(a: Engine, b: Engine, question: str) -> bool:
    return a.answer(question) == b.answer(question)


@pytest.mark.parametrize("question", QUESTIONS)
def test_incremental_build_answers_like_a_full_build(engine: Engine, question: str) -> None:
    """Reusing the previous index after a change answers exactly as a fresh build."""
    changed = changed_knowledge()
    incremental = Engine.build(changed, previous=engine)
    full = Engine.build(changed)
    assert _same(incremental, full, question)


def test_incremental_build_sees_new_facts(engine: Engine) -> None:
    """A fact added since the previous build is found."""
    incremental = Engine.build(changed_knowledge(), previous=engine)
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
    changed = changed_knowledge()
    incremental = Engine.build(changed, previous=engine)
    incremental.save(tmp_path)
    loaded = Engine.load(tmp_path, changed)
    assert loaded is not None
    for question in QUESTIONS:
        assert _same(incremental, loaded, question)


def test_reload_maps_each_unchanged_item_to_its_new_place() -> None:
    """The reload's old -> new map: the same object at the same place, or the same id
    with equal content elsewhere (a post inserted before it); changed or gone: -1."""
    old = list(make_knowledge().facts)
    inserted = dataclasses.replace(old[0], id="brand-new")
    edited = dataclasses.replace(old[2], answer=old[2].answer + " More.")
    new = [inserted, old[0], old[1], edited, *old[4:]]  # old[3] is gone
    out = _remap(new, old).tolist()
    assert out[:4] == [1, 2, -1, -1]
    assert out[4:-1] == list(range(4, len(old)))
    assert out[-1] == -1  # the spare slot for docs already dead
    copy = [dataclasses.replace(f) for f in old]  # equal content, new objects
    assert _remap(copy, old).tolist()[:-1] == list(range(len(old)))
