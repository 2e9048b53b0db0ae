"""Logging, configured once by the command line's `main()`."""

from __future__ import annotations

import logging
import sys

DISCORD_PAYLOAD_LOGGERS = ("discord.http", "discord.gateway", "discord.webhook.async_")
"""At DEBUG these dump whole requests and gateway events, interaction tokens included."""


def setup_logging(level: str = "INFO", *, discord_debug: bool = False) -> None:
    """Log to stderr with timestamps.

    discord.py's payload loggers stay at INFO even when LOG_LEVEL is DEBUG, unless
    `discord_debug` (LOG_DISCORD_DEBUG) asks for them: their DEBUG lines carry
    interaction tokens, which are secrets for 15 minutes.
    """
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        force=True,
    )
    floor = logging.getLevelName(level)
    for name in DISCORD_PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(floor if discord_debug else max(floor, logging.INFO))
