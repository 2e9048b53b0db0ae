"""Root pytest configuration: kept minimal. Shared fixtures live next to the tests that use
them (tests/e2e/conftest.py holds the fake Discord fixtures); the PostgreSQL server
fixtures (`pg_server`, `pg_database`) are in tests/pgserver.py, for every folder."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

pytest_plugins = ["tests.pgserver"]


@pytest.fixture(autouse=True)
def _restore_root_logging() -> Iterator[None]:
    """The command line's `main()` configures logging on the captured stderr; every test
    gets the root logger back as it found it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
