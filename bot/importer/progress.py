"""A one-line progress bar on stderr, for long imports on a terminal only.

Redirected to a file or a pipe (CI, logs, tests), stderr gets no bar: the
carriage returns would only clutter it.
"""

from __future__ import annotations

import time
from typing import Protocol, TextIO

MIN_ITEMS = 200
"""Fewer items than this finish too fast for a bar to help."""
_WIDTH = 30
_INTERVAL = 0.1


class Bar(Protocol):
    """What the importer reports progress to."""

    def advance(self, count: int = 1) -> None: ...

    def close(self) -> None: ...


class _NoBar:
    def advance(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class _TerminalBar:
    def __init__(self, stream: TextIO, label: str, total: int) -> None:
        self.stream = stream
        self.label = label
        self.total = total
        self.done = 0
        self.shown_at = 0.0
        self.drawn = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.shown_at >= _INTERVAL or self.done >= self.total:
            self.shown_at = now
            self._draw()

    def _draw(self) -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(share * _WIDTH)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


class Progress:
    """Makes bars: real ones on a terminal for long runs, silent ones otherwise."""

    def __init__(self, stream: TextIO | None) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream = stream if stream is not None and callable(isatty) and isatty() else None

    def bar(self, label: str, total: int) -> Bar:
        if self.stream is None or total < MIN_ITEMS:
            return _NoBar()
        return _TerminalBar(self.stream, label, total)
