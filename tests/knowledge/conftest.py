"""Fixtures for the knowledge loader tests: small folders written into tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import LoadResult, load_knowledge

Writer = Callable[[str, str | bytes], Path]
Loader = Callable[..., LoadResult]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty knowledge folder."""
    path = tmp_path / "kb"
    path.mkdir()
    return path


@pytest.fixture
def write(folder: Path) -> Writer:
    """Write a file (dedented text, or raw bytes) at a path relative to the folder."""

    def _write(relpath: str, content: str | bytes) -> Path:
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def load(folder: Path) -> Loader:
    """Load the folder with optional keyword arguments for load_knowledge."""

    def _load(**kwargs: object) -> LoadResult:
        return load_knowledge(folder, **kwargs)  # type: ignore[arg-type]

    return _load
