"""One bot process for the several-process tests, run as
`python -m tests.e2e.fleet_launcher API_BASE GATEWAY_URL` with its settings in the environment.

It points discord.py at the fake Discord (which runs in the test's own process), then runs
`archive-bot run` exactly as production does: the same settings, logging, storage, signal
handling and exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.cli.main import main as archive_bot


def main(argv: Sequence[str]) -> int:
    api_base, gateway_url = argv
    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    return archive_bot(["run"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
