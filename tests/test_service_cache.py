"""A bot restart with CACHE_DIR reuses the saved index instead of rebuilding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.service import ArchiveService
from bot.settings import Settings

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


def make_settings(cache_dir: Path) -> Settings:
    return Settings(_env_file=None, knowledge_dir=KNOWLEDGE, cache_dir=cache_dir)


def test_first_start_saves_the_index(tmp_path: Path) -> None:
    """Starting with a cache folder leaves a saved index there."""
    ArchiveService.start(make_settings(tmp_path))
    assert any((tmp_path / "index").iterdir())


def test_restart_loads_the_saved_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second start answers from the saved index without building one."""
    ArchiveService.start(make_settings(tmp_path))

    def no_build(*args: object, **kwargs: object) -> Engine:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(Engine, "build", no_build)
    service = ArchiveService.start(make_settings(tmp_path))
    reply = service.engine.answer("When was GSOMIA signed?")
    assert "2016" in getattr(reply, "answer", "")
