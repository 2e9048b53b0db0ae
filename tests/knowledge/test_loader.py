"""load_knowledge as a whole: reading files and the LoadResult it returns."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bot.knowledge.loader as loader_module
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.walk import FoundFile

from .conftest import Writer
from .helpers import VALID


def test_load_result_ok_and_counts(folder: Path, write: Writer) -> None:
    """A valid load is ok, counts files, and holds a Knowledge."""
    write("a.yaml", VALID)
    result = load_knowledge(folder)
    assert result.ok
    assert (result.files, result.parsed) == (1, 1)
    assert result.knowledge is not None


def test_errors_fit_knowledge_error(folder: Path, write: Writer) -> None:
    """A failed load's errors can be raised as one KnowledgeError naming the first."""
    write("a.yaml", "posts: [\n")
    result = load_knowledge(folder)
    assert not result.ok
    assert result.knowledge is None
    error = KnowledgeError(result.errors)
    assert str(error).startswith("a.yaml:")


def test_file_growing_past_the_limit_is_caught(
    folder: Path, write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows after fstat is still cut off at the size limit."""
    path = write("big.yaml", "a: " + "x" * 5000 + "\n")
    real_fstat = os.fstat

    def shrunk(fd: int) -> object:
        st = real_fstat(fd)
        return type("St", (), {"st_size": 10, "st_mode": st.st_mode})()

    monkeypatch.setattr(os, "fstat", shrunk)
    st = os.stat(path)
    found = FoundFile("big.yaml", str(path), (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev))
    assert loader_module._read_bytes(found, 1000) == "file is larger than the 1000-byte limit"
    assert loader_module._read_bytes(found, 10_000) == path.read_bytes()
