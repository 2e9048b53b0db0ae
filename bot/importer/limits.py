"""How much an import reads and how long it waits (light: the CLI imports it at start)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Limits:
    """The source's size cap and download time, and the loader's limits for existing files."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    max_file_bytes: int = 16 * 1024 * 1024
    """The knowledge loader's own limit, for the files already in the folder."""
    max_depth: int = 32
