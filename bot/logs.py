"""Logging, configured once by the command line's `main()`."""

from __future__ import annotations

import logging
import sys


def setup_logging(level: str = "INFO") -> None:
    """Log to stderr with timestamps; quiet discord.py's chatty HTTP logger."""
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        force=True,
    )
    logging.getLogger("discord.http").setLevel(max(logging.getLevelName(level), logging.INFO))
